package io.certgate.dropin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.certgate.pki.DemoPki;

/**
 * The first way in docs/dropin.md: an ordinary WAR with filter-core in {@code WEB-INF/lib} and the README's
 * Quick start {@code web.xml} block pasted into its {@code web.xml} exactly as written (its
 * {@code allowed-cns}, {@code rules} and {@code roles} are already the demo's: nothing is adapted), on the
 * system Tomcat behind the documented connector. A second WAR has the same block with one init-param name
 * misspelt, and must not start. One Tomcat for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WarOnSystemTomcatTest {
    private static final String NONE = "none";

    private DemoPki pki;
    private SystemTomcat tomcat;
    private final Map<String, Https> clients = new HashMap<>();

    @BeforeAll
    void deployAndStart(@TempDir Path temporary) throws Exception {
        pki = DemoPki.ensure(temporary.resolve("pki"));
        int port = SystemTomcat.freePort();
        Path base = SystemTomcat.documentedBase(temporary.resolve("catalina-base"), pki, port);

        String snippet = Snippets.readmeWebXml();
        War.of("shop").inserting(snippet).library(War.filterCoreJar()).writeTo(base.resolve("webapps/shop.war"));
        War.of("shop").inserting(Snippets.replaceOnce(snippet, "<param-name>allowed-cns</param-name>",
                "<param-name>alowed-cns</param-name>")).library(War.filterCoreJar())
                .writeTo(base.resolve("webapps/misspelt.war"));

        tomcat = SystemTomcat.start(base, port, Map.of());
        clients.put(NONE, Https.as(pki, null));
        for (String name : DemoPki.CLIENTS) {
            clients.put(name, Https.as(pki, name));
        }
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    /** The demo's table for the certificates Tomcat's handshake lets through (the CA's, unexpired). */
    @ParameterizedTest(name = "{0} GET {1} -> {2}")
    @CsvSource({
        "none,  /unprotected/, 200", "alice, /unprotected/, 200", "bob, /unprotected/, 200",
        "none,  /,             403", "alice, /,             200", "bob, /,             200",
        "none,  /admin/,       403", "alice, /admin/,       200", "bob, /admin/,       403",
        "revoked, /unprotected/, 200", "revoked, /admin/, 403",
    })
    void decisionTableHolds(String who, String path, int status) throws Exception {
        HttpResponse<String> response = get(who, "/shop" + path);
        assertEquals(status, response.statusCode(), () -> who + " GET " + path + ":\n" + response.body());
        if (status == 200) {
            assertTrue(response.body().startsWith("shop "), "the application answered: " + response.body());
        }
    }

    /** mallory (rogue CA) and expired never reach CertGate: the connector's trust store refuses them. */
    @ParameterizedTest
    @ValueSource(strings = {"mallory", "expired"})
    void handshakeRefusesWhatTheTrustStoreDoesNot(String who) {
        assertThrows(IOException.class, () -> get(who, "/shop/unprotected/"));
    }

    @Test
    void theApplicationSeesTheCertificateThroughTheServletApi() throws Exception {
        assertEquals("shop page / user=alice auth=CLIENT_CERT identity=webapp", get("alice", "/shop/").body());
        assertEquals("shop admin console for alice admin-role=true", get("alice", "/shop/admin/").body());
        assertEquals("shop page /unprotected/ user=null auth=null identity=none",
                get(NONE, "/shop/unprotected/").body());
    }

    @Test
    void anOpenPageCannotForwardToTheAdminPage() throws Exception {
        // /unprotected/report forwards to /admin/report: the FORWARD dispatcher of the README block checks it.
        assertEquals(403, get("bob", "/shop/unprotected/report").statusCode());
        assertEquals(403, get(NONE, "/shop/unprotected/report").statusCode());
        assertEquals("shop admin console for alice admin-role=true", get("alice", "/shop/unprotected/report").body());
    }

    @Test
    void forgedProxyHeadersAreIgnored() throws Exception {
        // sources defaults to tls: the headers a proxy would send mean nothing on a direct connection.
        String[] forged = {"X-Client-Verify", "SUCCESS", "X-Client-Dn", "CN=alice",
            "X-Client-Cert", pki.client("alice").certificatePem().replace('\n', ' ')};
        assertEquals(403, get(NONE, "/shop/", forged).statusCode());
        assertEquals(403, get(NONE, "/shop/admin/", forged).statusCode());
        assertEquals(403, get("bob", "/shop/admin/", forged).statusCode());
    }

    @Test
    void aMisspeltParameterStopsTheApplication() throws Exception {
        // Tomcat does not start a context whose filter fails init: every path, open ones included, is 404.
        HttpResponse<String> open = get(NONE, "/misspelt/unprotected/");
        assertEquals(404, open.statusCode(), open.body());
        assertEquals(404, get("alice", "/misspelt/").statusCode());
        assertFalse(open.body().startsWith("misspelt "), open.body());
        String log = tomcat.log();
        assertTrue(log.contains("CertGate configuration error") && log.contains("alowed-cns"), log);
    }

    private HttpResponse<String> get(String who, String path, String... headers) throws Exception {
        return clients.get(who).get(tomcat.port(), path, headers);
    }
}
