package io.certgate.demo;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import io.certgate.pki.DemoPki;
import io.certgate.pki.LenientClientTrustManager;

/** The server side of the demo's TLS, from the demo PKI. */
final class DemoTls {
    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    private DemoTls() {
    }

    /**
     * The server's {@link SSLContext}: presents {@code server.crt} with the CA, and asks clients for a
     * certificate from the demo CA while accepting any (see {@link LenientClientTrustManager}): the
     * demo's {@code web.xml} sets {@code trusted-ca}, so CertGate refuses expired and foreign certificates
     * with its 403 page instead of the handshake failing with a TLS alert browsers show badly.
     */
    static SSLContext serverContext(DemoPki pki) throws GeneralSecurityException {
        X509Certificate ca = pki.ca().certificate();
        KeyStore keys = pki.server().toKeyStore(IN_MEMORY_PASSWORD, ca);
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, IN_MEMORY_PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), new TrustManager[] {new LenientClientTrustManager(ca)}, null);
        return context;
    }
}
