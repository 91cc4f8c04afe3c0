package io.certgate.source;

import java.util.List;
import java.util.Set;

import io.certgate.request.RequestReader;
import io.certgate.verdict.Identified;
import io.certgate.verdict.Verdict;

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
    /**
     * Parsed certificates by the exact value of the certificate header (see {@link IdentityCache}), each with
     * the DN header value last found to name its subject.
     */
    private final IdentityCache<String, Certificate> certificates = IdentityCache.forHeaderValues();
    /** Parsed subjects by the exact value of the DN header. */
    private final IdentityCache<String, Identified> dns = IdentityCache.forHeaderValues();

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
    public <R> Verdict read(R request, RequestReader<R> reader) throws MalformedHeaderException {
        String verify = ProxyHeaders.single(request, reader, verifyHeader);
        String dn = ProxyHeaders.single(request, reader, dnHeader);
        String cert = ProxyHeaders.single(request, reader, certHeader);
        boolean certificateHeaders = !isEmpty(dn) || !isEmpty(cert);
        if (verify == null) {
            if (!certificateHeaders) {
                return Verdict.ANONYMOUS;
            }
            throw new MalformedHeaderException("certificate headers without " + verifyHeader);
        }
        Verdict failure = HeaderIdentities.verifyOutcome(verifyHeader, verify, certificateHeaders);
        if (failure != null) {
            return failure;
        }
        if (!isEmpty(cert)) {
            return fromCertificate(cert, dn);
        }
        return HeaderIdentities.cached(dns, dn, HeaderIdentities::fromDn);
    }

    /**
     * The certificate header seen before, with the DN header seen with it before, costs one lookup and one
     * comparison of the DN header; only a new pair is parsed and has its subjects compared.
     */
    private Verdict fromCertificate(String cert, String dn) throws MalformedHeaderException {
        Certificate known = certificates.get(cert);
        if (known != null && (isEmpty(dn) || dn.equals(known.matchingDn()))) {
            return known.present();
        }
        Verdict parsed = known != null ? known.present() : parseCertificate(cert);
        if (!(parsed instanceof Identified present)) {
            return parsed;
        }
        if (isEmpty(dn)) {
            certificates.put(cert, new Certificate(present, null));
            return present;
        }
        Verdict checked = HeaderIdentities.sameSubject(present, HeaderIdentities.cached(dns, dn,
                HeaderIdentities::fromDn));
        // Only a DN that names the certificate's subject is remembered; a mismatch is checked, and denied, each time.
        certificates.put(cert, new Certificate(present, checked == present ? dn : null));
        return checked;
    }

    /**
     * @param present the parsed certificate
     * @param matchingDn a DN header value found to name its subject, or null
     */
    private record Certificate(Identified present, String matchingDn) {
    }

    private static Verdict parseCertificate(String cert) throws MalformedHeaderException {
        return HeaderIdentities.fromCertificate(CertificateText.fromPem(CertificateText.percentDecode(cert)),
                List.of(), null);
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }
}
