package io.certgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Forged and mangled nginx headers against the filter in DN-only mode, on real Jetty 12 and Tomcat 11.
 *
 * <p>The demos set {@code trusted-ca}, so a DN header alone is refused there before the DN parser matters.
 * Here the filter runs as a deployment that passes only {@code $ssl_client_s_dn} would run it: no
 * {@code trusted-ca}, {@code sources=header}, {@code trusted-proxies=127.0.0.1/32}, so every trick below
 * reaches the header reader, the DN parser and the policy. Each request is sent byte for byte over a socket
 * (bound to 127.0.0.3 for an untrusted peer) and tries to be alice; the pass condition is that the
 * alice-only page is never served and no page ever names alice as the user. The container may refuse a
 * request itself (400). Controls show the same server does serve alice her page when nginx says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DnHeaderAttackTest {
    private static final Map<String, String> INIT_PARAMS = Map.of(
            "allowed-cns", "alice, bob",
            "rules", "/unprotected/* open\n/admin/* cn:alice",
            "sources", "header",
            "trusted-proxies", "127.0.0.1/32",
            "proxy-format", "nginx");
    private static final String TRUSTED = "127.0.0.1";
    private static final String UNTRUSTED = "127.0.0.3";
    private static final String SUCCESS = "X-Client-Verify: SUCCESS\r\n";

    private final TestPki pki = new TestPki();
    private BothContainers servers;

    @BeforeAll
    void start() throws Exception {
        servers = BothContainers.startHttp(INIT_PARAMS);
    }

    @AfterAll
    void stop() throws Exception {
        servers.close();
    }

    /** A name, the client's address and the header lines (each ending in CRLF). */
    record Attack(String name, String from, String headers) {
        @Override
        public String toString() {
            return name + (from.equals(TRUSTED) ? "" : " (from " + from + ")");
        }
    }

    private static Attack dn(String name, String dn) {
        return new Attack(name, TRUSTED, SUCCESS + "X-Client-Dn: " + dn + "\r\n");
    }

    List<Attack> attacks() {
        String alicePem = NginxProxyIntegrationTest.escapeLikeNginx(pki.alice.certificatePem());
        return List.of(
            // Where the headers come from.
            new Attack("alice's DN from an untrusted peer", UNTRUSTED, SUCCESS + "X-Client-Dn: CN=alice\r\n"),
            new Attack("alice's DN from an untrusted peer, mixed-case names", UNTRUSTED,
                    "x-client-verify: SUCCESS\r\nX-CLIENT-DN: CN=alice\r\n"),
            new Attack("alice's DN from an untrusted peer naming the proxy in X-Forwarded-For", UNTRUSTED,
                    "X-Forwarded-For: 127.0.0.1\r\nX-Real-IP: 127.0.0.1\r\nForwarded: for=127.0.0.1\r\n" + SUCCESS
                            + "X-Client-Dn: CN=alice\r\n"),
            new Attack("alice's certificate from an untrusted peer", UNTRUSTED,
                    SUCCESS + "X-Client-Cert: " + alicePem + "\r\n"),

            // Duplicated, folded and split headers.
            new Attack("DN header twice: bob, then alice", TRUSTED,
                    SUCCESS + "X-Client-Dn: CN=bob\r\nX-Client-Dn: CN=alice\r\n"),
            new Attack("DN header twice, the second in lower case", TRUSTED,
                    SUCCESS + "X-Client-Dn: CN=bob\r\nx-client-dn: CN=alice\r\n"),
            new Attack("verify header twice: NONE, then SUCCESS", TRUSTED,
                    "X-Client-Verify: NONE\r\n" + SUCCESS + "X-Client-Dn: CN=alice\r\n"),
            new Attack("obs-fold continuation of the DN", TRUSTED, SUCCESS + "X-Client-Dn: CN=bob\r\n ,CN=alice\r\n"),
            new Attack("obs-fold continuation holding a second DN header", TRUSTED,
                    SUCCESS + "X-Client-Dn: CN=bob\r\n\tX-Client-Dn: CN=alice\r\n"),
            new Attack("obs-fold continuation of the verify header", TRUSTED,
                    "X-Client-Verify: FAILED:x\r\n SUCCESS\r\nX-Client-Dn: CN=alice\r\n"),
            new Attack("bare CR inside the DN value", TRUSTED, SUCCESS + "X-Client-Dn: CN=bob\rX-Client-Dn: CN=alice\r\n"),
            new Attack("bare LF inside the DN value", TRUSTED, SUCCESS + "X-Client-Dn: CN=bob\nX-Client-Dn: CN=alice\r\n"),
            new Attack("space before the colon", TRUSTED, SUCCESS + "X-Client-Dn : CN=alice\r\n"),
            new Attack("underscores for dashes", TRUSTED, "X_Client_Verify: SUCCESS\r\nX_Client_Dn: CN=alice\r\n"),

            // The verify header.
            new Attack("X-Client-Verify: success (wrong case)", TRUSTED,
                    "X-Client-Verify: success\r\nX-Client-Dn: CN=alice\r\n"),
            new Attack("X-Client-Verify: Success", TRUSTED, "X-Client-Verify: Success\r\nX-Client-Dn: CN=alice\r\n"),
            new Attack("X-Client-Verify: SUCCESS with a trailing no-break space", TRUSTED,
                    "X-Client-Verify: SUCCESS\u00a0\r\nX-Client-Dn: CN=alice\r\n"),
            new Attack("X-Client-Verify: SUCCESS with a trailing vertical tab", TRUSTED,
                    "X-Client-Verify: SUCCESS\u000b\r\nX-Client-Dn: CN=alice\r\n"),
            new Attack("X-Client-Verify: SUCCESS,SUCCESS", TRUSTED,
                    "X-Client-Verify: SUCCESS,SUCCESS\r\nX-Client-Dn: CN=alice\r\n"),
            new Attack("X-Client-Verify: \"SUCCESS\"", TRUSTED, "X-Client-Verify: \"SUCCESS\"\r\nX-Client-Dn: CN=alice\r\n"),
            new Attack("X-Client-Verify: FAILED with alice's DN", TRUSTED,
                    "X-Client-Verify: FAILED:certificate has expired\r\nX-Client-Dn: CN=alice\r\n"),
            new Attack("X-Client-Verify: NONE with alice's DN", TRUSTED, "X-Client-Verify: NONE\r\nX-Client-Dn: CN=alice\r\n"),
            new Attack("no verify header", TRUSTED, "X-Client-Dn: CN=alice\r\n"),

            // The DN itself: parsed, never searched.
            dn("CN hidden in OU (escaped =)", "OU=CN\\=alice,CN=bob"),
            dn("CN hidden in OU, no other CN", "OU=CN\\=alice"),
            dn("CN hidden in OU as a hex escape", "OU=CN\\3Dalice,CN=bob"),
            dn("CN hidden in O, quoted", "O=\"CN=alice\",CN=bob"),
            dn("CN hidden in an escaped comma", "CN=bob\\,CN=alice"),
            dn("several CNs, alice first", "CN=alice,CN=bob"),
            dn("several CNs, alice last", "CN=bob,O=x,CN=alice"),
            dn("+-joined RDN with two CNs", "CN=bob+CN=alice"),
            dn("+-joined RDN, alice in another type", "CN=bob+OU=alice"),
            dn("CN by OID and by name", "2.5.4.3=alice,CN=bob"),
            dn("CN by OID with a #hex BER value, and by name", "2.5.4.3=#0c05616c696365,CN=bob"),
            dn("mixed-case attribute types", "cn=bob,cN=alice"),
            dn("Cyrillic а (U+0430) as nginx escapes it", "CN=\\D0\\B0lice"),
            dn("Cyrillic а (U+0430) as raw UTF-8 bytes", "CN=\u00d0\u00b0lice"),
            dn("full-width Latin a", "CN=\\EF\\BD\\81lice"),
            dn("zero-width space inside", "CN=al\\E2\\80\\8Bice"),
            dn("right-to-left override", "CN=\\E2\\80\\AEecila"),
            dn("NUL escape: alice\\00.evil", "CN=alice\\00.evil"),
            dn("NUL escape at the end", "CN=alice\\00"),
            dn("raw NUL byte", "CN=alice\u0000"),
            dn("escaped trailing space", "CN=alice\\ "),
            dn("hex-escaped trailing space", "CN=alice\\20"),
            dn("escaped leading space", "CN=\\ alice"),
            dn("upper case", "CN=ALICE"),
            dn("trailing comma", "CN=alice,"),
            dn("RFC 1779 semicolon separator", "CN=bob;CN=alice"),
            dn("unterminated quote", "CN=\"alice"),
            dn("dangling backslash", "CN=alice\\"),
            dn("invalid UTF-8 in hex escapes", "CN=\\C0\\AElice"),
            dn("legacy form with several CNs", "/O=Example/CN=bob/CN=alice"),
            dn("legacy form, CN hidden in OU", "/OU=CN=alice/CN=bob"),
            dn("legacy form, + joined", "/CN=bob+CN=alice"),
            dn("over 4096 characters", "OU=" + "x".repeat(4100) + ",CN=alice"),
            dn("over 64 attributes", "OU=x,".repeat(70) + "CN=alice"),

            // The certificate header.
            new Attack("alice's public certificate with bob's DN", TRUSTED,
                    SUCCESS + "X-Client-Cert: " + alicePem + "\r\nX-Client-Dn: CN=bob\r\n"),
            new Attack("certificate header that is not a certificate, with alice's DN", TRUSTED,
                    SUCCESS + "X-Client-Cert: not-a-certificate\r\nX-Client-Dn: CN=alice\r\n"),
            new Attack("NONE with alice's certificate", TRUSTED,
                    "X-Client-Verify: NONE\r\nX-Client-Cert: " + alicePem + "\r\n"));
    }

    Stream<Arguments> attacksOnBothContainers() {
        List<Arguments> all = new ArrayList<>();
        for (Attack attack : attacks()) {
            all.add(Arguments.of("Jetty", attack));
            all.add(Arguments.of("Tomcat", attack));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("attacksOnBothContainers")
    void neverTakenForAlice(String container, Attack attack) throws Exception {
        for (String path : List.of("/admin/", "/")) {
            String response = send(container, attack.from(), "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + attack.headers() + "Connection: close\r\n\r\n");
            assertFalse(response.contains(JettyTestServer.ADMIN_PAGE), () -> attack + " got the admin page:\n" + response);
            assertFalse(response.contains("user=alice"), () -> attack + " was taken for alice:\n" + response);
        }
    }

    /** The controls: what nginx sends for alice does open her page, in both DN forms and with her certificate. */
    @ParameterizedTest
    @ValueSource(strings = {"Jetty", "Tomcat"})
    void aliceAsNginxSendsHerGetsHerPage(String container) throws Exception {
        String alicePem = NginxProxyIntegrationTest.escapeLikeNginx(pki.alice.certificatePem());
        for (String headers : List.of(SUCCESS + "X-Client-Dn: CN=alice\r\n",
                SUCCESS + "X-Client-Dn: /O=Example/CN=alice\r\n",
                SUCCESS + "X-Client-Dn: CN=alice,O=Example\r\n",
                SUCCESS + "X-Client-Cert: " + alicePem + "\r\nX-Client-Dn: CN=alice\r\n")) {
            String response = send(container, TRUSTED, "GET /admin/ HTTP/1.1\r\nHost: localhost\r\n" + headers
                    + "Connection: close\r\n\r\n");
            assertTrue(response.contains(JettyTestServer.ADMIN_PAGE + " user=alice"), headers + "\n" + response);
        }
    }

    /**
     * {@code SUCCESS } with a trailing space is not a trick: RFC 9110 section 5.5 makes surrounding spaces and
     * tabs optional whitespace that is not part of the value, and both containers strip it before the filter
     * reads the header, so it means what {@code SUCCESS} means.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Jetty", "Tomcat"})
    void optionalWhitespaceAroundTheVerifyValueIsTheContainers(String container) throws Exception {
        String response = send(container, TRUSTED, "GET / HTTP/1.1\r\nHost: localhost\r\nX-Client-Verify: SUCCESS \t\r\n"
                + "X-Client-Dn: CN=bob\r\nConnection: close\r\n\r\n");
        assertTrue(response.contains(JettyTestServer.ROOT_PAGE + " user=bob"), response);
        String admin = send(container, TRUSTED, "GET /admin/ HTTP/1.1\r\nHost: localhost\r\nX-Client-Verify: SUCCESS \r\n"
                + "X-Client-Dn: CN=bob\r\nConnection: close\r\n\r\n");
        assertEquals(403, status(admin), admin);
    }

    private String send(String container, String from, String request) throws IOException {
        int port = servers.port(container);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 10_000);
            socket.setSoTimeout(3000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    received.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                // Kept open: what was meant has arrived.
            } catch (IOException e) {
                // Reset after a refusal: keep what came before.
            }
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static int status(String response) {
        return response.startsWith("HTTP/1.") && response.length() >= 12 ? Integer.parseInt(response.substring(9, 12)) : -1;
    }
}
