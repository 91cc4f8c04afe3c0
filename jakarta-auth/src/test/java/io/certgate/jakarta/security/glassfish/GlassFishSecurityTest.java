package io.certgate.jakarta.security.glassfish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.certgate.jakarta.TestTls;

/**
 * CertGate's Jakarta Security mechanism on a full Jakarta EE 10 server: embedded GlassFish 7 runs a real WAR
 * whose {@code @CertGateAuthenticationMechanismDefinition} enables it; Jakarta REST, a CDI request-scoped
 * bean, an enterprise bean's {@code @RolesAllowed("admin")}, a {@code security-constraint} and the
 * application's own {@code IdentityStore} all see the client CertGate proved.
 *
 * <p>The certificate comes as nginx passes it ({@code sources=header}; the test client on 127.0.0.1 is the
 * trusted proxy), not over TLS: embedded GlassFish takes its TLS keys and trust from the domain's key store
 * files and validates client certificates against its own trust store in the handshake, so an expired or
 * foreign certificate would be refused there, before CertGate. CertGate still validates each certificate
 * against the demo CA ({@code trusted-ca}) itself.
 */
class GlassFishSecurityTest {
    private static TestTls tls;
    private static Path workDir;
    private static GlassFishServer glassfish;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        tls = TestTls.create();
        workDir = Files.createTempDirectory("certgate-glassfish-");
        Path war = TestWar.build(workDir, tls.pki().file("ca.crt"));
        glassfish = GlassFishServer.start(war, "shop", workDir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (glassfish != null) {
            glassfish.close();
        }
        TestTls.deleteTree(workDir);
        tls.delete();
    }

    /** GET as the proxy would pass {@code client}'s certificate, or with no certificate when null. */
    private static HttpResponse<String> get(String client, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + glassfish.port() + "/shop" + path)).timeout(Duration.ofSeconds(60));
        if (client == null) {
            request.header("X-Client-Verify", "NONE");
        } else {
            String pem = Files.readString(tls.pki().file(client + ".crt"));
            request.header("X-Client-Verify", "SUCCESS")
                    .header("X-Client-Cert", URLEncoder.encode(pem, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final AtomicInteger SYNCS = new AtomicInteger();

    /**
     * How many console lines there are once every line logged so far has been read: the console is read by a
     * thread of its own, so a denial can still be on its way when the response is in. A request without a
     * certificate to a path of its own is denied and logged after anything the requests before it logged;
     * when its line is in, so are theirs.
     */
    private static int settled() throws Exception {
        String path = "/sync-" + SYNCS.incrementAndGet();
        assertEquals(403, get(null, path).statusCode());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (glassfish.output().stream().noneMatch(line -> line.contains("CertGate denied")
                && line.contains(path + "\""))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no denial logged for " + path + "\n" + glassfish.tail(20));
            }
            Thread.sleep(20);
        }
        return glassfish.output().size();
    }

    /** CertGate's denial lines logged after {@code mark} (from {@link #settled()}), but for the syncs'. */
    private static List<String> certGateDenialsSince(int mark) throws Exception {
        int end = settled();
        return glassfish.output().subList(mark, end).stream()
                .filter(line -> line.contains("CertGate denied") && !line.contains("/sync-")).toList();
    }

    @Test
    void aliceIsServedTheEnterpriseBeansAdminPage() throws Exception {
        HttpResponse<String> response = get("alice", "/api/admin");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("ADMIN PAGE for alice", response.body());
    }

    @Test
    void bobIsRefusedByTheEnterpriseBeansRoleCheckNotByCertGate() throws Exception {
        int mark = settled();
        HttpResponse<String> response = get("bob", "/api/admin");
        assertEquals(403, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("EJB CONTAINER REFUSED"), response.body());
        assertEquals(List.of(), certGateDenialsSince(mark), "CertGate let bob in; the EJB container refused him");
    }

    @Test
    void bobIsRefusedTheAdminPagesByGlassFishsSecurityConstraint() throws Exception {
        int mark = settled();
        HttpResponse<String> response = get("bob", "/admin/x");
        assertEquals(403, response.statusCode(), response.body());
        assertFalse(response.body().contains("client certificate"), response.body());
        assertEquals(List.of(), certGateDenialsSince(mark), "CertGate let bob in; GlassFish's constraint refused him");
    }

    @Test
    void aliceIsServedTheAdminPagesThroughGlassFishsSecurityConstraint() throws Exception {
        HttpResponse<String> response = get("alice", "/admin/x");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("PAGE /shop/admin/x user=alice", response.body());
    }

    @Test
    void noCertificateIsRefusedByCertGateWithItsReasonAndBody() throws Exception {
        int mark = settled();
        HttpResponse<String> response = get(null, "/api/whoami");
        assertEquals(403, response.statusCode(), response.body());
        assertTrue(response.body().contains("client certificate required"), response.body());
        List<String> denials = certGateDenialsSince(mark);
        assertEquals(1, denials.size(), denials + "\n" + glassfish.tail(20));
        assertTrue(denials.get(0).contains("reason=no-certificate"), denials.toString());
    }

    @Test
    void anExpiredCertificateIsDeniedByCertGate() throws Exception {
        int mark = settled();
        HttpResponse<String> response = get("expired", "/api/whoami");
        assertEquals(403, response.statusCode(), response.body());
        List<String> denials = certGateDenialsSince(mark);
        assertEquals(1, denials.size(), denials + "\n" + glassfish.tail(20));
        assertTrue(denials.get(0).contains("reason=expired"), denials.toString());
    }

    @Test
    void securityContextNamesAliceWithHerRolesAndInjectsHerIdentity() throws Exception {
        HttpResponse<String> response = get("alice", "/api/whoami");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("caller=alice certificate-principals=[alice] admin=true ops=true"
                + " auditor=false identity=CN=alice"), response.body());
    }

    @Test
    void theApplicationsIdentityStoreAddsGroupsToCertGatesRoles() throws Exception {
        HttpResponse<String> response = get("bob", "/api/whoami");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("caller=bob certificate-principals=[bob] admin=false ops=true"
                + " auditor=true identity=CN=bob"), response.body());
    }

    @Test
    void anOpenPathWithoutCertificateIsServedToNobody() throws Exception {
        HttpResponse<String> response = get(null, "/open/x");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("PAGE /shop/open/x user=null", response.body());
    }
}
