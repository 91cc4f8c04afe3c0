package io.certgate.source;

import java.util.List;
import java.util.Set;

import io.certgate.request.RequestReader;
import io.certgate.verdict.Identified;
import io.certgate.verdict.Verdict;

/**
 * nginx: {@code proxy_set_header X-Client-Verify $ssl_client_verify;},
 * {@code X-Client-Dn $ssl_client_s_dn;} and, best, {@code X-Client-Cert $ssl_client_escaped_cert;}. Kubernetes
 * ingress-nginx sends the same variables as {@code ssl-client-verify}, {@code ssl-client-subject-dn},
 * {@code ssl-client-cert} and, in addition, {@code ssl-client-issuer-dn $ssl_client_i_dn}: with an issuer header,
 * an issuer DN that names another issuer than the certificate's denies, as a subject DN does; without the
 * certificate it is not used (a DN-only identity has no issuer to test).
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
    /** The issuer DN header (ingress-nginx {@code ssl-client-issuer-dn}), or null when the proxy sends none. */
    private final String issuerHeader;
    /**
     * Parsed certificates by the exact value of the certificate header (see {@link IdentityCache}), each with
     * the DN header values last found to name its subject and issuer.
     */
    private final IdentityCache<String, Certificate> certificates = IdentityCache.forHeaderValues();
    /** Parsed subjects by the exact value of the DN header. */
    private final IdentityCache<String, Identified> dns = IdentityCache.forHeaderValues();

    NginxFormat(String verifyHeader, String dnHeader, String certHeader) {
        this(verifyHeader, dnHeader, certHeader, null);
    }

    /** @param issuerHeader the issuer DN header, or null */
    NginxFormat(String verifyHeader, String dnHeader, String certHeader, String issuerHeader) {
        this.verifyHeader = verifyHeader;
        this.dnHeader = dnHeader;
        this.certHeader = certHeader;
        this.issuerHeader = issuerHeader;
    }

    @Override
    public Set<String> headerNames() {
        return issuerHeader == null ? Set.of(verifyHeader, dnHeader, certHeader)
                : Set.of(verifyHeader, dnHeader, certHeader, issuerHeader);
    }

    @Override
    public <R> Verdict read(R request, RequestReader<R> reader) throws MalformedHeaderException {
        String verify = ProxyHeaders.single(request, reader, verifyHeader);
        String dn = ProxyHeaders.single(request, reader, dnHeader);
        String cert = ProxyHeaders.single(request, reader, certHeader);
        String issuer = issuerHeader == null ? null : ProxyHeaders.single(request, reader, issuerHeader);
        boolean certificateHeaders = !isEmpty(dn) || !isEmpty(cert) || !isEmpty(issuer);
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
            return fromCertificate(cert, dn, issuer);
        }
        return HeaderIdentities.cached(dns, dn, HeaderIdentities::fromDn);
    }

    /**
     * The certificate header seen before, with the DN headers seen with it before, costs one lookup and one
     * comparison per DN header; only a new combination is parsed and has its names compared.
     */
    private Verdict fromCertificate(String cert, String dn, String issuer) throws MalformedHeaderException {
        Certificate known = certificates.get(cert);
        if (known != null && (isEmpty(dn) || dn.equals(known.matchingDn()))
                && (isEmpty(issuer) || issuer.equals(known.matchingIssuer()))) {
            return known.present();
        }
        Verdict parsed = known != null ? known.present() : parseCertificate(cert);
        if (!(parsed instanceof Identified present)) {
            return parsed;
        }
        Verdict checked = isEmpty(dn) ? present
                : HeaderIdentities.sameSubject(present, HeaderIdentities.cached(dns, dn, HeaderIdentities::fromDn));
        if (checked == present && !isEmpty(issuer)) {
            checked = HeaderIdentities.sameIssuer(present, issuer);
        }
        // Only DNs that name the certificate's subject and issuer are remembered; a mismatch is checked, and
        // denied, each time.
        boolean matches = checked == present;
        certificates.put(cert, new Certificate(present, matches && !isEmpty(dn) ? dn : null,
                matches && !isEmpty(issuer) ? issuer : null));
        return checked;
    }

    /**
     * @param present the parsed certificate
     * @param matchingDn a DN header value found to name its subject, or null
     * @param matchingIssuer an issuer DN header value found to name its issuer, or null
     */
    private record Certificate(Identified present, String matchingDn, String matchingIssuer) {
    }

    private static Verdict parseCertificate(String cert) throws MalformedHeaderException {
        return HeaderIdentities.fromCertificate(CertificateText.fromPem(CertificateText.percentDecode(cert)),
                List.of(), null);
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }
}
