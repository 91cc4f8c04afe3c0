package io.certgate.spring;

import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.test.context.TestPropertySource;

/**
 * The TLS tests on embedded Jetty ({@code spring-boot-starter-jetty}), with Tomcat's auto-configuration
 * excluded, as an application that swaps Tomcat for Jetty has it. The demo application's
 * {@code JettyServerCustomizer} lets every client certificate through the handshake, so every row of the
 * decision table, the expired and the foreign certificate included, reaches CertGate.
 */
@TestPropertySource(properties = "spring.autoconfigure.exclude="
        + "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration")
class JettyTlsTest extends AbstractTlsServerTest {
    @Override
    Class<? extends WebServer> server() {
        return JettyWebServer.class;
    }
}
