package io.certgate.jakarta.authentication;

import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import io.certgate.jakarta.ProbeApp;

/** The test application's registration of CertGate as its authentication: one line, as the README shows. */
public final class RegisterCertGate implements ServletContextListener {
    @Override
    public void contextInitialized(ServletContextEvent event) {
        AuthConfigFactory.getFactory().registerServerAuthModule(
                new CertGateServerAuthModule(ProbeApp.CERTGATE), event.getServletContext());
    }
}
