package io.certgate.jakarta.authentication;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.ServletContainerInitializer;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.AccessLogValve;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.apache.tomcat.util.scan.StandardJarScanner;

import io.certgate.demo.TomcatSslContext;
import io.certgate.jakarta.TestTls;

/**
 * A real embedded Tomcat 11 on HTTPS (client certificate wanted, not needed) serving a web application from
 * a directory, configured only by its {@code WEB-INF/web.xml}, with an access log whose lines are
 * {@code %u %r %s}.
 */
final class TomcatServer implements AutoCloseable {
    /** Held: java.util.logging keeps loggers weakly, and Tomcat's start-up lines would fill the test output. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    private final Tomcat tomcat;
    private final Connector connector;
    private final Path baseDir;

    private TomcatServer(Tomcat tomcat, Connector connector, Path baseDir) {
        this.tomcat = tomcat;
        this.connector = connector;
        this.baseDir = baseDir;
    }

    /**
     * @param baseDir CATALINA_BASE (Tomcat reads {@code conf/jaspic-providers.xml} there)
     * @param webapp the application directory, holding {@code WEB-INF/web.xml}
     */
    static TomcatServer start(TestTls tls, Path baseDir, Path webapp) throws Exception {
        return start(tls, baseDir, webapp, new ServletContainerInitializer[0]);
    }

    /**
     * @param baseDir CATALINA_BASE (Tomcat reads {@code conf/jaspic-providers.xml} there)
     * @param webapp the application directory, holding {@code WEB-INF/web.xml}
     * @param initializers run as the application starts, after {@code web.xml}, e.g. to add servlets
     */
    static TomcatServer start(TestTls tls, Path baseDir, Path webapp, ServletContainerInitializer... initializers)
            throws Exception {
        TOMCAT_LOG.setLevel(Level.WARNING);
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector https = new Connector();
        https.setPort(0);
        https.setProperty("address", "127.0.0.1");
        https.setScheme("https");
        https.setSecure(true);
        https.setProperty("SSLEnabled", "true");
        SSLHostConfig host = new SSLHostConfig();
        host.setProtocols("TLSv1.3+TLSv1.2");
        host.setCertificateVerification("optional");
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.UNDEFINED);
        X509Certificate ca = tls.pki().ca().certificate();
        certificate.setSslContext(new TomcatSslContext(tls.serverContext(),
                List.of(tls.pki().server().certificate(), ca), List.of(ca)));
        host.addCertificate(certificate);
        https.addSslHostConfig(host);
        tomcat.getService().addConnector(https);

        AccessLogValve accessLog = new AccessLogValve();
        accessLog.setDirectory(baseDir.resolve("logs").toString());
        accessLog.setPrefix("access");
        accessLog.setSuffix(".log");
        accessLog.setRotatable(false);
        accessLog.setBuffered(false);
        accessLog.setPattern("%u %r %s");
        tomcat.getHost().getPipeline().addValve(accessLog);

        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp("", webapp.toString());
        ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
        if (context instanceof StandardContext standard) {
            standard.setClearReferencesThreadLocals(false);
            standard.setClearReferencesRmiTargets(false);
        }
        context.setParentClassLoader(TomcatServer.class.getClassLoader());
        for (ServletContainerInitializer initializer : initializers) {
            context.addServletContainerInitializer(initializer, null);
        }
        TomcatServer server = new TomcatServer(tomcat, https, baseDir);
        try {
            tomcat.start();
            if (context.getState() != LifecycleState.STARTED || https.getLocalPort() <= 0) {
                throw new IllegalStateException("Tomcat did not start: context " + context.getState());
            }
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    int port() {
        return connector.getLocalPort();
    }

    /** The access log's lines so far. */
    java.util.List<String> accessLog() throws java.io.IOException {
        Path file = baseDir.resolve("logs").resolve("access.log");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    @Override
    public void close() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }
}
