package io.certgate.spring.app;

import java.net.Socket;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import io.certgate.pki.LenientClientTrustManager;

/**
 * {@link LenientClientTrustManager} with the no-argument constructor Tomcat's {@code trustManagerClassName}
 * needs: the handshake asks for a demo-CA certificate but takes any, so that an expired or rogue certificate
 * reaches CertGate (which validates against {@code trusted-ca} and answers 403), as in the other demos.
 */
public final class LenientTrust extends X509ExtendedTrustManager {
    private final LenientClientTrustManager delegate = new LenientClientTrustManager(TestPki.pki().ca().certificate());

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        delegate.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
