package io.certgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rule listing only {@code GET} ({@code /admin/* GET cn:alice}) against the two requests that reach a GET
 * handler without saying {@code GET HTTP/1.1}: {@code HEAD}, which both containers serve by running
 * {@code doGet} and dropping the body, and an HTTP/0.9-style request line with no version. On real Jetty 12 and
 * Tomcat 11, identities as nginx passes them (DN only, from the trusted proxy address).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeadAndHttp09AgainstGetOnlyRuleTest {
    private static final Map<String, String> INIT_PARAMS = Map.of(
            "allowed-cns", "alice, bob",
            "rules", "/admin/* GET cn:alice\n/reports/* HEAD any\n/reports/* GET cn:alice",
            "sources", "header",
            "trusted-proxies", "127.0.0.1/32",
            "proxy-format", "nginx");

    private BothContainers servers;

    @BeforeAll
    void start() throws Exception {
        servers = BothContainers.startHttp(INIT_PARAMS);
    }

    @AfterAll
    void stop() throws Exception {
        servers.close();
    }

    /**
     * HEAD runs GET's handler, so a GET rule covers it (docs/limits.md): bob, whom GET refuses, is refused a
     * HEAD too, and alice, whom GET lets in, may HEAD.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Jetty", "Tomcat"})
    void headIsJudgedByTheGetOnlyRule(String container) throws IOException {
        RawHttps.Response bob = send(container, "HEAD /admin/ HTTP/1.1", "bob");
        assertEquals(403, bob.status(), bob::text);
        assertEquals(403, send(container, "GET /admin/ HTTP/1.1", "bob").status());
        assertEquals(200, send(container, "HEAD /admin/ HTTP/1.1", "alice").status());
        RawHttps.Response alice = send(container, "GET /admin/ HTTP/1.1", "alice");
        assertTrue(alice.body().startsWith(JettyTestServer.ADMIN_PAGE + " user=alice"), alice::text);
    }

    /** A HEAD rule more lenient than the GET rule does not open what GET refuses: HEAD runs doGet. */
    @ParameterizedTest
    @ValueSource(strings = {"Jetty", "Tomcat"})
    void aLenientHeadRuleDoesNotOpenWhatGetRefuses(String container) throws IOException {
        RawHttps.Response bob = send(container, "HEAD /reports/x HTTP/1.1", "bob");
        assertEquals(403, bob.status(), bob::text);
        assertEquals(200, send(container, "HEAD /reports/x HTTP/1.1", "alice").status());
    }

    /** {@code GET /admin/} with no version: the container refuses it or the filter does; the page is never served. */
    @ParameterizedTest
    @ValueSource(strings = {"Jetty", "Tomcat"})
    void http09RequestLineNeverGetsTheAdminPage(String container) throws IOException {
        for (String who : new String[] {"bob", null}) {
            String request = "GET /admin/\r\n" + (who == null ? "" : "X-Client-Verify: SUCCESS\r\nX-Client-Dn: CN=" + who
                    + "\r\n") + "\r\n";
            RawHttps.Response response = RawHttps.sendPlain(port(container), request);
            assertFalse(response.text().contains(JettyTestServer.ADMIN_PAGE), () -> who + ":\n" + response.text());
            assertTrue(response.status() == -1 || response.status() >= 400, () -> who + ":\n" + response.text());
        }
        RawHttps.Response bare = RawHttps.sendPlain(port(container), "GET /admin/\r\n");
        assertFalse(bare.text().contains(JettyTestServer.ADMIN_PAGE), bare::text);
    }

    private RawHttps.Response send(String container, String requestLine, String cn) throws IOException {
        return RawHttps.sendPlain(port(container), requestLine + "\r\nHost: localhost\r\nX-Client-Verify: SUCCESS\r\n"
                + "X-Client-Dn: CN=" + cn + "\r\nConnection: close\r\n\r\n");
    }

    private int port(String container) {
        return servers.port(container);
    }
}
