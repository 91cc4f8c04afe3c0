package io.certgate.jakarta.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.DispatcherType;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.security.ConstraintMapping;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.certgate.jakarta.LogCapture;
import io.certgate.jakarta.ProbeApp;
import io.certgate.jakarta.ServiceIdentity;
import io.certgate.jakarta.TestTls;

/**
 * {@code principal}, OU-based {@code roles} and an {@code identity-mapper} class through
 * {@link CertGateAuthenticator} on Jetty 12, with the demo's SAN-only service certificate over real TLS: Jetty's
 * role checks and remote user see CertGate's name and roles.
 */
class JettyServiceIdentityTest {
    private static final LogCapture LOG = new LogCapture();
    private static TestTls tls;

    @BeforeAll
    static void start() throws Exception {
        tls = TestTls.create();
        LOG.start();
    }

    @AfterAll
    static void stop() throws Exception {
        LOG.stop();
        tls.delete();
    }

    @Test
    void jettySeesTheServiceBySpiffeIdInItsOuRole() throws Exception {
        Server server = start(ServiceIdentity.PARAMETERS);
        try {
            int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
            ServiceIdentity.assertTheContainerSeesThePrincipalAndTheOuRole((who, path) -> tls.get(who, port, path), LOG);
        } finally {
            server.stop();
        }
    }

    @Test
    void aMapperClassNamesTheServiceAndGivesItsRoles() throws Exception {
        Map<String, String> parameters = new HashMap<>(ServiceIdentity.PARAMETERS);
        parameters.remove("principal");
        parameters.put("roles", "admin = alice");
        parameters.put("identity-mapper", ServiceIdentity.RegistryMapper.class.getName());
        Server server = start(parameters);
        try {
            int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
            HttpResponse<String> service = tls.get("service", port, "/api/x");
            assertEquals(200, service.statusCode(), service.body());
            assertEquals("PAGE /api/x user=reports-service", service.body(), "the mapper's name and role operator");
            LOG.clear();
            HttpResponse<String> alice = tls.get("alice", port, "/app/x");
            assertEquals(403, alice.statusCode(), alice.body());
            assertTrue(LOG.denials().stream().anyMatch(line -> line.contains("reason=mapper-refused")),
                    LOG.messages().toString());
        } finally {
            server.stop();
        }
    }

    private static Server start(Map<String, String> parameters) throws Exception {
        Server server = new Server();
        JettyTls.addConnector(server, tls);
        ServletContextHandler context = new ServletContextHandler("/");
        ConstraintSecurityHandler security = new ConstraintSecurityHandler();
        security.addConstraintMapping(mapping("/api/*", Constraint.from("operator")));
        security.addConstraintMapping(mapping("/ops/*", Constraint.from("admin")));
        security.addConstraintMapping(mapping("/app/*", Constraint.ANY_USER));
        security.setAuthenticator(new CertGateAuthenticator(parameters));
        context.setSecurityHandler(security);
        context.addFilter(ProbeApp.Probe.class, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(ProbeApp.Page.class, "/");
        server.setHandler(context);
        server.start();
        return server;
    }

    private static ConstraintMapping mapping(String pathSpec, Constraint constraint) {
        ConstraintMapping mapping = new ConstraintMapping();
        mapping.setPathSpec(pathSpec);
        mapping.setConstraint(constraint);
        return mapping;
    }
}
