package io.certgate.demo.tomcat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.http2.Http2Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.scan.StandardJarScanner;

import io.certgate.demo.ContainerDemo;
import io.certgate.demo.DemoLauncher;
import io.certgate.demo.RunningDemo;
import io.certgate.demo.ServerSetup;
import io.certgate.demo.TomcatSslContext;
import io.certgate.demo.ServerStarter;

/**
 * The CertGate demo on embedded Tomcat 11: the demo web application, with CertGate configured by its
 * {@code WEB-INF/web.xml}, on HTTPS (client certificate wanted, not needed) and on plain HTTP for a proxy.
 * Unless {@code --no-http2}, HTTPS offers {@code h2} next to {@code http/1.1} by ALPN, and the HTTP entrance
 * takes {@code h2c} by prior knowledge or by {@code Upgrade: h2c}.
 *
 * <p>From the repository root: {@code mvn -q -pl tomcat-demo -am compile exec:java}, with flags after
 * {@code -Dexec.args="--https-port 0"}; {@code --help} lists them. Everything but starting Tomcat is in
 * {@code demo-common}, shared with the Jetty demo.
 */
public final class TomcatDemo {
    static final ContainerDemo DEMO = new ContainerDemo("Tomcat 11",
            "mvn -q -pl tomcat-demo -am compile exec:java", 9443, 9080, TomcatDemo::serve);
    /** Tomcat's start-up lines would bury the banner. Held, since java.util.logging keeps loggers weakly. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");
    /**
     * Warns that TLS 1.3 cannot do optional client authentication after the handshake (PHA). The demo asks
     * for the certificate in the handshake itself, which TLS 1.3 does fine; the warning does not apply.
     */
    private static final Logger SSL_UTIL_LOG = Logger.getLogger("org.apache.tomcat.util.net.SSLUtilBase");

    private TomcatDemo() {
    }

    public static void main(String[] args) {
        TOMCAT_LOG.setLevel(Level.WARNING);
        SSL_UTIL_LOG.setLevel(Level.SEVERE);
        DemoLauncher.main(DEMO, args);
    }

    /** Starts the demo in this JVM, as {@link #main} does, and returns it running. */
    public static RunningDemo start(String... args) throws Exception {
        return DemoLauncher.start(DEMO, args);
    }

    private static ServerStarter.StartedServer serve(ServerSetup setup) throws Exception {
        Path baseDir = Files.createTempDirectory("certgate-demo-tomcat-");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());

        Connector https = new Connector();
        https.setPort(setup.httpsPort());
        https.setProperty("address", setup.host());
        https.setScheme("https");
        https.setSecure(true);
        https.setProperty("SSLEnabled", "true");
        https.setProperty("server", "");
        SSLHostConfig tls = new SSLHostConfig();
        tls.setProtocols(String.join("+", setup.tlsProtocols()));
        tls.setCertificateVerification("optional");
        SSLHostConfigCertificate certificate =
                new SSLHostConfigCertificate(tls, SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setSslContext(
                new TomcatSslContext(setup.sslContext(), setup.serverChain(), setup.acceptedIssuers()));
        tls.addCertificate(certificate);
        https.addSslHostConfig(tls);
        if (setup.http2()) {
            // Offered by ALPN; the handshake still asks for the client certificate, and each h2 stream sees it
            // as jakarta.servlet.request.X509Certificate.
            https.addUpgradeProtocol(new Http2Protocol());
        }
        tomcat.getService().addConnector(https);

        Connector http = new Connector();
        http.setPort(setup.httpPort());
        http.setProperty("address", setup.host());
        if (setup.http2()) {
            // Upgrade: h2c, or the HTTP/2 preface straight away (prior knowledge).
            http.addUpgradeProtocol(new Http2Protocol());
        }
        tomcat.getService().addConnector(http);

        // Only WEB-INF/web.xml configures the application: no default servlets, no class path scanning.
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp("", setup.webappDirectory().toString());
        ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
        if (context instanceof StandardContext standard) {
            // Leak detection on stop needs --add-opens and only warns that it has none; the JVM is exiting anyway.
            standard.setClearReferencesThreadLocals(false);
            standard.setClearReferencesRmiTargets(false);
        }
        context.setParentClassLoader(TomcatDemo.class.getClassLoader());

        try {
            tomcat.start();
            requireStarted(context, https, http);
        } catch (Exception e) {
            stop(tomcat, baseDir);
            throw e;
        }
        return new ServerStarter.StartedServer(https.getLocalPort(), http.getLocalPort(), () -> stop(tomcat, baseDir));
    }

    /** Tomcat logs a failed connector or web application and carries on; the demo must not. */
    private static void requireStarted(Context context, Connector... connectors) {
        if (context.getState() != LifecycleState.STARTED) {
            throw new IllegalStateException("the demo web application did not start (state " + context.getState()
                    + "); the log above says why");
        }
        for (Connector connector : connectors) {
            if (connector.getState() != LifecycleState.STARTED || connector.getLocalPort() <= 0) {
                throw new IllegalStateException("connector on port " + connector.getPort() + " did not start"
                        + " (state " + connector.getState() + "); is the port taken? The log above says why");
            }
        }
    }

    /** Stops and destroys an embedded Tomcat, then deletes its base directory, even if stopping failed. */
    public static void stop(Tomcat tomcat, Path baseDir) throws Exception {
        try {
            tomcat.stop();
            tomcat.destroy();
        } finally {
            deleteTree(baseDir.toFile());
        }
    }

    private static void deleteTree(File file) {
        File[] children = file.listFiles();
        if (children != null) {
            for (File child : children) {
                deleteTree(child);
            }
        }
        file.delete();
    }
}
