package io.certgate.dropin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import io.certgate.pki.AlwaysPresentKeyManager;
import io.certgate.pki.DemoPki;
import io.certgate.pki.TlsContexts;

/**
 * An HTTPS client for one demo certificate (its {@code NAME.p12}) or none, trusting the demo CA. Like curl,
 * it presents its certificate whatever issuers the server asks for; the JDK alone would keep mallory's
 * (issued by the rogue CA) to itself, and the test would prove nothing.
 */
final class Https {
    private final HttpClient client;

    private Https(HttpClient client) {
        this.client = client;
    }

    /** A client presenting {@code name}'s certificate, or none when {@code name} is null. */
    static Https as(DemoPki pki, String name) throws Exception {
        AlwaysPresentKeyManager keys = name == null ? null
                : AlwaysPresentKeyManager.fromPkcs12(pki.file(name + ".p12"), DemoPki.P12_PASSWORD.toCharArray());
        SSLContext context = TlsContexts.presenting(pki.ca().certificate(), keys);
        return new Https(HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build());
    }

    /** GET {@code https://localhost:PORT/PATH}, with header name/value pairs. */
    HttpResponse<String> get(int port, String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                .timeout(Duration.ofSeconds(20)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Writes the server's key store and the trust store of client CAs that Tomcat's connector reads. */
    static void writeServerStores(DemoPki pki, Path keyStore, Path trustStore) throws Exception {
        char[] password = DemoPki.P12_PASSWORD.toCharArray();
        Files.createDirectories(keyStore.getParent());
        Files.write(keyStore, pki.server().toPkcs12(password, pki.ca().certificate()));
        KeyStore trusted = TlsContexts.trustStore(pki.ca().certificate());
        try (var out = Files.newOutputStream(trustStore)) {
            trusted.store(out, password);
        }
    }
}
