package io.certgate.demo.jetty;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
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
        httpsConfig.addCustomizer(new SecureRequestCustomizer());
        ServerConnector https = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
                new HttpConnectionFactory(httpsConfig));
        https.setHost(setup.host());
        https.setPort(setup.httpsPort());
        server.addConnector(https);

        HttpConfiguration httpConfig = new HttpConfiguration();
        httpConfig.setSendServerVersion(false);
        ServerConnector http = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
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
