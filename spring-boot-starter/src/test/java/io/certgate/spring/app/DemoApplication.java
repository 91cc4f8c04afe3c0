package io.certgate.spring.app;

import java.util.stream.Collectors;

import org.apache.tomcat.util.net.SSLHostConfig;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.certgate.identity.ClientIdentity;

/**
 * The application the Spring tests run: CertGate from {@code certgate.*} (README's {@code application.yml}),
 * the demos' pages, and Spring Security with its own chain and method security on top.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableMethodSecurity
public class DemoApplication {
    /** The application's own chain: one URL rule of its own; CertGate's bridge is added to it. */
    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/chain-admin").hasRole("admin")
                        .anyRequest().permitAll())
                .build();
    }

    /** Where Spring's audit events go (the actuator records them once there is a repository). */
    @Bean
    InMemoryAuditEventRepository auditEvents() {
        return new InMemoryAuditEventRepository();
    }

    /** Lets any client certificate through the handshake (see {@link LenientTrust}) on Tomcat. */
    @Bean
    TomcatConnectorCustomizer lenientClientCertificates() {
        return connector -> {
            for (SSLHostConfig config : connector.findSslHostConfigs()) {
                config.setTrustManagerClassName(LenientTrust.class.getName());
            }
        };
    }

    /**
     * The same on Jetty: Spring Boot gives Jetty the key and trust stores, so the TLS connector gets a context
     * of the server key and {@link LenientTrust} instead. Runs after Spring Boot's own SSL setup, before the
     * server starts.
     */
    @Bean
    JettyServerCustomizer lenientClientCertificatesOnJetty() {
        return server -> {
            for (Connector connector : server.getConnectors()) {
                SslConnectionFactory tls = connector.getConnectionFactory(SslConnectionFactory.class);
                if (tls != null) {
                    tls.getSslContextFactory().setSslContext(TestPki.lenientServerContext());
                }
            }
        };
    }

    @RestController
    static class Pages {
        @GetMapping("/unprotected/page")
        String open() {
            return "open page";
        }

        @GetMapping("/page")
        String page() {
            return "page";
        }

        @GetMapping("/admin/page")
        String admin() {
            return "admin page";
        }

        @GetMapping("/method-admin")
        @PreAuthorize("hasRole('admin')")
        String methodAdmin() {
            return "method admin";
        }

        @GetMapping("/chain-admin")
        String chainAdmin() {
            return "chain admin";
        }

        @GetMapping("/whoami")
        String whoami(@AuthenticationPrincipal ClientIdentity identity, Authentication authentication) {
            return (identity == null ? "anonymous" : identity.commonName()) + " "
                    + authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted()
                            .collect(Collectors.joining(",", "[", "]"));
        }
    }
}
