package io.certgate.source;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;

import io.certgate.identity.ClientIdentity;
import io.certgate.identity.DistinguishedName;
import io.certgate.identity.DnParseException;
import io.certgate.verdict.Denial;
import io.certgate.verdict.Identified;
import io.certgate.verdict.ReasonCode;
import io.certgate.verdict.Verdict;

/** Turns what a proxy header held (a certificate, a DN, or both) into an {@link Verdict}. */
final class HeaderIdentities {
    static final String SOURCE = "header";

    private HeaderIdentities() {
    }

    /** A certificate, and optionally the DN the proxy printed for it, which must name the same subject. */
    static Verdict fromCertificate(X509Certificate certificate, List<X509Certificate> intermediates,
            String dnText) {
        ClientIdentity identity;
        try {
            identity = ClientIdentity.of(certificate);
        } catch (DnParseException e) {
            return new Denial(ReasonCode.MALFORMED_DN, "certificate subject: " + e.getMessage());
        } catch (CertificateParsingException | RuntimeException e) {
            return new Denial(ReasonCode.BAD_CERTIFICATE, String.valueOf(e.getMessage()));
        }
        Identified present = new Identified(identity, SOURCE, intermediates);
        return dnText == null || dnText.isEmpty() ? present : sameSubject(present, fromDn(dnText));
    }

    /** How a header value becomes an identity, for {@link #cached}. */
    @FunctionalInterface
    interface Parser {
        Verdict parse(String value) throws MalformedHeaderException;
    }

    /**
     * The parse of {@code value}, from {@code cache} when this exact value was parsed before. Only a
     * {@link Identified} is remembered; refused input is parsed, and refused, again each time.
     */
    static Verdict cached(IdentityCache<String, Identified> cache, String value, Parser parser)
            throws MalformedHeaderException {
        if (value == null) {
            return parser.parse(null);
        }
        Identified hit = cache.get(value);
        if (hit != null) {
            return hit;
        }
        Verdict parsed = parser.parse(value);
        if (parsed instanceof Identified present) {
            cache.put(value, present);
        }
        return parsed;
    }

    /**
     * The identity from a certificate, if the DN the proxy printed for it ({@code fromDn}, the parse of that
     * header) names the same subject; otherwise why not.
     */
    static Verdict sameSubject(Identified fromCertificate, Verdict fromDn) {
        if (!(fromDn instanceof Identified dn)) {
            return fromDn;
        }
        if (!dn.identity().subject().equals(fromCertificate.identity().subject())) {
            return new Denial(ReasonCode.DN_MISMATCH,
                    "DN header does not match the certificate subject " + fromCertificate.identity().subject());
        }
        return fromCertificate;
    }

    /**
     * The identity from a certificate, if the issuer DN the proxy printed for it (ingress-nginx
     * {@code ssl-client-issuer-dn}) names the certificate's issuer; otherwise why not.
     */
    static Verdict sameIssuer(Identified fromCertificate, String issuerText) {
        DistinguishedName issuer;
        try {
            issuer = DistinguishedName.parse(issuerText);
        } catch (DnParseException e) {
            return new Denial(ReasonCode.MALFORMED_DN, "issuer DN header: " + e.getMessage());
        }
        if (!issuer.equals(fromCertificate.identity().issuer())) {
            return new Denial(ReasonCode.DN_MISMATCH,
                    "issuer DN header does not match the certificate issuer " + fromCertificate.identity().issuer());
        }
        return fromCertificate;
    }

    /** Only a DN: the proxy's verification is the only proof. */
    static Verdict fromDn(String dnText) {
        if (dnText == null || dnText.isEmpty()) {
            return new Denial(ReasonCode.MALFORMED_HEADER, "verified, but no DN and no certificate");
        }
        try {
            return new Identified(ClientIdentity.ofSubject(DistinguishedName.parse(dnText)), SOURCE, List.of());
        } catch (DnParseException e) {
            return new Denial(ReasonCode.MALFORMED_DN, "DN header: " + e.getMessage());
        }
    }

    /**
     * The nginx/Apache verify convention: {@code SUCCESS}, {@code NONE}, or {@code FAILED:reason}.
     * Returns null for SUCCESS, otherwise the extraction to answer with.
     */
    static Verdict verifyOutcome(String header, String verify, boolean certificateHeadersPresent) {
        if ("SUCCESS".equals(verify)) {
            return null;
        }
        if ("NONE".equals(verify)) {
            return certificateHeadersPresent
                    ? new Denial(ReasonCode.MALFORMED_HEADER, header + " is NONE but certificate headers are set")
                    : Verdict.ANONYMOUS;
        }
        if (verify.startsWith("FAILED:")) {
            return new Denial(ReasonCode.PROXY_VERIFY_FAILED, verify.substring("FAILED:".length()));
        }
        return new Denial(ReasonCode.MALFORMED_HEADER, header + " is neither SUCCESS, NONE nor FAILED:");
    }
}
