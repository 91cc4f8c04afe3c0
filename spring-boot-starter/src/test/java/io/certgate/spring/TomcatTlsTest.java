package io.certgate.spring;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.test.context.TestPropertySource;

/**
 * The TLS tests on embedded Tomcat, the server of {@code spring-boot-starter-webmvc}. The demo application's
 * {@code TomcatConnectorCustomizer} lets every client certificate through the handshake, so every row of the
 * decision table reaches CertGate. The test class path has Jetty too (for {@link JettyTlsTest}), whose
 * auto-configuration would win, so it is excluded here.
 */
@TestPropertySource(properties = "spring.autoconfigure.exclude=" + TomcatTlsTest.JETTY)
class TomcatTlsTest extends AbstractTlsServerTest {
    /** Jetty's servlet web server auto-configuration, excluded where a test runs on Tomcat. */
    static final String JETTY = "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration";

    @Override
    Class<? extends WebServer> server() {
        return TomcatWebServer.class;
    }
}
