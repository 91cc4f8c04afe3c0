package io.certgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.logging.Level;

import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import io.certgate.pki.HeldCertificate;
import io.certgate.pki.TlsContexts;

/**
 * {@code trusted-proxy-certs} behind a real nginx that runs the documented configuration
 * ({@code docs/nginx/certgate-proxy-certificate.conf}): nginx presents its own client certificate
 * ({@code proxy_ssl_certificate}) to the application's HTTPS port on Jetty 12 and on Tomcat 11, both asking for
 * client certificates. nginx connects from 127.0.0.1, the trusted proxy address, and so does every direct
 * client here: the address alone proves nothing, only the proxy's certificate does. The filter reads
 * {@code sources=tls,header}, the order in which, without {@code trusted-proxy-certs}, the proxy's own
 * certificate would be taken as every client's.
 */
class NginxProxyCertificateIntegrationTest {
    static final Path TEMPLATE = Path.of("..", "docs", "nginx", "certgate-proxy-certificate.conf");
    static final TestPki PKI = new TestPki();
    static final HeldCertificate PROXY = TestPki.client("nginx proxy", PKI.ca);
    /** Another certificate with the proxy's very subject, from the same CA: not the proxy's certificate. */
    static final HeldCertificate PROXY_NAMESAKE = HeldCertificate.builder()
            .subject(new X500Name(PROXY.certificate().getSubjectX500Principal().getName())).clientAuth()
            .signedBy(PKI.ca).build();

    @TempDir
    static Path directory;
    static JettyTestServer jetty;
    static TomcatTestServer tomcat;
    static NginxProcess jettyNginx;
    static NginxProcess tomcatNginx;

