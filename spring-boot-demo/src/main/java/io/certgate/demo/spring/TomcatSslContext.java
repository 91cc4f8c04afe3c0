package io.certgate.demo.spring;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;

import org.apache.tomcat.util.net.SSLContext;

/**
 * The demo's ready-made JDK {@link javax.net.ssl.SSLContext} in the shape Tomcat takes from embedders
 * ({@code SSLHostConfigCertificate.setSslContext}). Tomcat's own configuration can only name a trust manager
 * class, not hand over one that knows the demo CA, and the demo needs
 * {@link io.certgate.pki.LenientClientTrustManager} so CertGate, not the handshake, refuses bad certificates.
 *
 * <p>The same as tomcat-demo's: a dependency on tomcat-demo would put that demo in this one's
 * {@code mvn -pl spring-boot-demo -am compile exec:java} reactor, which would start it instead.
 */
final class TomcatSslContext implements SSLContext {
    private final javax.net.ssl.SSLContext context;
    private final X509Certificate[] serverChain;
    private final X509Certificate[] acceptedIssuers;

    /**
     * @param context an initialised JDK context (server key, trust manager)
     * @param serverChain the server certificate and its issuers, as Tomcat logs and exposes them
     * @param acceptedIssuers the CAs named in the certificate request
     */
    TomcatSslContext(javax.net.ssl.SSLContext context, List<X509Certificate> serverChain,
            List<X509Certificate> acceptedIssuers) {
        this.context = Objects.requireNonNull(context, "context");
        this.serverChain = serverChain.toArray(X509Certificate[]::new);
        this.acceptedIssuers = acceptedIssuers.toArray(X509Certificate[]::new);
    }

    @Override
    public void init(KeyManager[] keyManagers, TrustManager[] trustManagers, SecureRandom random) {
        // Already initialised by the demo with the server key and the lenient trust manager.
    }

    @Override
    public void destroy() {
        // The JDK context holds nothing to release.
    }

    @Override
    public SSLSessionContext getServerSessionContext() {
        return context.getServerSessionContext();
    }

    @Override
    public SSLEngine createSSLEngine() {
        return context.createSSLEngine();
    }

    @Override
    public SSLServerSocketFactory getServerSocketFactory() {
        return context.getServerSocketFactory();
    }

    @Override
    public SSLParameters getSupportedSSLParameters() {
        return context.getSupportedSSLParameters();
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return serverChain.clone();
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return acceptedIssuers.clone();
    }
}
