package io.certgate.jakarta.authentication;

import java.util.Map;

import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * The test application's registration of CertGate as its authentication, as docs/container-auth.md shows it
 * (ContainerAuthDocTest checks that the page shows these very lines).
 */
public final class RegisterCertGate implements ServletContextListener {
    @Override
    public void contextInitialized(ServletContextEvent event) {
        Map<String, String> parameters = Map.of("allowed-cns", "alice, bob", "roles", "admin=alice; ops=alice, bob",
                "rules", "/open/* open\n/app/public/* open");
        AuthConfigFactory.getFactory().registerServerAuthModule(
                new CertGateServerAuthModule(parameters), event.getServletContext());
    }
}
