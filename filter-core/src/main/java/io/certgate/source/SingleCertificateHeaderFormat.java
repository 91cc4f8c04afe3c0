package io.certgate.source;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.certgate.request.RequestReader;
import io.certgate.verdict.Denial;
import io.certgate.verdict.Identified;
import io.certgate.verdict.ReasonCode;
import io.certgate.verdict.Verdict;

/**
 * Proxies that pass the certificate in one header, with an optional verify header:
 * <ul>
 * <li>Apache httpd: {@code RequestHeader set SSL_CLIENT_CERT "%{SSL_CLIENT_CERT}s"}, a PEM whose line
 * breaks became spaces, {@code (null)} when there is none; optional {@code SSL_CLIENT_VERIFY}
 * ({@code SUCCESS}/{@code NONE}/{@code FAILED:reason}).</li>
 * <li>HAProxy: {@code http-request set-header X-SSL-Client-Cert %[ssl_c_der,base64]}; optional
 * {@code X-SSL-Client-Verify %[ssl_c_verify]}, where {@code 0} means verified, and optional
 * {@code X-SSL-Client-Chain %[ssl_c_chain_der,base64]}, the certificates the client sent after its own, DER
 * laid end to end (HAProxy 2.3 and later).</li>
 * <li>Traefik: {@code passTLSClientCert.pem: true} sets {@code X-Forwarded-Tls-Client-Cert} to the
 * URL-escaped base64 DER without PEM lines, the chain comma-separated after the client's own.</li>
 * </ul>
 *
 * <p>The identity read from a certificate header value is memoized by that exact value,
 * {@value IdentityCache#DEFAULT_CAPACITY} values at most (see {@link IdentityCache}); the verify header is
 * checked on every request.
 */
final class SingleCertificateHeaderFormat implements ProxyFormat {
    /** Apache's mod_ssl prints this for an unset variable. */
    static final String APACHE_NULL = "(null)";
    /** Most certificates a chain header may hold. */
    static final int MAX_CHAIN = 8;

    enum Encoding { APACHE_PEM, HAPROXY_BASE64_DER, TRAEFIK_ESCAPED_DER_LIST }

    private final Encoding encoding;
    private final String certHeader;
    private final String verifyHeader;
    /** HAProxy's chain header, or null. */
    private final String chainHeader;
    /** Parsed identities by the exact certificate header value (see {@link IdentityCache}). */
    private final IdentityCache<String, Identified> identities = IdentityCache.forHeaderValues();
    /** Made once: a lambda capturing {@code this} per request would allocate on the cached path. */
    private final HeaderIdentities.Parser parser = this::identity;

    SingleCertificateHeaderFormat(Encoding encoding, String certHeader, String verifyHeader) {
        this(encoding, certHeader, verifyHeader, null);
    }

    /** @param chainHeader HAProxy's chain header, or null */
    SingleCertificateHeaderFormat(Encoding encoding, String certHeader, String verifyHeader, String chainHeader) {
        this.encoding = encoding;
        this.certHeader = certHeader;
        this.verifyHeader = verifyHeader;
        this.chainHeader = chainHeader;
    }

    @Override
    public Set<String> headerNames() {
        Set<String> names = new java.util.HashSet<>();
        names.add(certHeader);
        if (verifyHeader != null) {
            names.add(verifyHeader);
        }
        if (chainHeader != null) {
            names.add(chainHeader);
        }
        return Set.copyOf(names);
    }

    @Override
    public <R> Verdict read(R request, RequestReader<R> reader) throws MalformedHeaderException {
        String cert = ProxyHeaders.single(request, reader, certHeader);
        if (encoding == Encoding.APACHE_PEM && APACHE_NULL.equals(cert)) {
            cert = null;
        }
        boolean present = cert != null && !cert.isEmpty();
        String verify = verifyHeader == null ? null : ProxyHeaders.single(request, reader, verifyHeader);
        if (verify != null) {
            Verdict failure = encoding == Encoding.HAPROXY_BASE64_DER
                    ? haproxyVerify(verify, present)
                    : HeaderIdentities.verifyOutcome(verifyHeader, verify, present);
            if (failure != null) {
                return failure;
            }
        }
        String chain = chainHeader == null ? null : ProxyHeaders.single(request, reader, chainHeader);
        boolean chained = chain != null && !chain.isEmpty();
        if (!present) {
            if (chained) {
                throw new MalformedHeaderException(chainHeader + " without " + certHeader);
            }
            return Verdict.ANONYMOUS;
        }
        if (!chained) {
            return HeaderIdentities.cached(identities, cert, parser);
        }
        if (cert.indexOf('\n') >= 0 || chain.indexOf('\n') >= 0) {
            throw new MalformedHeaderException("line break in a certificate header");
        }
        // One cache key for the pair; a line break, which neither value holds, keeps the two apart.
        return HeaderIdentities.cached(identities, cert + '\n' + chain, parser);
    }

    /**
     * The identity in a certificate header value (for HAProxy with a chain, the two values joined by a line
     * break); a pure function of the value, hence cached.
     */
    private Verdict identity(String cert) throws MalformedHeaderException {
        switch (encoding) {
            case APACHE_PEM:
                return HeaderIdentities.fromCertificate(CertificateText.fromPem(cert), List.of(), null);
            case HAPROXY_BASE64_DER:
                int lineBreak = cert.indexOf('\n');
                if (lineBreak < 0) {
                    return HeaderIdentities.fromCertificate(CertificateText.fromBase64Der(cert), List.of(), null);
                }
                return HeaderIdentities.fromCertificate(CertificateText.fromBase64Der(cert.substring(0, lineBreak)),
                        CertificateText.fromBase64DerConcatenation(cert.substring(lineBreak + 1), MAX_CHAIN), null);
            case TRAEFIK_ESCAPED_DER_LIST:
                return traefik(cert);
            default:
                throw new AssertionError(encoding);
        }
    }

    private static Verdict haproxyVerify(String verify, boolean present) {
        if (verify.equals("0")) {
            return null;
        }
        if (!present) {
            return Verdict.ANONYMOUS;
        }
        return new Denial(ReasonCode.PROXY_VERIFY_FAILED,
                "HAProxy ssl_c_verify=" + verify);
    }

    private static Verdict traefik(String header) throws MalformedHeaderException {
        String[] parts = CertificateText.percentDecode(header).split(",", -1);
        if (parts.length > MAX_CHAIN) {
            throw new MalformedHeaderException("more than " + MAX_CHAIN + " certificates in the chain");
        }
        X509Certificate client = CertificateText.fromBase64Der(parts[0]);
        List<X509Certificate> chain = new ArrayList<>(parts.length - 1);
        for (int i = 1; i < parts.length; i++) {
            chain.add(CertificateText.fromBase64Der(parts[i]));
        }
        return HeaderIdentities.fromCertificate(client, chain, null);
    }
}
