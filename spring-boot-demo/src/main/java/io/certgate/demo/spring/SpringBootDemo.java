package io.certgate.demo.spring;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.catalina.connector.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import io.certgate.demo.ContainerDemo;
import io.certgate.demo.DemoLauncher;
import io.certgate.demo.RunningDemo;
import io.certgate.demo.ServerSetup;
import io.certgate.demo.ServerStarter;

/**
 * The CertGate demo as a Spring Boot 4 application on embedded Tomcat 11: the same pages and decision table as
 * the Jetty and Tomcat demos (their {@code web.xml}, read by {@link DemoWebXml}), CertGate configured by the
 * Spring Boot starter from {@code certgate.*} properties, HTTPS with client certificates from
 * {@code server.ssl.*} ({@code client-auth: want}) and the demo PKI as an SSL bundle, which is also CertGate's
 * {@code certgate.trusted-ca-bundle}; plain HTTP for a proxy on a second connector. {@link SpringBootJettyDemo} is
 * the same on Jetty 12.
 *
 * <p>From the repository root: {@code mvn -q -pl spring-boot-demo -am compile exec:java}, with the other demos'
 * flags after {@code -Dexec.args="--https-port 0"}; {@code --help} lists them.
 */
public final class SpringBootDemo {
    static final ContainerDemo DEMO = new ContainerDemo("Spring Boot 4 (Tomcat 11)",
            "mvn -q -pl spring-boot-demo -am compile exec:java", 10443, 10080,
            setup -> serve(setup, Server.TOMCAT));

    /** The SSL bundle of the demo PKI: the server's key for HTTPS, the demo CA for clients and for CertGate. */
    static final String SSL_BUNDLE = "certgate-demo";

    /** Which embedded server; the other one's auto-configuration is excluded. */
    enum Server {
        TOMCAT("org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration"),
        JETTY("org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration");

        private final String excluded;

        Server(String excluded) {
            this.excluded = excluded;
        }
    }

    private SpringBootDemo() {
    }

    public static void main(String[] args) {
        DemoLauncher.main(DEMO, args);
    }

    /** Starts the demo in this JVM, as {@link #main} does, and returns it running. */
    public static RunningDemo start(String... args) throws Exception {
        return DemoLauncher.start(DEMO, args);
    }

    static ServerStarter.StartedServer serve(ServerSetup setup, Server server) throws Exception {
        DemoWebXml webXml = DemoWebXml.read(setup.webappDirectory());
        Map<String, Object> properties = properties(setup, webXml, server);
        SpringApplication application = new SpringApplication(DemoApplication.class);
        application.setBannerMode(Banner.Mode.OFF);
        application.setLogStartupInfo(false);
        // Set before the environment is ready, when Spring Boot configures logging: the demo's banner and
        // CertGate's log lines, not Spring's and the server's start-up lines.
        application.setDefaultProperties(Map.of("logging.level.root", "WARN", "logging.level.io.certgate", "INFO",
                // TLS 1.3 cannot ask for a certificate after the handshake; the demo asks during it.
                "logging.level.org.apache.tomcat.util.net.SSLUtilBase", "ERROR"));
        // The demo launcher stops the application, on Ctrl-C too.
        application.setRegisterShutdownHook(false);
        application.addInitializers(context -> {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("certgate-demo", properties));
            context.getBeanFactory().registerSingleton("serverSetup", setup);
            context.getBeanFactory().registerSingleton("demoWebXml", webXml);
        });
        ConfigurableApplicationContext context = application.run();
        WebServer web = ((ServletWebServerApplicationContext) context).getWebServer();
        return new ServerStarter.StartedServer(web.getPort(), httpPort(web), context::close);
    }

    /**
     * The Spring configuration of the demo: what {@code application.yml} would say, made from the flags and the
     * demo's {@code web.xml}. CertGate's init-params become {@code certgate.*} properties as they stand, but for
     * {@code trusted-ca} (the demo CA), which becomes the SSL bundle the server uses too.
     */
    static Map<String, Object> properties(ServerSetup setup, DemoWebXml webXml, Server server) {
        String caFile = webXml.certGateParameters().get("trusted-ca");
        if (caFile == null) {
            throw new IllegalStateException("the demo's web.xml has no trusted-ca init-param naming the demo CA");
        }
        Path pki = Path.of(caFile).toAbsolutePath().getParent();
        String bundle = "spring.ssl.bundle.pem." + SSL_BUNDLE;
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.autoconfigure.exclude", server.excluded);
        properties.put("server.address", setup.host());
        properties.put("server.port", setup.httpsPort());
        properties.put("server.http2.enabled", setup.http2());
        properties.put("server.ssl.bundle", SSL_BUNDLE);
        properties.put("server.ssl.client-auth", "want");
        properties.put(bundle + ".keystore.certificate", "file:" + pki.resolve("server.crt"));
        properties.put(bundle + ".keystore.private-key", "file:" + pki.resolve("server.key"));
        properties.put(bundle + ".truststore.certificate", "file:" + pki.resolve("ca.crt"));
        properties.put(bundle + ".options.enabled-protocols", String.join(",", setup.tlsProtocols()));
        properties.put("certgate.trusted-ca-bundle", SSL_BUNDLE);
        webXml.certGateParameters().forEach((name, value) -> {
            if (!name.equals("trusted-ca")) {
                properties.put("certgate." + name, value);
            }
        });
        return properties;
    }

    /** The port of the HTTP entrance: the connector that is not the HTTPS one. */
    private static int httpPort(WebServer web) {
        if (web instanceof TomcatWebServer tomcat) {
            for (Connector connector : tomcat.getTomcat().getService().findConnectors()) {
                if (connector.getLocalPort() != web.getPort()) {
                    return connector.getLocalPort();
                }
            }
        } else if (web instanceof JettyWebServer jetty) {
            for (var connector : jetty.getServer().getConnectors()) {
                if (connector instanceof ServerConnector plain
                        && plain.getConnectionFactory(SslConnectionFactory.class) == null) {
                    return plain.getLocalPort();
                }
            }
        }
        throw new IllegalStateException("the HTTP entrance did not start on " + web);
    }
}
