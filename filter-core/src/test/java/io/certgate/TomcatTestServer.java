package io.certgate;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.servlet.DispatcherType;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

import io.certgate.pki.HeldCertificate;
import io.certgate.pki.TlsContexts;

/**
 * A real embedded Tomcat 11 on plain HTTP (or HTTPS asking for client certificates), {@code host} and a free port, with {@link ClientCertFilter}
 * configured through init-params in front of the same three servlets as {@link JettyTestServer}
 * ({@code /admin/*}, {@code /unprotected/*}, {@code /}), so a test can run one request on both containers.
 */
final class TomcatTestServer implements AutoCloseable {
    /** Held: java.util.logging keeps loggers weakly, and Tomcat's start-up lines would fill the test output. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    private final Tomcat tomcat;
    private final Connector connector;
    private final Path baseDir;

    private TomcatTestServer(Tomcat tomcat, Connector connector, Path baseDir) {
        this.tomcat = tomcat;
        this.connector = connector;
        this.baseDir = baseDir;
    }

    static TomcatTestServer startHttp(String host, Map<String, String> initParams) throws Exception {
        Connector connector = new Connector();
        connector.setProperty("address", host);
        return start(connector, initParams);
    }

    /**
     * Starts HTTPS on 127.0.0.1 that asks for a client certificate and accepts none
     * ({@code certificateVerification="optional"}), trusting {@code trusted} for the ones it gets.
     */
    static TomcatTestServer startTls(HeldCertificate serverCertificate, X509Certificate trusted,
            Map<String, String> initParams) throws Exception {
        Connector connector = new Connector();
        connector.setProperty("address", "127.0.0.1");
        connector.setSecure(true);
        connector.setScheme("https");
        connector.setProperty("SSLEnabled", "true");
        SSLHostConfig ssl = new SSLHostConfig();
        ssl.setProtocols("TLSv1.2+TLSv1.3");
        ssl.setCertificateVerification("optional");
        ssl.setTrustStore(TlsContexts.trustStore(trusted));
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(ssl, SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setCertificateKeystore(serverCertificate.toKeyStore("test".toCharArray()));
        certificate.setCertificateKeystorePassword("test");
        ssl.addCertificate(certificate);
        connector.addSslHostConfig(ssl);
        return start(connector, initParams);
    }

    private static TomcatTestServer start(Connector connector, Map<String, String> initParams) throws Exception {
        TOMCAT_LOG.setLevel(Level.WARNING);
        Path baseDir = Files.createTempDirectory("certgate-test-tomcat-");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        connector.setPort(0);
        tomcat.getService().addConnector(connector);
        Context context = tomcat.addContext("", baseDir.toString());
        page(context, "admin", JettyTestServer.ADMIN_PAGE, "/admin/*");
        page(context, "unprotected", JettyTestServer.OPEN_PAGE, "/unprotected/*");
        page(context, "api", JettyTestServer.API_PAGE, "/api/*");
        page(context, "api-admin", JettyTestServer.API_ADMIN_PAGE, "/api/admin/*");
        page(context, "root", JettyTestServer.ROOT_PAGE, "/");
        FilterDef filter = new FilterDef();
        filter.setFilterName("certgate");
        filter.setFilterClass(ClientCertFilter.class.getName());
        initParams.forEach(filter::addInitParameter);
        context.addFilterDef(filter);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName("certgate");
        mapping.addURLPattern("/*");
        for (DispatcherType type : DispatcherType.values()) {
            mapping.setDispatcher(type.name());
        }
        context.addFilterMap(mapping);
        TomcatTestServer server = new TomcatTestServer(tomcat, connector, baseDir);
        try {
            tomcat.start();
            if (context.getState() != LifecycleState.STARTED || connector.getLocalPort() <= 0) {
                throw new IllegalStateException("Tomcat did not start: context " + context.getState());
            }
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static void page(Context context, String name, String text, String pattern) {
        Tomcat.addServlet(context, name, new JettyTestServer.PageServlet(text));
        context.addServletMappingDecoded(pattern, name);
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
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
