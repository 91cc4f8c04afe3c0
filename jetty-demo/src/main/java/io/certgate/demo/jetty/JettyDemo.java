package io.certgate.demo.jetty;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import io.certgate.demo.ContainerDemo;
import io.certgate.demo.DemoLauncher;
import io.certgate.demo.RunningDemo;
import io.certgate.demo.ServerSetup;
import io.certgate.demo.ServerStarter;

/**
 * The CertGate demo on embedded Jetty 12 (ee10): the demo web application, with CertGate configured by its
 * {@code WEB-INF/web.xml}, on HTTPS (client certificate wanted, not needed) and on plain HTTP for a proxy.
 * Unless {@code --no-http2}, HTTPS offers {@code h2} next to {@code http/1.1} by ALPN, and the HTTP entrance
 * takes {@code h2c} by prior knowledge or by {@code Upgrade: h2c}.
 *
 * <p>From the repository root: {@code mvn -q -pl jetty-demo -am compile exec:java}, with flags after
 * {@code -Dexec.args="--https-port 0"}; {@code --help} lists them. Everything but starting Jetty is in
 * {@code demo-common}, shared with the Tomcat demo.
 */
public final class JettyDemo {
    static final ContainerDemo DEMO = new ContainerDemo("Jetty 12",
            "mvn -q -pl jetty-demo -am compile exec:java", 8443, 8080, JettyDemo::serve);

    private JettyDemo() {
    }

    public static void main(String[] args) {
        DemoLauncher.main(DEMO, args);
    }

    /** Starts the demo in this JVM, as {@link #main} does, and returns it running. */
    public static RunningDemo start(String... args) throws Exception {
        return DemoLauncher.start(DEMO, args);
    }

    private static ServerStarter.StartedServer serve(ServerSetup setup) throws Exception {
        Server server = new Server();

        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setSslContext(setup.sslContext());
        tls.setWantClientAuth(true);
        tls.setIncludeProtocols(setup.tlsProtocolArray());
        HttpConfiguration httpsConfig = new HttpConfiguration();
        httpsConfig.setSendServerVersion(false);
        // Sets jakarta.servlet.request.X509Certificate from the TLS session, for HTTP/1.1 and h2 alike.
        httpsConfig.addCustomizer(new SecureRequestCustomizer());
        List<ConnectionFactory> overTls = new ArrayList<>();
        if (setup.http2()) {
            // RFC 9113 9.2.2: over TLS 1.2, h2 must not pick a cipher from its block list.
            tls.setCipherComparator(HTTP2Cipher.COMPARATOR);
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", HttpVersion.HTTP_1_1.asString());
            alpn.setDefaultProtocol(HttpVersion.HTTP_1_1.asString());
            overTls.add(new SslConnectionFactory(tls, alpn.getProtocol()));
            overTls.add(alpn);
            overTls.add(new HTTP2ServerConnectionFactory(httpsConfig));
        } else {
            overTls.add(new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()));
        }
        overTls.add(new HttpConnectionFactory(httpsConfig));
        ServerConnector https = new ServerConnector(server, overTls.toArray(ConnectionFactory[]::new));
        https.setHost(setup.host());
        https.setPort(setup.httpsPort());
        server.addConnector(https);

        HttpConfiguration httpConfig = new HttpConfiguration();
        httpConfig.setSendServerVersion(false);
        // HTTP/1.1 first: it answers HTTP/1.1, upgrades on Upgrade: h2c, and hands a connection that opens
        // with the HTTP/2 preface (prior knowledge) to h2c.
        ServerConnector http = setup.http2()
                ? new ServerConnector(server, new HttpConnectionFactory(httpConfig),
                        new HTTP2CServerConnectionFactory(httpConfig))
                : new ServerConnector(server, new HttpConnectionFactory(httpConfig));
        http.setHost(setup.host());
        http.setPort(setup.httpPort());
        server.addConnector(http);

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setBaseResourceAsPath(setup.webappDirectory());
        webapp.setParentLoaderPriority(true);
        // A web.xml or CertGate configuration error must stop the demo, not leave it serving 503s.
        webapp.setThrowUnavailableOnStartupException(true);
        server.setHandler(webapp);

        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return new ServerStarter.StartedServer(https.getLocalPort(), http.getLocalPort(), server::stop);
    }
}
