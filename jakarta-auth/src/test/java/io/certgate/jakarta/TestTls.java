package io.certgate.jakarta;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import io.certgate.pki.DemoPki;
import io.certgate.pki.LenientClientTrustManager;
import io.certgate.pki.TlsContexts;

/**
 * The demo PKI (alice, bob, expired, mallory, revoked), the server's TLS context and one HTTPS client per
 * certificate, for tests that make real handshakes against a real container.
 */
public final class TestTls {
    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    private final DemoPki pki;
    private final Map<String, HttpClient> clients = new HashMap<>();

    private TestTls(DemoPki pki) {
        this.pki = pki;
    }

    /** A fresh demo PKI in a temporary directory. */
    public static TestTls create() throws IOException {
        return new TestTls(DemoPki.ensure(Files.createTempDirectory("certgate-jakarta-pki-")));
    }

    public DemoPki pki() {
        return pki;
    }

    /**
     * The server side: presents {@code server.crt}, asks for a client certificate from the demo CA and accepts
     * any (so that CertGate, not the handshake, refuses expired and foreign ones).
     */
    public SSLContext serverContext() throws GeneralSecurityException {
        X509Certificate ca = pki.ca().certificate();
        KeyStore keys = pki.server().toKeyStore(IN_MEMORY_PASSWORD, ca);
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, IN_MEMORY_PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), new TrustManager[] {new LenientClientTrustManager(ca)}, null);
        return context;
    }

    /** GET {@code https://localhost:port/path} presenting {@code client}'s certificate, or none when null. */
    public HttpResponse<String> get(String client, int port, String path) throws IOException, InterruptedException {
        HttpClient http = clients.computeIfAbsent(client == null ? "" : client, name -> HttpClient.newBuilder()
                .sslContext(TlsContexts.client(pki.ca().certificate(), name.isEmpty() ? null : pki.client(name),
                        pki.issuerOf(name.isEmpty() ? "alice" : name).certificate()))
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build());
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                .timeout(Duration.ofSeconds(20)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Deletes the PKI directory. */
    public void delete() throws IOException {
        deleteTree(pki.directory());
    }

    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
