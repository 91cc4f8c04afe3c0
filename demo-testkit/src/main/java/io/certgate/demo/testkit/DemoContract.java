package io.certgate.demo.testkit;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.certgate.demo.RunningDemo;
import io.certgate.pki.DemoPki;

/**
 * What every demo must do, checked over real TLS against a demo started through its own entry point
 * (port 0, a fresh PKI directory) with each demo certificate, the way a user would present it: over HTTP/1.1,
 * and the decision table again over h2 (and h2c at the HTTP entrance), checking that HTTP/2 was spoken. A
 * demo module's test is a subclass naming its {@code start} method:
 *
 * <pre>{@code
 * class JettyDemoTest extends DemoContract {
 *     JettyDemoTest() { super(JettyDemo::start); }
 * }
 * }</pre>
 */
public abstract class DemoContract extends DemoUnderTest {
    private static final String NONE = "no cert";
    private static final String CA_SUBJECT = "CN=" + DemoPki.CA_NAME;


    private final Map<String, DemoClient> clients = new HashMap<>();
    /** The same certificates, offering h2 by ALPN. */
    private final Map<String, DemoClient> h2Clients = new HashMap<>();

    protected DemoContract(Starter starter) {
        super(starter);
    }

    @BeforeAll
    void connectClients() throws Exception {
        clients.put(NONE, DemoClient.of(pkiDir(), null));
        h2Clients.put(NONE, DemoClient.of(pkiDir(), null, HttpClient.Version.HTTP_2));
        for (String name : DemoPki.CLIENTS) {
            clients.put(name, DemoClient.of(pkiDir(), name));
            h2Clients.put(name, DemoClient.of(pkiDir(), name, HttpClient.Version.HTTP_2));
        }
    }


    /** The README's table: path, certificate, status. */
    static Stream<Arguments> expectedDecisions() {
        String[] who = {NONE, "alice", "bob", "mallory", "expired", "revoked", "service"};
        Object[][] table = {
            {"/unprotected/", new int[] {200, 200, 200, 200, 200, 200, 200}},
            {"/", new int[] {403, 200, 200, 403, 403, 403, 403}},
            {"/admin/", new int[] {403, 200, 403, 403, 403, 403, 403}},
            {"/api/whoami", new int[] {403, 403, 403, 403, 403, 403, 200}},
        };
        Stream.Builder<Arguments> rows = Stream.builder();
        for (Object[] row : table) {
            int[] statuses = (int[]) row[1];
            for (int i = 0; i < who.length; i++) {
                rows.add(Arguments.of(row[0], who[i], statuses[i]));
            }
        }
        return rows.build();
    }

    @ParameterizedTest(name = "{1} GET {0} -> {2}")
    @MethodSource("expectedDecisions")
    void decisionTableHolds(String path, String who, int status) throws Exception {
        HttpResponse<String> response = https(who, path);
        assertEquals(status, response.statusCode(), () -> who + " GET " + path + ":\n" + response.body());
    }

    @ParameterizedTest(name = "{1} GET {0} over h2 -> {2}")
    @MethodSource("expectedDecisions")
    void decisionTableHoldsOverHttp2(String path, String who, int status) throws Exception {
        HttpResponse<String> response = h2Clients.get(who).get(httpsUrl(path));
        assertEquals(HttpClient.Version.HTTP_2, response.version(), "ALPN must pick h2");
        assertEquals(status, response.statusCode(), () -> who + " GET " + path + " over h2:\n" + response.body());
    }

    @Test
    void certificateReachesCertGateOverHttp2() throws Exception {
        HttpResponse<String> response = h2Clients.get("bob").get(httpsUrl("/whoami"));
        assertEquals(HttpClient.Version.HTTP_2, response.version());
        assertTrue(response.body().contains("\"cn\":\"bob\",") && response.body().contains("\"source\":\"tls\""),
                response.body());
    }

    @Test
    void httpEntranceUpgradesToH2cAndAppliesTheSameRules() throws Exception {
        DemoClient h2c = DemoClient.plain(HttpClient.Version.HTTP_2);
        HttpResponse<String> alice = h2c.get(httpUrl("/admin/"), "X-Client-Verify", "SUCCESS", "X-Client-Cert",
                nginxEscaped("alice"));
        assertEquals(HttpClient.Version.HTTP_2, alice.version(), "Upgrade: h2c must be taken");
        assertEquals(200, alice.statusCode(), alice.body());
        HttpResponse<String> bob = h2c.get(httpUrl("/admin/"), "X-Client-Verify", "SUCCESS", "X-Client-Cert",
                nginxEscaped("bob"));
        assertEquals(HttpClient.Version.HTTP_2, bob.version());
        assertEquals(403, bob.statusCode(), bob.body());
    }

