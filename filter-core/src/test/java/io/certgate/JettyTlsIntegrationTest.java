package io.certgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.certgate.pki.HeldCertificate;
import io.certgate.pki.TlsContexts;

/**
 * The filter in a real Jetty 12 over real TLS handshakes, configured through init-params as in web.xml.
 */
class JettyTlsIntegrationTest {
    private static final TestPki PKI = new TestPki();
    private static final Map<String, String> INIT_PARAMS = Map.of(
            "allowed-cns", "alice, bob",
            "rules", """
                    # open pages first, then the admin area
                    /unprotected/*   open
                    /admin/*         cn:alice
                    /                allowlist
                    """,
            "roles", "admin=alice");

    private static JettyTestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = JettyTestServer.startTls(PKI.server, PKI.ca.certificate(), false, INIT_PARAMS);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aliceReachesAdminAsAuthenticatedClientCertUser() throws Exception {
        HttpResponse<String> response = get(PKI.alice, "/admin/");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().startsWith(JettyTestServer.ADMIN_PAGE
                + " user=alice auth=CLIENT_CERT admin-role=true identity=true source=tls"), response.body());
        assertTrue(response.body().endsWith("x509-attribute=CN=alice"), response.body());
    }

    @Test
    void aliceWithABmpStringCnReachesAdmin() throws Exception {
        HttpResponse<String> response = get(PKI.bmpAlice, "/admin/");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().startsWith(JettyTestServer.ADMIN_PAGE + " user=alice"), response.body());
    }

    @Test
    void bobIsRefusedAdminButReachesRoot() throws Exception {
        HttpResponse<String> admin = get(PKI.bob, "/admin/");
        assertEquals(403, admin.statusCode());
        assertEquals("client certificate not allowed\n", admin.body());
        assertFalse(admin.body().contains("alice"), "a denial must not reveal the allowlist");

        HttpResponse<String> root = get(PKI.bob, "/");
        assertEquals(200, root.statusCode(), root.body());
        assertTrue(root.body().startsWith(JettyTestServer.ROOT_PAGE + " user=bob auth=CLIENT_CERT admin-role=false"),
                root.body());
    }

    @Test
    void noCertificateGetsOpenPathOnlyAndTheRequestIsNotAuthenticated() throws Exception {
        HttpResponse<String> open = get(null, "/unprotected/");
        assertEquals(200, open.statusCode());
        assertTrue(open.body().startsWith(JettyTestServer.OPEN_PAGE
                + " user=null auth=null admin-role=false identity=false"), open.body());

        HttpResponse<String> root = get(null, "/");
        assertEquals(403, root.statusCode());
        assertEquals("client certificate required\n", root.body());
    }

    @Test
    void certificateOnOpenPathIsOfferedToTheApplication() throws Exception {
        HttpResponse<String> open = get(PKI.bob, "/unprotected/page");
        assertEquals(200, open.statusCode());
        assertTrue(open.body().contains("user=bob"), open.body());
    }

    @Test
    void denialIsJsonWhenTheClientPrefersJson() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/admin/")).header("Accept", "application/json").build();
        HttpResponse<String> response = client(PKI.bob).send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(403, response.statusCode());
        assertEquals("{\"status\":403,\"error\":\"client certificate not allowed\"}", response.body());
        assertEquals("application/json;charset=utf-8",
                response.headers().firstValue("Content-Type").orElse("").toLowerCase().replace(" ", ""));
    }

    @Test
    void expiredCertificateIsRefusedEvenWhenTheHandshakeAcceptsIt() throws Exception {
        try (JettyTestServer trustAll = JettyTestServer.startTls(PKI.server, PKI.ca.certificate(), true, INIT_PARAMS)) {
            for (String path : new String[] {"/admin/", "/"}) {
                RawHttps.Response response = RawHttps.send(TlsContexts.client(PKI.ca.certificate(), PKI.expired),
                        trustAll.port(), "GET", path);
                assertEquals(403, response.status(), response.text());
                assertEquals("client certificate not allowed\n", response.body());
            }
            RawHttps.Response open = RawHttps.send(TlsContexts.client(PKI.ca.certificate(), PKI.expired),
                    trustAll.port(), "GET", "/unprotected/");
            assertEquals(200, open.status(), open.text());
            assertTrue(open.body().contains("user=null"), "an expired certificate must not authenticate: " + open.body());
        }
    }

    /** Raw targets that some server or framework resolves to /admin/: none may serve the admin page to bob. */
    @ParameterizedTest
    @ValueSource(strings = {
        "/admin;x/", "/unprotected/..;/admin/", "/unprotected/%2e%2e/admin/", "/unprotected/%2E%2E/admin/",
        "//admin/", "/ADMIN/", "/Admin/", "/admin", "/admin/.", "/./admin/", "/unprotected/../admin/",
        "/unprotected%2f..%2fadmin/", "/unprotected/%252e%252e/admin/", "/unprotected/..%5cadmin/",
        "/admin%2f", "/%61dmin/", "/admin./", "/unprotected/;/../admin/", "/unprotected/.;/../admin/",
        "/admin%00/", "/admin/%2e", "http://127.0.0.1/admin/",
    })
    void pathTricksNeverServeTheAdminPageToBob(String target) throws Exception {
        for (HeldCertificate client : new HeldCertificate[] {PKI.bob, null}) {
            for (String method : new String[] {"GET", "HEAD", "POST"}) {
                RawHttps.Response response = RawHttps.send(
                        TlsContexts.client(PKI.ca.certificate(), client), server.port(), method, target);
                assertFalse(response.text().contains(JettyTestServer.ADMIN_PAGE),
                        method + " " + target + " served the admin page:\n" + response.text());
                if (response.status() == 200) {
                    assertFalse(response.text().contains("user=null") && !response.text().contains(
                            JettyTestServer.OPEN_PAGE), method + " " + target
                            + " reached a protected page without a certificate:\n" + response.text());
                }
            }
        }
    }

    @Test
    void aliceStillReachesAdminThroughHarmlessSpellings() throws Exception {
        for (String target : new String[] {"/admin", "/admin/x?y=1", "/admin/%78"}) {
            RawHttps.Response response = RawHttps.send(TlsContexts.client(PKI.ca.certificate(), PKI.alice),
                    server.port(), "GET", target);
            assertEquals(200, response.status(), target + "\n" + response.text());
            assertTrue(response.body().startsWith(JettyTestServer.ADMIN_PAGE + " user=alice"), response.text());
        }
    }

    private static HttpResponse<String> get(HeldCertificate client, String path) throws Exception {
        return client(client).send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client(HeldCertificate client) {
        SSLContext context = TlsContexts.client(PKI.ca.certificate(), client);
        return HttpClient.newBuilder().sslContext(context).build();
    }

    private static URI uri(String path) {
        return URI.create("https://127.0.0.1:" + server.port() + path);
    }
}
