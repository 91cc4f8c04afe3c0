package io.certgate;

import java.io.IOException;
import java.security.KeyStore;
import java.security.cert.CRL;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;

import javax.net.ssl.TrustManager;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import io.certgate.pki.HeldCertificate;
import io.certgate.pki.LenientClientTrustManager;
import io.certgate.pki.TlsContexts;

/**
 * A real Jetty 12 (ee10) on 127.0.0.1 and a free port, with {@link ClientCertFilter} configured through
 * init-params in front of three servlets: {@code /admin/*}, {@code /unprotected/*} and {@code /}. Each
 * page names itself and the remote user, so tests can tell which one was served.
 */
final class JettyTestServer implements AutoCloseable {
    static final String ADMIN_PAGE = "ADMIN PAGE";
    static final String ROOT_PAGE = "ROOT PAGE";
    static final String OPEN_PAGE = "OPEN PAGE";
    /** The servlet at {@code /api/*}; the API pages also name the servlet path and path info they were given. */
    static final String API_PAGE = "API PAGE";
    /** The servlet at {@code /api/admin/*}. */
    static final String API_ADMIN_PAGE = "API ADMIN PAGE";

    private final Server server;
    private final ServerConnector connector;

    private JettyTestServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Starts HTTPS with {@code wantClientAuth}: the handshake asks for a certificate, accepts none, and
     * trusts {@code trusted} for the ones it gets; with {@code lenient} it asks for certificates from
     * {@code trusted} but accepts any (so that the filter, not the handshake, sees expired and foreign ones).
     */
    static JettyTestServer startTls(HeldCertificate serverCertificate, X509Certificate trusted, boolean lenient,
            Map<String, String> initParams) throws Exception {
        char[] password = "test".toCharArray();
        KeyStore keyStore = serverCertificate.toKeyStore(password);
        SslContextFactory.Server ssl = lenient ? new LenientSslContextFactory(trusted) : new SslContextFactory.Server();
        ssl.setKeyStore(keyStore);
        ssl.setKeyStorePassword("test");
        ssl.setTrustStore(TlsContexts.trustStore(trusted));
        ssl.setWantClientAuth(true);
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        HttpConfiguration config = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        config.addCustomizer(secure);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(config));
        return start(server, connector, initParams);
    }

    /** Starts plain HTTP, for the behind-a-proxy entrance. */
    static JettyTestServer startHttp(String host, Map<String, String> initParams) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(new HttpConfiguration()));
        connector.setHost(host);
        return start(server, connector, initParams);
    }

    private static JettyTestServer start(Server server, ServerConnector connector, Map<String, String> initParams)
            throws Exception {
        if (connector.getHost() == null) {
            connector.setHost("127.0.0.1");
        }
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new PageServlet(ADMIN_PAGE)), "/admin/*");
        context.addServlet(new ServletHolder(new PageServlet(OPEN_PAGE)), "/unprotected/*");
        context.addServlet(new ServletHolder(new PageServlet(API_PAGE)), "/api/*");
        context.addServlet(new ServletHolder(new PageServlet(API_ADMIN_PAGE)), "/api/admin/*");
        context.addServlet(new ServletHolder(new PageServlet(ROOT_PAGE)), "/");
        FilterHolder filter = new FilterHolder(ClientCertFilter.class);
        filter.setInitParameters(initParams);
        context.addFilter(filter, "/*", EnumSet.allOf(DispatcherType.class));
        server.setHandler(context);
        server.start();
        return new JettyTestServer(server, connector);
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Jetty's factory with {@link LenientClientTrustManager} in place of the PKIX trust manager. */
    private static final class LenientSslContextFactory extends SslContextFactory.Server {
        private final X509Certificate trusted;

        LenientSslContextFactory(X509Certificate trusted) {
            this.trusted = trusted;
        }

        @Override
        protected TrustManager[] getTrustManagers(KeyStore trustStore, Collection<? extends CRL> crls) {
            return new TrustManager[] {new LenientClientTrustManager(trusted)};
        }
    }

    /** Answers with its name, the remote user, the auth type and whether it saw the identity attribute. */
    static final class PageServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final String name;

        PageServlet(String name) {
            this.name = name;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().print(name + " user=" + request.getRemoteUser()
                    + " auth=" + request.getAuthType()
                    + " admin-role=" + request.isUserInRole("admin")
                    + " identity=" + (request.getAttribute(ClientCertFilter.IDENTITY_ATTRIBUTE) != null)
                    + " source=" + request.getAttribute(ClientCertFilter.SOURCE_ATTRIBUTE)
                    + " dn-header=" + request.getHeader("X-Client-Dn")
                    + " cert-header=" + (request.getHeader("X-Client-Cert") != null)
                    + " x509-attribute=" + standardAttributeSubject(request)
                    + (name.startsWith("API ") ? " servlet-path=" + request.getServletPath() + " path-info="
                            + request.getPathInfo() : ""));
        }

        /** What code written for direct TLS sees: the standard attribute, leaf first. */
        private static String standardAttributeSubject(HttpServletRequest request) {
            Object chain = request.getAttribute("jakarta.servlet.request.X509Certificate");
            return chain instanceof java.security.cert.X509Certificate[] certificates && certificates.length > 0
                    ? certificates[0].getSubjectX500Principal().getName() : "none";
        }
    }
}