    @Test
    void noHttp2SpeaksHttp11Only(@TempDir Path temporary) throws Exception {
        Path pki = temporary.resolve("pki");
        try (RunningDemo http11 = starter().start("--pki-dir", pki.toString(), "--https-port", "0",
                "--http-port", "0", "--no-http2")) {
            HttpResponse<String> response = DemoClient.of(pki, "alice", HttpClient.Version.HTTP_2)
                    .get("https://localhost:" + http11.httpsPort() + "/admin/");
            assertEquals(HttpClient.Version.HTTP_1_1, response.version(), "ALPN must not offer h2");
            assertEquals(200, response.statusCode());
            HttpResponse<String> plain = DemoClient.plain(HttpClient.Version.HTTP_2)
                    .get("http://127.0.0.1:" + http11.httpPort() + "/unprotected/");
            assertEquals(HttpClient.Version.HTTP_1_1, plain.version(), "Upgrade: h2c must be declined");
            assertEquals(200, plain.statusCode());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "bob"})
    void whoamiDescribesTheCertificate(String name) throws Exception {
        X509Certificate certificate = demo().pki().client(name).certificate();
        HttpResponse<String> response = https(name, "/whoami");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertEquals("{\"cn\":\"" + name + "\",\"subject\":\"CN=" + name + "\",\"issuer\":\"" + CA_SUBJECT
                + "\",\"serial\":\"" + certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT)
                + "\",\"notAfter\":\"" + certificate.getNotAfter().toInstant() + "\",\"source\":\"tls\",\"user\":\""
                + name + "\",\"roles\":[" + (name.equals("alice") ? "\"admin\"" : "") + "]}",
                response.body().strip());
    }

    /**
     * The SAN-only service certificate: no CN, so the allowlist refuses it, but the {@code /api/*} rule admits it
     * by its SPIFFE ID; the application sees it by that ID, holding the role {@code operator} by its OU.
     */
    @Test
    void theServiceIsKnownByItsSpiffeIdAndHoldsItsOuBasedRole() throws Exception {
        X509Certificate certificate = demo().pki().client("service").certificate();
        HttpResponse<String> response = https("service", "/api/whoami");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"cn\":null,\"subject\":\"OU=" + DemoPki.SERVICE_OU + ",O=CertGate Demo\",\"issuer\":\""
                + CA_SUBJECT + "\",\"serial\":\"" + certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT)
                + "\",\"notAfter\":\"" + certificate.getNotAfter().toInstant() + "\",\"source\":\"tls\",\"user\":\""
                + DemoPki.SERVICE_ID + "\",\"roles\":[\"operator\"]}", response.body().strip());
        assertEquals(403, https("service", "/whoami").statusCode(), "no CN: not in allowed-cns");
        assertEquals(403, https("alice", "/api/whoami").statusCode(), "alice has no SPIFFE ID");
    }

    @ParameterizedTest
    @ValueSource(strings = {NONE, "mallory", "expired", "revoked", "service"})
    void whoamiRefusesWhomTheTableRefuses(String who) throws Exception {
        assertEquals(403, https(who, "/whoami").statusCode());
    }

    @Test
    void homeGreetsByCnAndShowsTheCertificate() throws Exception {
        X509Certificate alice = demo().pki().client("alice").certificate();
        String body = https("alice", "/").body();
        assertAll(
                () -> assertTrue(body.contains("Hello, alice"), body),
                () -> assertTrue(body.contains(CA_SUBJECT), "issuer"),
                () -> assertTrue(body.contains(alice.getSerialNumber().toString(16).toUpperCase(Locale.ROOT)), "serial"),
                () -> assertTrue(body.contains(alice.getNotAfter().toInstant().toString()), "expiry"));
    }

    @ParameterizedTest
    @ValueSource(strings = {NONE, "mallory", "expired"})
    void browsersGetTheFriendlyPageWithoutTheAllowlist(String who) throws Exception {
        HttpResponse<String> response = https(who, "/", "Accept", DemoClient.BROWSER_ACCEPT);
        String body = response.body();
        assertAll(
                () -> assertEquals(403, response.statusCode()),
                () -> assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"),
                        "HTML page"),
                () -> assertTrue(body.contains("<!DOCTYPE html>"), body),
                () -> assertTrue(body.contains(".p12"), "explains importing NAME.p12"),
                () -> assertTrue(body.contains(DemoPki.P12_PASSWORD), "names the p12 password"),
                () -> assertFalse(body.contains("alice") || body.contains("bob"), "must not reveal the allowlist"),
                () -> assertFalse(body.contains("cn:"), "must not reveal the rules"));
        assertTrue(body.contains(who.equals(NONE) ? "A client certificate is required"
                : "This certificate is not allowed here"), body);
    }

    @Test
    void browserWithTheWrongValidCertificateGetsTheFriendlyPage() throws Exception {
        HttpResponse<String> response = https("bob", "/admin/", "Accept", DemoClient.BROWSER_ACCEPT);
        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("This certificate is not allowed here"), response.body());
        assertFalse(response.body().contains("alice"), "must not reveal who may enter");
    }

    @ParameterizedTest
    @ValueSource(strings = {NONE, "mallory", "expired"})
    void scriptsGetTheShortText(String who) throws Exception {
        HttpResponse<String> response = https(who, "/");
        assertEquals(403, response.statusCode());
        assertEquals("text/plain", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        // "not allowed" proves mallory's and expired's certificates reached CertGate rather than being dropped.
        assertEquals(who.equals(NONE) ? "client certificate required" : "client certificate not allowed",
                response.body().strip());
    }

    @Test
    void deniedPageCannotBeRequestedDirectly() throws Exception {
        HttpResponse<String> response = https("alice", "/WEB-INF/denied", "Accept", DemoClient.BROWSER_ACCEPT);
        assertNotEquals(200, https("alice", "/WEB-INF/denied").statusCode());
        // A 500 or the denied page itself would also not be 200: the container must hide WEB-INF.
        assertEquals(404, response.statusCode(), response.body());
        assertFalse(response.body().contains("What to do"), response.body());
    }

    @Test
    void unknownPathIsNotFoundOnceAllowed() throws Exception {
        assertEquals(404, https("alice", "/no-such-page").statusCode());
        assertEquals(403, https(NONE, "/no-such-page").statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void speaksTls13And12(String protocol) throws Exception {
        DemoClient client = DemoClient.of(pkiDir(), "alice", protocol);
        assertEquals(200, client.get(httpsUrl("/admin/")).statusCode());
    }

    @Test
    void httpEntranceBelievesTheCertificateATrustedProxyPasses() throws Exception {
        X509Certificate alice = demo().pki().client("alice").certificate();
        HttpResponse<String> response = viaProxy("/whoami", nginxEscaped("alice"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"cn\":\"alice\",\"subject\":\"CN=alice\",\"issuer\":\"" + CA_SUBJECT
                + "\",\"serial\":\"" + alice.getSerialNumber().toString(16).toUpperCase(Locale.ROOT)
                + "\",\"notAfter\":\"" + alice.getNotAfter().toInstant()
                + "\",\"source\":\"header\",\"user\":\"alice\",\"roles\":[\"admin\"]}",
                response.body().strip());
        assertEquals(200, viaProxy("/admin/", nginxEscaped("alice")).statusCode());
    }

    @Test
    void httpEntranceAppliesTheSameRulesAsHttps() throws Exception {
        assertEquals(200, viaProxy("/", nginxEscaped("bob")).statusCode());
        assertEquals(403, viaProxy("/admin/", nginxEscaped("bob")).statusCode());
        assertEquals(403, viaProxy("/", nginxEscaped("mallory")).statusCode(), "rogue CA");
        assertEquals(403, viaProxy("/", nginxEscaped("expired")).statusCode(), "expired");
    }

    @Test
    void bannersCurlForTheHttpEntranceWorks() throws Exception {
        // The banner's: -H "X-Client-Cert: $(tr '\n' ' ' < demo-pki/alice.crt)"
        String pemOnOneLine = Files.readString(pkiDir().resolve("alice.crt")).replace('\n', ' ');
        assertEquals(200, viaProxy("/admin/", pemOnOneLine).statusCode());
    }

    @Test
    void httpsEntranceIgnoresProxyHeaders() throws Exception {
        // Over HTTPS the certificate comes from the handshake; headers claiming alice's are forged.
        HttpResponse<String> response = https(NONE, "/whoami", "X-Client-Verify", "SUCCESS",
                "X-Client-Cert", nginxEscaped("alice"));
        assertEquals(403, response.statusCode(), response.body());
        HttpResponse<String> bob = https("bob", "/whoami", "X-Client-Verify", "SUCCESS",
                "X-Client-Cert", nginxEscaped("alice"));
        assertTrue(bob.body().contains("\"cn\":\"bob\",") && bob.body().contains("\"source\":\"tls\""), bob.body());
    }

    @Test
    void httpEntranceWantsTheWholeCertificateNotJustTheDn() throws Exception {
        // trusted-ca is set, so CertGate validates the chain itself and a DN alone proves nothing.
        HttpResponse<String> response = DemoClient.plain().get(httpUrl("/whoami"),
                "X-Client-Verify", "SUCCESS", "X-Client-Dn", "CN=alice");
        assertEquals(403, response.statusCode());
    }

    @Test
    void httpEntranceRefusesWhatNginxCouldNotVerify() throws Exception {
        HttpResponse<String> response = DemoClient.plain().get(httpUrl("/"),
                "X-Client-Verify", "FAILED:certificate has expired", "X-Client-Dn", "CN=expired");
        assertEquals(403, response.statusCode());
        assertEquals(403, DemoClient.plain().get(httpUrl("/")).statusCode());
        assertEquals(200, DemoClient.plain().get(httpUrl("/unprotected/")).statusCode());
    }

    @Test
    void bindsFreePortsAndWritesThePki() throws Exception {
        assertTrue(demo().httpsPort() > 0 && demo().httpPort() > 0 && demo().httpsPort() != demo().httpPort(),
                demo().httpsPort() + " / " + demo().httpPort());
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(pkiDir().resolve("ca.key"))));
    }

    @Test
    void certificateChecksRefuseEvenAnAllowedName(@TempDir Path temporary) throws Exception {
        // web.xml allows only alice and bob, so above mallory, expired and revoked fall to the allowlist alone;
        // with their names allowed, only the chain, the dates and the CRL stand between them and the page.
        Path policy = temporary.resolve("policy.conf");
        Files.writeString(policy, "[allowed-cns]\nalice, bob, mallory, expired, revoked\n\n[rules]\n"
                + "/unprotected/*   open\n/admin/*         cn:alice\n");
        Path pki = temporary.resolve("pki");
        try (RunningDemo allowAll = starter().start("--pki-dir", pki.toString(), "--https-port", "0",
                "--http-port", "0", "--config-file", policy.toString())) {
            String https = "https://localhost:" + allowAll.httpsPort() + "/whoami";
            String http = "http://127.0.0.1:" + allowAll.httpPort() + "/whoami";
            assertEquals(200, DemoClient.of(pki, "alice").get(https).statusCode(), "control: alice over TLS");
            assertEquals(200, DemoClient.plain().get(http, "X-Client-Verify", "SUCCESS",
                    "X-Client-Cert", DemoClient.nginxEscaped(pki, "alice")).statusCode(), "control: alice via proxy");
            for (String who : List.of("mallory", "expired", "revoked")) {
                assertEquals(403, DemoClient.of(pki, who).get(https).statusCode(), who + " over TLS");
                assertEquals(403, DemoClient.plain().get(http, "X-Client-Verify", "SUCCESS",
                        "X-Client-Cert", DemoClient.nginxEscaped(pki, who)).statusCode(), who + " via proxy");
            }
        }
    }

    @Test
    void badFlagsAreRefusedBeforeAnythingStarts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> starter().start("--https-port", "http"));
        assertTrue(e.getMessage().contains("--https-port must be a port number"), e.getMessage());
    }

    private HttpResponse<String> viaProxy(String path, String certificateHeader) throws Exception {
        return DemoClient.plain().get(httpUrl(path), "X-Client-Verify", "SUCCESS", "X-Client-Cert", certificateHeader);
    }

    private String nginxEscaped(String name) throws Exception {
        return DemoClient.nginxEscaped(pkiDir(), name);
    }

    private HttpResponse<String> https(String who, String path, String... headers) throws Exception {
        return clients.get(who).get(httpsUrl(path), headers);
    }

    private String httpsUrl(String path) {
        return "https://localhost:" + demo().httpsPort() + path;
    }

    private String httpUrl(String path) {
        return "http://127.0.0.1:" + demo().httpPort() + path;
    }
}
