package io.certgate.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.security.auth.x500.X500Principal;

import io.certgate.pki.HeldCertificate;
import io.certgate.pki.LenientClientTrustManager;
import io.certgate.pki.TlsContexts;

/**
 * The certificates every benchmark uses, and the headers a proxy would send for them: one CA, a server
 * certificate for {@code localhost}, and clients {@code client-0} to {@code client-3}, all allowed.
 */
public final class BenchPki {
    /** The CNs in {@code allowed-cns} (and the container's role), as one init-param value. */
    public static final String ALLOWED_CNS = "client-0, client-1, client-2, client-3";
    /** The same rules for every CertGate configuration: the benchmarks hit {@code /api/*}. */
    public static final String RULES = """
            /health     open
            /admin/*    cn:client-0
            /api/*      allowlist
            """;
    /** The proxy's address: the load run's client connects from the loopback. */
    public static final String PROXY = "127.0.0.1";

    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    public final HeldCertificate ca = HeldCertificate.builder().commonName("CertGate Bench CA")
            .certificateAuthority(0).build();
    public final HeldCertificate server = HeldCertificate.builder().commonName("localhost")
            .addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1").serverAuth()
            .signedBy(ca).build();
    public final List<HeldCertificate> clients = List.of(client("client-0"), client("client-1"),
            client("client-2"), client("client-3"));

    private HeldCertificate client(String name) {
        return HeldCertificate.builder().commonName(name).clientAuth().signedBy(ca).build();
    }

    /** The server side: presents the server certificate, asks for a client certificate from the CA. */
    public SSLContext serverContext() {
        try {
            KeyStore keys = server.toKeyStore(IN_MEMORY_PASSWORD, ca.certificate());
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, IN_MEMORY_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keyManagers.getKeyManagers(),
                    new TrustManager[] {new LenientClientTrustManager(ca.certificate())}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client presenting {@code client-0}. */
    public SSLContext clientContext() {
        return TlsContexts.client(ca.certificate(), clients.get(0));
    }

    /** nginx {@code $ssl_client_s_dn}: the RFC 2253 subject. */
    public static String nginxDn(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
    }

    /** nginx {@code $ssl_client_escaped_cert}: the PEM, URL-encoded. */
    public static String nginxEscapedCert(X509Certificate certificate) {
        return URLEncoder.encode(pem(certificate), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * The same URL-encoded PEM spelled differently: bit {@code i} of {@code variant} chooses the case of the
     * hex digits of the {@code i}-th escape ({@code %2F} or {@code %2f}). Every variant is a distinct header
     * value holding the same certificate, so cycling through more variants than the cache holds measures a
     * parse on every request.
     */
    public static String nginxEscapedCertVariant(X509Certificate certificate, int variant) {
        String escaped = nginxEscapedCert(certificate);
        StringBuilder out = new StringBuilder(escaped.length());
        int escapes = 0;
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            out.append(c);
            if (c == '%' && i + 2 < escaped.length()) {
                String hex = escaped.substring(i + 1, i + 3);
                boolean lower = escapes < 31 && ((variant >>> escapes) & 1) == 1;
                out.append(lower ? hex.toLowerCase() : hex.toUpperCase());
                escapes++;
                i += 2;
            }
        }
        return out.toString();
    }

    /** Envoy's {@code x-forwarded-client-cert} with {@code SANITIZE_SET} and {@code cert: true}. */
    public static String envoyXfcc(X509Certificate certificate) {
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
            return "By=spiffe://cluster.local/ns/default/sa/app;Hash=" + hash + ";Cert=\""
                    + nginxEscapedCert(certificate) + "\";Subject=\"" + nginxDn(certificate) + "\";URI=";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(X509Certificate certificate) {
        try {
            String base64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
