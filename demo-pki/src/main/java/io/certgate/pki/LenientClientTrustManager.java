package io.certgate.pki;

import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.Objects;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A server-side trust manager that asks clients for a certificate issued by the given CAs but accepts
 * whatever certificate arrives, so that an expired or foreign certificate reaches CertGate, which refuses
 * it with a clear 403 page, instead of failing the handshake with an error browsers show badly.
 *
 * <p>Only for servers whose every path is behind CertGate with {@code trusted-ca} set (or for tests of the
 * filter's own checks). It never trusts server certificates.
 */
public final class LenientClientTrustManager extends X509ExtendedTrustManager {
    private final X509Certificate[] acceptedIssuers;

    public LenientClientTrustManager(X509Certificate... acceptedIssuers) {
        this.acceptedIssuers = acceptedIssuers.clone();
        for (X509Certificate issuer : this.acceptedIssuers) {
            Objects.requireNonNull(issuer, "acceptedIssuers");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // Deliberately accepts: the filter decides.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // Deliberately accepts: the filter decides.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        // Deliberately accepts: the filter decides.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        throw new UnsupportedOperationException("server-side trust manager only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        throw new UnsupportedOperationException("server-side trust manager only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        throw new UnsupportedOperationException("server-side trust manager only");
    }

    /** The CAs named in the TLS CertificateRequest, so that clients pick the right certificate. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return acceptedIssuers.clone();
    }
}
