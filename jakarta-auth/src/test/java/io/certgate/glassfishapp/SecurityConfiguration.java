package io.certgate.glassfishapp;

import jakarta.enterprise.context.ApplicationScoped;

import io.certgate.jakarta.security.CertGateAuthenticationMechanismDefinition;

/**
 * The test application's CertGate registration: the certificate from nginx's headers on a trusted proxy
 * address (the test client on 127.0.0.1 plays nginx), checked against the demo CA packed in the WAR.
 */
@ApplicationScoped
@CertGateAuthenticationMechanismDefinition(
        allowedCns = "alice, bob",
        roles = "admin=alice; ops=alice, bob",
        rules = "/open/* open",
        sources = "header",
        trustedProxies = "127.0.0.1/32",
        trustedCa = "classpath:certgate/ca.pem")
public class SecurityConfiguration {
}
