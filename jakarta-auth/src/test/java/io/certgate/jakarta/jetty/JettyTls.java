package io.certgate.jakarta.jetty;

import java.security.GeneralSecurityException;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import io.certgate.jakarta.TestTls;

/** The HTTPS connector of the Jetty tests: 127.0.0.1, a free port, a client certificate wanted, not needed. */
final class JettyTls {
    private JettyTls() {
    }

    /** Adds the connector to {@code server}; its port is known once the server has started. */
    static ServerConnector addConnector(Server server, TestTls tls) throws GeneralSecurityException {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(tls.serverContext());
        ssl.setWantClientAuth(true);
        HttpConfiguration config = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        config.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        return connector;
    }
}
