package io.certgate.demo.spring;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.http2.Http2Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;

import io.certgate.demo.ServerSetup;
import io.certgate.spring.CertGateAutoConfiguration;

/**
 * The Spring Boot demo application: the demo's pages and filters from its {@code web.xml}
 * ({@link DemoWebXml}), CertGate from the {@code certgate.*} properties {@link SpringBootDemo} makes of the same
 * file, HTTPS from {@code server.ssl.*} with the demo PKI's SSL bundles, and the HTTP entrance for a proxy as a
 * second connector.
 *
 * <p>The handshake asks for a client certificate from the demo CA but takes any ({@code server.ssl.client-auth:
 * want} and the demo's lenient trust manager), so that an expired or foreign certificate gets CertGate's 403
 * instead of a TLS alert, as in the other demos: CertGate checks the chain itself against
 * {@code certgate.trusted-ca-bundle}. Spring Boot gives the servers key and trust stores, not a trust manager,
 * so the customizers below hand them the demo's TLS context after Spring Boot's own SSL setup.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class DemoApplication {
    /** The filters mapped before CertGate's in {@code web.xml} (the demo's direct-TLS filter): just before it. */
    @Bean
    ServletContextInitializer filtersBeforeCertGate(DemoWebXml webXml) {
        return new WebXmlRegistrations(webXml.filtersBeforeCertGate(), java.util.List.of(),
                CertGateAutoConfiguration.FILTER_ORDER - 5);
    }

    /** The other filters and the servlets, after CertGate. */
    @Bean
    ServletContextInitializer filtersAfterCertGateAndServlets(DemoWebXml webXml) {
        return new WebXmlRegistrations(webXml.filtersAfterCertGate(), webXml.servlets(), 0);
    }

    /** The HTTPS connector gets the demo's TLS context; the HTTP entrance is a second connector. */
    @Bean
    TomcatConnectorCustomizer demoTlsOnTomcat(ServerSetup setup) {
        return connector -> {
            for (SSLHostConfig tls : connector.findSslHostConfigs()) {
                for (SSLHostConfigCertificate certificate : tls.getCertificates()) {
                    certificate.setSslContext(new TomcatSslContext(setup.sslContext(), setup.serverChain(),
                            setup.acceptedIssuers()));
                }
            }
        };
    }

    @Bean
    WebServerFactoryCustomizer<TomcatWebServerFactory> httpEntranceOnTomcat(ServerSetup setup) {
        return factory -> {
            Connector http = new Connector();
            http.setPort(setup.httpPort());
            http.setProperty("address", setup.host());
            if (setup.http2()) {
                // Upgrade: h2c, or the HTTP/2 preface straight away (prior knowledge).
                http.addUpgradeProtocol(new Http2Protocol());
            }
            factory.addAdditionalConnectors(http);
        };
    }

    /** The same on Jetty: the demo's TLS context on the HTTPS connector, and the HTTP entrance (with h2c). */
    @Bean
    JettyServerCustomizer demoConnectorsOnJetty(ServerSetup setup) {
        return server -> {
            for (var connector : server.getConnectors()) {
                SslConnectionFactory tls = connector.getConnectionFactory(SslConnectionFactory.class);
                if (tls != null) {
                    tls.getSslContextFactory().setSslContext(setup.sslContext());
                }
            }
            HttpConfiguration configuration = new HttpConfiguration();
            configuration.setSendServerVersion(false);
            ServerConnector http = setup.http2()
                    ? new ServerConnector(server, new HttpConnectionFactory(configuration),
                            new HTTP2CServerConnectionFactory(configuration))
                    : new ServerConnector(server, new HttpConnectionFactory(configuration));
            http.setHost(setup.host());
            http.setPort(setup.httpPort());
            server.addConnector(http);
        };
    }
}
