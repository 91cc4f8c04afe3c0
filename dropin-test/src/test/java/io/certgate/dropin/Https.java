package io.certgate.dropin;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

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
        KeyManager[] keyManagers = null;
        if (name != null) {
            char[] password = DemoPki.P12_PASSWORD.toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(pki.file(name + ".p12"))) {
                keys.load(in, password);
            }
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, password);
            keyManagers = new KeyManager[] {
                new AlwaysPresent((X509KeyManager) factory.getKeyManagers()[0], keys.aliases().nextElement())};
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(TlsContexts.trustStore(pki.ca().certificate()));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, trust.getTrustManagers(), null);
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

    private static final class AlwaysPresent extends X509ExtendedKeyManager {
        private final X509KeyManager delegate;
        private final String alias;

        AlwaysPresent(X509KeyManager delegate, String alias) {
            this.delegate = delegate;
            this.alias = alias;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return alias;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return alias;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {alias};
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate.getPrivateKey(alias);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[0];
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
