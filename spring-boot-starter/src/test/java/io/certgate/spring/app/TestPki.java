package io.certgate.spring.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import org.springframework.test.context.DynamicPropertyRegistry;

import io.certgate.pki.AlwaysPresentKeyManager;
import io.certgate.pki.DemoPki;
import io.certgate.pki.HeldCertificate;
import io.certgate.pki.TlsContexts;

/**
 * The demo PKI for the Spring tests, in {@code target/spring-test-pki}: {@code DemoPki}'s CA and client
 * certificates, plus the server's PKCS#12 key store and a trust store of the demo CA for {@code server.ssl.*}.
 * The paths are the same for every test class, so Spring's test context cache shares one server between them.
 */
public final class TestPki {
    public static final String PASSWORD = DemoPki.P12_PASSWORD;
    /** The client whose certificate expires within the expiry warning window. */
    public static final String SOON = "soon";
    private static final Path DIRECTORY = Path.of("target", "spring-test-pki").toAbsolutePath();
    private static DemoPki pki;

    private TestPki() {
    }

    public static synchronized DemoPki pki() {
        if (pki == null) {
            try {
                pki = DemoPki.ensure(DIRECTORY);
                write(pki.server().toKeyStore(PASSWORD.toCharArray(), pki.ca().certificate()), "server-keystore.p12");
                write(TlsContexts.trustStore(pki.ca().certificate()), "truststore.p12");
                writeSoon(pki);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot write the test PKI to " + DIRECTORY, e);
            }
        }
        return pki;
    }

    /**
     * {@value #SOON}: a certificate of the demo CA for bob that expires in five days, within the default
     * {@code expiry-warning-days} (14), as {@code soon.p12}.
     */
    private static void writeSoon(DemoPki demo) throws IOException {
        Instant now = Instant.now();
        HeldCertificate soon = HeldCertificate.builder().commonName("bob").clientAuth().signedBy(demo.ca())
                .validity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(5))).build();
        Files.write(DIRECTORY.resolve(SOON + ".p12"), soon.toPkcs12(PASSWORD.toCharArray(), demo.ca().certificate()));
    }

    private static void write(KeyStore store, String name) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(DIRECTORY.resolve(name))) {
            store.store(out, PASSWORD.toCharArray());
        }
    }

    /** {@code server.ssl.*} for HTTPS on the demo server certificate, asking for (not requiring) a client one. */
    public static void serverSsl(DynamicPropertyRegistry registry) {
        DemoPki demo = pki();
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("server.ssl.enabled", () -> "true");
        registry.add("server.ssl.key-store", () -> demo.file("server-keystore.p12").toUri().toString());
        registry.add("server.ssl.key-store-type", () -> "PKCS12");
        registry.add("server.ssl.key-store-password", () -> PASSWORD);
        registry.add("server.ssl.trust-store", () -> demo.file("truststore.p12").toUri().toString());
        registry.add("server.ssl.trust-store-type", () -> "PKCS12");
        registry.add("server.ssl.trust-store-password", () -> PASSWORD);
        registry.add("server.ssl.client-auth", () -> "want");
        // CertGate validates the chain itself, against the demo CA.
        registry.add("certgate.trusted-ca", () -> demo.file("ca.crt").toString());
    }

    /**
     * A server TLS context of the demo server certificate that takes any client certificate
     * ({@link LenientTrust}), for a server whose trust manager cannot be named by class (Jetty).
     */
    public static SSLContext lenientServerContext() {
        DemoPki demo = pki();
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(demo.file("server-keystore.p12"))) {
                keys.load(in, PASSWORD.toCharArray());
            }
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(factory.getKeyManagers(), new TrustManager[] {new LenientTrust()}, null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An HTTPS client presenting {@code name}'s {@code .p12} (none when null) whatever issuers the server names,
     * as curl does (otherwise the JDK would not send mallory's certificate, from the rogue CA, at all, and
     * mallory's row would prove nothing), and trusting the demo CA.
     */
    public static HttpClient client(String name) {
        DemoPki demo = pki();
        try {
            AlwaysPresentKeyManager keys = name == null ? null
                    : AlwaysPresentKeyManager.fromPkcs12(demo.file(name + ".p12"), PASSWORD.toCharArray());
            return HttpClient.newBuilder().sslContext(TlsContexts.presenting(demo.ca().certificate(), keys))
                    .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
