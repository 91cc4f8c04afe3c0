package io.certgate.source;

import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

/**
 * nginx: {@code proxy_set_header X-Client-Verify $ssl_client_verify;},
 * {@code X-Client-Dn $ssl_client_s_dn;} and, best, {@code X-Client-Cert $ssl_client_escaped_cert;}.
 *
 * <p>The verify header must be exactly {@code SUCCESS}. With the certificate header, the certificate is
 * the identity and a DN header that names another subject denies. With only the DN header (RFC 2253, or
 * the legacy {@code /C=../CN=..} form of nginx before 1.11.6), nginx's verification is the only proof.
 *
 * <p>Parsed certificates and DNs are memoized by the exact header value, {@value IdentityCache#DEFAULT_CAPACITY}
 * of each (see {@link IdentityCache}); the verify header and the DN comparison are checked on every request.
 */
final class NginxFormat implements ProxyFormat {
    private final String verifyHeader;
    private final String dnHeader;
    private final String certHeader;
    /** Parsed certificates by the exact value of the certificate header (see {@link IdentityCache}). */
    private final IdentityCache<String, Extraction.Present> certificates = IdentityCache.forHeaderValues();
    /** Parsed subjects by the exact value of the DN header. */
    private final IdentityCache<String, Extraction.Present> dns = IdentityCache.forHeaderValues();

    NginxFormat(String verifyHeader, String dnHeader, String certHeader) {
        this.verifyHeader = verifyHeader;
        this.dnHeader = dnHeader;
        this.certHeader = certHeader;
    }

    @Override
    public Set<String> headerNames() {
        return Set.of(verifyHeader, dnHeader, certHeader);
    }

    @Override
    public Extraction read(HttpServletRequest request) throws MalformedHeaderException {
        String verify = ProxyHeaders.single(request, verifyHeader);
        String dn = ProxyHeaders.single(request, dnHeader);
        String cert = ProxyHeaders.single(request, certHeader);
        boolean certificateHeaders = !isEmpty(dn) || !isEmpty(cert);
        if (verify == null) {
            if (!certificateHeaders) {
                return Extraction.ABSENT;
            }
            throw new MalformedHeaderException("certificate headers without " + verifyHeader);
        }
        Extraction failure = HeaderIdentities.verifyOutcome(verifyHeader, verify, certificateHeaders);
        if (failure != null) {
            return failure;
        }
        if (!isEmpty(cert)) {
            Extraction fromCertificate = HeaderIdentities.cached(certificates, cert, NginxFormat::parseCertificate);
            if (isEmpty(dn) || !(fromCertificate instanceof Extraction.Present present)) {
                return fromCertificate;
            }
            return HeaderIdentities.sameSubject(present, HeaderIdentities.cached(dns, dn, HeaderIdentities::fromDn));
        }
        return HeaderIdentities.cached(dns, dn, HeaderIdentities::fromDn);
    }

    private static Extraction parseCertificate(String cert) throws MalformedHeaderException {
        return HeaderIdentities.fromCertificate(CertificateText.fromPem(CertificateText.percentDecode(cert)),
                List.of(), null);
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }
}
