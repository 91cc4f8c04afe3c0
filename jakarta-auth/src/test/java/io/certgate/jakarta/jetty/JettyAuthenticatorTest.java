package io.certgate.jakarta.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.DispatcherType;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.security.ConstraintMapping;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.certgate.jakarta.LogCapture;
import io.certgate.jakarta.ProbeApp;
import io.certgate.jakarta.TestTls;

/**
 * {@link CertGateAuthenticator} as Jetty 12's authentication behind a {@link ConstraintSecurityHandler}
 * ({@code /admin/*} role admin, {@code /app/*} any user), with real TLS client certificates: the same table
 * as the Jakarta Authentication module on Tomcat.
 */
class JettyAuthenticatorTest {
    private static final LogCapture LOG = new LogCapture();
    private static final List<String> REQUEST_LOG = new CopyOnWriteArrayList<>();
    private static TestTls tls;
    private static Server server;
    private static ServerConnector connector;

    @BeforeAll
    static void start() throws Exception {
        tls = TestTls.create();
        LOG.start();
        server = new Server();
        connector = JettyTls.addConnector(server, tls);
        server.setRequestLog(new CustomRequestLog(REQUEST_LOG::add, "%u %r %s"));

        ServletContextHandler context = new ServletContextHandler("/");
        // As docs/container-auth.md shows it (ContainerAuthDocTest checks that the page shows these very lines).
        Map<String, String> parameters = Map.of("allowed-cns", "alice, bob", "roles", "admin=alice; ops=alice, bob",
                "rules", "/open/* open\n/app/public/* open");
        ConstraintSecurityHandler security = new ConstraintSecurityHandler();
        security.addConstraintMapping(mapping("/admin/*", Constraint.from("admin")));
        security.addConstraintMapping(mapping("/app/*", Constraint.ANY_USER));
        security.setAuthenticator(new CertGateAuthenticator(parameters));
        context.setSecurityHandler(security);
        context.addFilter(ProbeApp.Probe.class, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(ProbeApp.Page.class, "/");
        server.setHandler(context);
        server.start();
    }

    private static ConstraintMapping mapping(String pathSpec, Constraint constraint) {
        ConstraintMapping mapping = new ConstraintMapping();
        mapping.setPathSpec(pathSpec);
        mapping.setConstraint(constraint);
        return mapping;
    }

    @AfterAll
    static void stop() throws Exception {
        LOG.stop();
        if (server != null) {
            server.stop();
        }
        tls.delete();
    }

    @BeforeEach
    void clearLog() {
        LOG.clear();
    }

    private static HttpResponse<String> get(String client, String path) throws Exception {
        return tls.get(client, connector.getLocalPort(), path);
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Test
    void aliceInRoleAdminIsServedTheAdminPage() throws Exception {
        HttpResponse<String> response = get("alice", "/admin/");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("PAGE /admin/ user=alice", response.body());
    }

    @Test
    void bobIsRefusedTheAdminPageByJettysRoleCheck() throws Exception {
        HttpResponse<String> response = get("bob", "/admin/");
        assertEquals(403, response.statusCode(), response.body());
        assertEquals(List.of(), LOG.denials(), "CertGate let bob in; Jetty's constraint refused him");
    }

    @Test
    void bobIsServedTheApplicationAsAnyUser() throws Exception {
        HttpResponse<String> response = get("bob", "/app/");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("PAGE /app/ user=bob", response.body());
    }

    @Test
    void noCertificateIsRefusedByCertGateWithItsReasonAndBody() throws Exception {
        HttpResponse<String> response = get(null, "/app/");
        assertEquals(403, response.statusCode(), response.body());
        assertEquals(1, LOG.denials().size(), LOG.messages().toString());
        assertTrue(LOG.denials().get(0).contains("reason=no-certificate"), LOG.denials().get(0));
        assertTrue(response.body().contains("client certificate required"), response.body());
        assertEquals("no-store", header(response, "Cache-Control"));
    }

    @Test
    void anExpiredCertificateIsDeniedWithReasonExpired() throws Exception {
        HttpResponse<String> response = get("expired", "/app/");
        assertEquals(403, response.statusCode(), response.body());
        assertEquals(1, LOG.denials().size(), LOG.messages().toString());
        assertTrue(LOG.denials().get(0).contains("reason=expired"), LOG.denials().get(0));
    }

    @Test
    void aPathWithoutConstraintIsStillCertGates() throws Exception {
        HttpResponse<String> response = get(null, "/elsewhere");
        assertEquals(403, response.statusCode(), response.body());
        assertTrue(LOG.denials().get(0).contains("reason=no-certificate"), LOG.messages().toString());
    }

    @Test
    void aPathCertGateOpensButJettyGuardsStillNeedsAUser() throws Exception {
        HttpResponse<String> response = get(null, "/app/public/x");
        assertEquals(403, response.statusCode(), response.body());
        assertEquals(List.of(), LOG.denials(), "CertGate allowed the open path; Jetty's constraint refused nobody");
    }

    @Test
    void anOpenPathWithoutCertificateIsServedToNobody() throws Exception {
        HttpResponse<String> response = get(null, "/open/x");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("PAGE /open/x user=null", response.body());
        assertEquals("-", header(response, "X-Probe-User"));
    }

    @Test
    void aFilterMappedBeforeEverythingSeesTheAuthenticatedCaller() throws Exception {
        HttpResponse<String> response = get("alice", "/app/");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("alice", header(response, "X-Probe-User"));
        assertTrue(header(response, "X-Probe-Principal").startsWith("CertificatePrincipal CN=alice"),
                header(response, "X-Probe-Principal"));
        assertEquals("true", header(response, "X-Probe-Admin"));
        assertEquals("true", header(response, "X-Probe-Ops"));
        assertEquals("CLIENT_CERT", header(response, "X-Probe-AuthType"));
        assertEquals("present", header(response, "X-Probe-Identity"));
    }

    @Test
    void bobsRolesAreHisOwn() throws Exception {
        HttpResponse<String> response = get("bob", "/app/");
        assertEquals("false", header(response, "X-Probe-Admin"));
        assertEquals("true", header(response, "X-Probe-Ops"));
    }

    @Test
    void theRequestLogNamesAlice() throws Exception {
        assertEquals(200, get("alice", "/app/logged").statusCode());
        String expected = "alice GET /app/logged HTTP/1.1 200";
        for (int i = 0; i < 100 && !REQUEST_LOG.contains(expected); i++) {
            Thread.sleep(50);
        }
        assertTrue(REQUEST_LOG.contains(expected), REQUEST_LOG.toString());
    }

    @Test
    void aDeniedPageIsRefusedSinceNoServletRunsYet() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new CertGateAuthenticator(Map.of("allowed-cns", "alice", "denied-page", "/denied.html")));
        assertTrue(refused.getMessage().contains("init-param 'denied-page'"), refused.getMessage());
    }
}
