package io.certgate.pki;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** JDK {@link SSLContext}s for demo clients and test servers, from {@link HeldCertificate}s. */
public final class TlsContexts {
    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    private TlsContexts() {
    }

    /** A trust store holding {@code trusted}. */
    public static KeyStore trustStore(X509Certificate... trusted) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < trusted.length; i++) {
                store.setCertificateEntry("ca-" + i, trusted[i]);
            }
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build trust store", e);
        }
    }

    /**
     * A client context that trusts {@code serverCa} and, when {@code client} is not null, presents it
     * (followed by {@code chain}) when the server asks for a certificate.
     */
    public static SSLContext client(X509Certificate serverCa, HeldCertificate client, X509Certificate... chain) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore(serverCa));
            KeyManagerFactory keys = null;
            if (client != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(client.toKeyStore(IN_MEMORY_PASSWORD, chain), IN_MEMORY_PASSWORD);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build client TLS context", e);
        }
    }

    /**
     * A client context that trusts {@code serverCa} and presents {@code keys}' certificate whatever issuers
     * the server names; none when {@code keys} is null.
     */
    public static SSLContext presenting(X509Certificate serverCa, AlwaysPresentKeyManager keys) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore(serverCa));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : new KeyManager[] {keys}, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build client TLS context", e);
        }
    }
}
