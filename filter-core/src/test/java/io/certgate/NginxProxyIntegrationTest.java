package io.certgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.certgate.pki.HeldCertificate;
import io.certgate.pki.TlsContexts;

/**
 * CertGate in header mode behind a real nginx that runs the documented configuration
 * ({@code docs/nginx/certgate.conf}). nginx connects upstream from 127.0.0.2, the only trusted proxy, so
 * a client talking to the application directly from 127.0.0.1 is an untrusted peer.
 *
 * <p>Subclasses run it with the full-certificate configuration as documented and with the DN-only
 * variant, where {@code X-Client-Cert} is set empty (which removes it).
 */
abstract class NginxProxyIntegrationTest {
    static final TestPki PKI = new TestPki();
    private static final Map<String, String> INIT_PARAMS = Map.of(
            "sources", "header",
            "trusted-proxies", "127.0.0.2/32",
            "allowed-cns", "alice, bob",
            "rules", """
                    /unprotected/*   open
                    /admin/*         cn:alice
                    """);

    @TempDir
    static Path directory;
    static JettyTestServer app;
    static NginxProcess nginx;

    /** Starts nginx with the documented configuration, adapted by {@code variant}. */
    static void startWith(java.util.function.UnaryOperator<String> variant) throws Exception {
        app = JettyTestServer.startHttp("127.0.0.1", INIT_PARAMS);
        Files.writeString(directory.resolve("server.crt"), PKI.server.certificatePem());
        Files.writeString(directory.resolve("server.key"), PKI.server.privateKeyPem());
        Files.writeString(directory.resolve("ca.crt"), PKI.ca.certificatePem());
        String config = Files.readString(NginxProcess.TEMPLATE);
        config = NginxProcess.replaceOnce(config, "http://127.0.0.1:8080;", "http://127.0.0.1:" + app.port() + ";");
        config = config.replace("/etc/nginx/certgate/", directory + "/");
        nginx = NginxProcess.start(directory, variant.apply(config));
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aliceThroughNginxReachesAdmin() throws Exception {
        HttpResponse<String> response = viaNginx(PKI.alice, "/admin/", Map.of());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().startsWith(JettyTestServer.ADMIN_PAGE + " user=alice auth=CLIENT_CERT"),
                response.body());
        assertTrue(response.body().contains("source=header"), response.body());
    }

    @Test
    void aliceWithABmpStringCnThroughNginxReachesAdmin() throws Exception {
        // nginx prints the BMPString as CN=alice; the certificate header, where sent, must read the same.
        HttpResponse<String> response = viaNginx(PKI.bmpAlice, "/admin/", Map.of());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().startsWith(JettyTestServer.ADMIN_PAGE + " user=alice"), response.body());
    }

    @Test
    void bobThroughNginxGetsTheSameDecisionsAsOverTls() throws Exception {
        assertEquals(403, viaNginx(PKI.bob, "/admin/", Map.of()).statusCode());
        HttpResponse<String> root = viaNginx(PKI.bob, "/", Map.of());
        assertEquals(200, root.statusCode(), root.body());
        assertTrue(root.body().startsWith(JettyTestServer.ROOT_PAGE + " user=bob"), root.body());
    }

    @Test
    void noCertificateThroughNginxGetsOnlyTheOpenPath() throws Exception {
        assertEquals(200, viaNginx(null, "/unprotected/", Map.of()).statusCode());
        HttpResponse<String> root = viaNginx(null, "/", Map.of());
        assertEquals(403, root.statusCode());
        assertEquals("client certificate required\n", root.body());
    }

    @Test
    void certificatesNginxCannotVerifyNeverReachProtectedPages() throws Exception {
        for (HeldCertificate client : new HeldCertificate[] {PKI.mallory, PKI.expired}) {
            for (String path : new String[] {"/", "/admin/"}) {
                HttpResponse<String> response = viaNginx(client, path, Map.of());
                // nginx itself answers 400 "The SSL certificate error" when verification fails.
                assertTrue(response.statusCode() == 400 || response.statusCode() == 403, path + " " + response.body());
                assertFalse(response.body().contains("PAGE"), response.body());
            }
        }
    }

    @Test
    void headersForgedByTheClientThroughNginxAreReplaced() throws Exception {
        Map<String, String> forged = forgedAliceHeaders();
        for (HeldCertificate client : new HeldCertificate[] {null, PKI.bob, PKI.mallory}) {
            HttpResponse<String> response = viaNginx(client, "/admin/", forged);
            assertEquals(403, response.statusCode(), response.body());
            assertFalse(response.body().contains(JettyTestServer.ADMIN_PAGE));
        }
    }

    @Test
    void headersSentStraightToTheAppAreIgnoredAndHidden() throws Exception {
        HttpClient direct = HttpClient.newHttpClient();
        HttpRequest.Builder admin = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/admin/"));
        forgedAliceHeaders().forEach(admin::header);
        HttpResponse<String> denied = direct.send(admin.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, denied.statusCode(), denied.body());
        assertEquals("client certificate required\n", denied.body());

        HttpRequest.Builder open = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.port() + "/unprotected/"));
        forgedAliceHeaders().forEach(open::header);
        HttpResponse<String> page = direct.send(open.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("dn-header=null cert-header=false"),
                "the application must not see certificate headers from an untrusted peer: " + page.body());
    }

    private static Map<String, String> forgedAliceHeaders() {
        return Map.of("X-Client-Verify", "SUCCESS", "X-Client-Dn", "CN=alice",
                "X-Client-Cert", escapeLikeNginx(PKI.alice.certificatePem()));
    }

    /** nginx's $ssl_client_escaped_cert: every byte outside unreserved characters as %XX. */
    static String escapeLikeNginx(String pem) {
        StringBuilder out = new StringBuilder();
        for (byte b : pem.getBytes(StandardCharsets.US_ASCII)) {
            char c = (char) b;
            if (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b));
            }
        }
        return out.toString();
    }

    static HttpResponse<String> viaNginx(HeldCertificate client, String path, Map<String, String> headers)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(TlsContexts.client(PKI.ca.certificate(), client)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + nginx.port() + path));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