    private final LogCapture log = new LogCapture();

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> initParams = Map.of(
                "sources", "tls,header",
                "trusted-proxies", "127.0.0.1",
                // As openssl x509 -noout -fingerprint -sha256 prints it.
                "trusted-proxy-certs", "sha256 Fingerprint=" + HexFormat.ofDelimiter(":").withUpperCase()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(PROXY.certificate().getEncoded())),
                "allowed-cns", "alice, bob",
                "rules", """
                        /unprotected/*   open
                        /admin/*         cn:alice
                        """);
        jetty = JettyTestServer.startTls(PKI.server, PKI.ca.certificate(), false, initParams);
        tomcat = TomcatTestServer.startTls(PKI.server, PKI.ca.certificate(), initParams);
        jettyNginx = nginxInFrontOf("jetty", jetty.port());
        tomcatNginx = nginxInFrontOf("tomcat", tomcat.port());
    }

    private static NginxProcess nginxInFrontOf(String name, int applicationPort) throws Exception {
        Path files = Files.createDirectories(directory.resolve(name));
        Files.writeString(files.resolve("server.crt"), PKI.server.certificatePem());
        Files.writeString(files.resolve("server.key"), PKI.server.privateKeyPem());
        Files.writeString(files.resolve("ca.crt"), PKI.ca.certificatePem());
        Files.writeString(files.resolve("proxy.crt"), PROXY.certificatePem());
        Files.writeString(files.resolve("proxy.key"), PROXY.privateKeyPem());
        String config = Files.readString(TEMPLATE);
        config = NginxProcess.replaceOnce(config, "https://127.0.0.1:8443;", "https://127.0.0.1:" + applicationPort + ";");
        config = config.replace("/etc/nginx/certgate/", files + "/");
        return NginxProcess.start(files, config);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable running : new AutoCloseable[] {jettyNginx, tomcatNginx, jetty, tomcat}) {
            if (running != null) {
                running.close();
            }
        }
    }

    @BeforeEach
    void captureLog() {
        log.start();
    }

    @AfterEach
    void releaseLog() {
        log.stop();
    }

    private static int nginxPort(String container) {
        return (container.equals("jetty") ? jettyNginx : tomcatNginx).port();
    }

    private static int applicationPort(String container) {
        return container.equals("jetty") ? jetty.port() : tomcat.port();
    }

    private static HttpResponse<String> get(int port, HeldCertificate client, String path, Map<String, String> headers)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(TlsContexts.client(PKI.ca.certificate(), client)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> forgedAliceHeaders() {
        return Map.of("X-Client-Verify", "SUCCESS", "X-Client-Dn", "CN=alice",
                "X-Client-Cert", NginxProxyIntegrationTest.escapeLikeNginx(PKI.alice.certificatePem()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jetty", "tomcat"})
    void aliceThroughNginxIsAliceFromTheHeadersNotTheProxy(String container) throws Exception {
        // Several requests: nginx resumes its TLS session with the application, which must still see its certificate.
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = get(nginxPort(container), PKI.alice, "/admin/", Map.of());
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().startsWith(JettyTestServer.ADMIN_PAGE + " user=alice auth=CLIENT_CERT"),
                    response.body());
            assertTrue(response.body().contains("source=header"), response.body());
            assertTrue(response.body().endsWith("x509-attribute=CN=alice"), response.body());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jetty", "tomcat"})
    void bobThroughNginxGetsBobsDecisions(String container) throws Exception {
        assertEquals(403, get(nginxPort(container), PKI.bob, "/admin/", Map.of()).statusCode());
        HttpResponse<String> root = get(nginxPort(container), PKI.bob, "/", Map.of());
        assertEquals(200, root.statusCode(), root.body());
        assertTrue(root.body().startsWith(JettyTestServer.ROOT_PAGE + " user=bob"), root.body());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jetty", "tomcat"})
    void noCertificateThroughNginxIsNoCertificateNotTheProxys(String container) throws Exception {
        HttpResponse<String> root = get(nginxPort(container), null, "/", Map.of());
        assertEquals(403, root.statusCode(), root.body());
        assertEquals("client certificate required\n", root.body(), "the proxy's certificate is nobody's identity");
        HttpResponse<String> open = get(nginxPort(container), null, "/unprotected/", Map.of());
        assertEquals(200, open.statusCode(), open.body());
        assertTrue(open.body().startsWith(JettyTestServer.OPEN_PAGE + " user=null"), open.body());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jetty", "tomcat"})
    void forgedHeadersStraightFromTheProxyAddressWithoutACertificateAreDeniedAndLogged(String container)
            throws Exception {
        for (String path : new String[] {"/admin/", "/"}) {
            HttpResponse<String> response = get(applicationPort(container), null, path, forgedAliceHeaders());
            assertEquals(403, response.statusCode(), response.body());
            assertEquals("client certificate not allowed\n", response.body());
        }
        assertTrue(log.has(Level.INFO, "reason=unverified-proxy"), log.toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jetty", "tomcat"})
    void forgedHeadersFromTheProxyAddressWithTheProxysNameButNotItsCertificateCountForNothing(String container)
            throws Exception {
        HttpResponse<String> response = get(applicationPort(container), PROXY_NAMESAKE, "/admin/", forgedAliceHeaders());
        assertEquals(403, response.statusCode(), response.body());
        assertFalse(response.body().contains(JettyTestServer.ADMIN_PAGE), response.body());
        // Not the proxy, so its headers count for nothing: it is judged as the client its own certificate names.
        assertTrue(log.has(Level.INFO, "reason=cn-not-allowed client=\"127.0.0.1\" method=\"GET\" path=\"/admin/\""
                + " subject=\"CN=nginx proxy\""), log.toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jetty", "tomcat"})
    void aClientWithItsOwnCertificateIsItselfAndItsForgedHeadersAreHidden(String container) throws Exception {
        HttpResponse<String> admin = get(applicationPort(container), PKI.bob, "/admin/", forgedAliceHeaders());
        assertEquals(403, admin.statusCode(), "bob over TLS stays bob: " + admin.body());
        HttpResponse<String> open = get(applicationPort(container), PKI.bob, "/unprotected/", forgedAliceHeaders());
        assertEquals(200, open.statusCode(), open.body());
        assertTrue(open.body().contains("user=bob"), open.body());
        assertTrue(open.body().contains("source=tls dn-header=null cert-header=false"),
                "the application must not see certificate headers from a peer that is not the proxy: " + open.body());
    }
}
