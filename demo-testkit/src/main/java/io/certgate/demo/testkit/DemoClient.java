package io.certgate.demo.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

import io.certgate.pki.AlwaysPresentKeyManager;
import io.certgate.pki.DemoPki;

/**
 * An HTTPS client for one demo certificate (or none), built from the files a user would use: the
 * {@code NAME.p12} with its password, and {@code ca.crt} to trust the server.
 *
 * <p>It always presents its certificate, like curl: the JDK would otherwise send mallory's certificate to
 * nobody, since the server asks for one from the demo CA, and mallory's test would prove nothing.
 */
public final class DemoClient {
    /** What a browser sends. */
    static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private final String name;
    private final HttpClient client;

    private DemoClient(String name, HttpClient client) {
        this.name = name;
        this.client = client;
    }

    /** An HTTP/1.1 client presenting {@code name}'s certificate, or none when {@code name} is null. */
    static DemoClient of(Path pkiDir, String name, String... protocols) throws Exception {
        return of(pkiDir, name, HttpClient.Version.HTTP_1_1, protocols);
    }

    /**
     * A client presenting {@code name}'s certificate, or none when {@code name} is null, speaking
     * {@code version}: {@link HttpClient.Version#HTTP_2} offers {@code h2} by ALPN and falls back to HTTP/1.1
     * if the server does not pick it, so tests check {@link HttpResponse#version()}.
     */
    static DemoClient of(Path pkiDir, String name, HttpClient.Version version, String... protocols)
            throws Exception {
        SSLContext context = sslContext(pkiDir, name);
        SSLParameters parameters = context.getDefaultSSLParameters();
        if (protocols.length > 0) {
            parameters.setProtocols(protocols);
        }
        HttpClient client = HttpClient.newBuilder().sslContext(context).sslParameters(parameters)
                .version(version).connectTimeout(Duration.ofSeconds(10)).build();
        return new DemoClient(name == null ? "no certificate" : name, client);
    }

    /**
     * The TLS context of a client presenting {@code name}'s certificate (or none when null) and trusting the
     * demo CA, for tests that speak raw HTTP over an {@code SSLSocket} ({@link RawHttp#tls}).
     */
    public static SSLContext sslContext(Path pkiDir, String name) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pkiDir.resolve("ca.crt"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyManager[] keyManagers = null;
        if (name != null) {
            keyManagers = new KeyManager[] {AlwaysPresentKeyManager.fromPkcs12(pkiDir.resolve(name + ".p12"),
                    DemoPki.P12_PASSWORD.toCharArray())};
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, trustManagers.getTrustManagers(), null);
        return context;
    }

    /** {@code name}'s certificate as nginx's {@code $ssl_client_escaped_cert} gives it: URL-encoded PEM. */
    static String nginxEscaped(Path pkiDir, String name) throws IOException {
        return URLEncoder.encode(Files.readString(pkiDir.resolve(name + ".crt")), StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    /** A plain-HTTP/1.1 client, for the proxy entrance. */
    static DemoClient plain() {
        return plain(HttpClient.Version.HTTP_1_1);
    }

    /**
     * A plain-HTTP client, for the proxy entrance; with {@link HttpClient.Version#HTTP_2} its first request
     * on a connection asks for {@code Upgrade: h2c}, and later ones go over h2c if the server upgraded.
     */
    static DemoClient plain(HttpClient.Version version) {
        return new DemoClient("plain HTTP", HttpClient.newBuilder().version(version)
                .connectTimeout(Duration.ofSeconds(10)).build());
    }

    String name() {
        return name;
    }

    HttpResponse<String> get(String url, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
