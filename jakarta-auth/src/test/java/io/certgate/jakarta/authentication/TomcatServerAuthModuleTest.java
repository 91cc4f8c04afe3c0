package io.certgate.jakarta.authentication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.certgate.jakarta.LogCapture;
import io.certgate.jakarta.TestTls;

/**
 * CertGate's {@link CertGateServerAuthModule} as Tomcat 11's own authentication, registered by the
 * application with one {@code AuthConfigFactory.registerServerAuthModule} call, proven with real TLS client
 * certificates: the container's {@code security-constraint}s decide by CertGate's principal and roles.
 */
class TomcatServerAuthModuleTest {
    private static TestTls tls;
    private static Path baseDir;
    private static TomcatServer tomcat;
    private static final LogCapture LOG = new LogCapture();

    @BeforeAll
    static void start() throws Exception {
        tls = TestTls.create();
        baseDir = Files.createTempDirectory("certgate-jaspic-tomcat-");
        LOG.start();
        tomcat = TomcatServer.start(tls, baseDir, webapp());
    }

    static Path webapp() throws Exception {
        return Path.of(TomcatServerAuthModuleTest.class.getResource("/webapp/WEB-INF/web.xml").toURI())
                .getParent().getParent();
    }

    @AfterAll
    static void stop() throws Exception {
        LOG.stop();
        if (tomcat != null) {
            tomcat.close();
        }
        TestTls.deleteTree(baseDir);
        tls.delete();
    }

    @BeforeEach
    void clearLog() {
        LOG.clear();
    }

    private static HttpResponse<String> get(String client, String path) throws Exception {
        return tls.get(client, tomcat.port(), path);
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
    void bobIsRefusedTheAdminPageByTheContainersRoleCheck() throws Exception {
        HttpResponse<String> response = get("bob", "/admin/");
        assertEquals(403, response.statusCode(), response.body());
        assertEquals(List.of(), LOG.denials(), "CertGate let bob in; the container's constraint refused him");
    }

    @Test
    void bobIsServedTheApplicationAsAnyAuthenticatedUser() throws Exception {
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
    void aPathCertGateOpensButTheContainerGuardsStillNeedsACaller() throws Exception {
        HttpResponse<String> response = get(null, "/app/public/x");
        assertEquals(403, response.statusCode(), response.body());
        assertEquals(List.of(), LOG.denials(), "CertGate allowed the open path; the container's ** refused nobody");
    }

    @Test
    void anOpenPathWithoutCertificateIsServedToNobody() throws Exception {
        HttpResponse<String> response = get(null, "/open/x");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("PAGE /open/x user=null", response.body());
        assertEquals("-", header(response, "X-Probe-User"));
        assertEquals("null", header(response, "X-Probe-AuthType"));
    }

    @Test
    void anOpenPathWithACertificateStillNamesTheCaller() throws Exception {
        HttpResponse<String> response = get("alice", "/open/x");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("alice", header(response, "X-Probe-User"));
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
    void theAccessLogNamesAlice() throws Exception {
        assertEquals(200, get("alice", "/app/logged").statusCode());
        String expected = "alice GET /app/logged HTTP/1.1 200";
        List<String> lines = List.of();
        // The valve writes its line after the response has gone out.
        for (int i = 0; i < 100 && !lines.contains(expected); i++) {
            Thread.sleep(50);
            lines = tomcat.accessLog();
        }
        assertTrue(lines.contains(expected), lines.toString());
    }
}
