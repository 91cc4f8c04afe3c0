package io.certgate.demo.pages;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import io.certgate.ClientCertFilter;
import io.certgate.identity.CertificatePrincipal;
import io.certgate.identity.ClientIdentity;

/**
 * What the pages show about the client: read from the identity CertGate put on an allowed request, never
 * from the raw TLS attribute or headers. A DN-only proxy identity has no issuer, serial or dates (null).
 *
 * @param cn the certificate's common name
 * @param subject the subject DN (RFC 4514)
 * @param issuer the issuer DN, or null
 * @param serial the serial number in upper-case hex, as {@code openssl x509 -serial} prints it, or null
 * @param notAfter the end of validity, or null
 * @param source {@code tls} or {@code header}
 * @param user the name the application sees ({@code getRemoteUser()}): the CN, or the SPIFFE ID of a
 *     certificate without one
 * @param roles the roles CertGate's {@code roles} give the client, sorted
 */
record CertificateFacts(String cn, String subject, String issuer, String serial, Instant notAfter, String source,
        String user, List<String> roles) {

    /** The facts of an identity CertGate accepted, or null when the request carries none. */
    static CertificateFacts of(HttpServletRequest request) {
        if (!(request.getAttribute(ClientCertFilter.IDENTITY_ATTRIBUTE) instanceof ClientIdentity identity)) {
            return null;
        }
        BigInteger serial = identity.serialNumber();
        Object source = request.getAttribute(ClientCertFilter.SOURCE_ATTRIBUTE);
        // The attribute, not getUserPrincipal(): a framework behind CertGate (Spring Security) may put its own there.
        List<String> roles = request.getAttribute(ClientCertFilter.PRINCIPAL_ATTRIBUTE) instanceof CertificatePrincipal
                principal ? principal.roles().stream().sorted().toList() : List.of();
        return new CertificateFacts(identity.commonName(), identity.subject().toString(),
                identity.issuer() == null ? null : identity.issuer().toString(),
                serial == null ? null : serial.toString(16).toUpperCase(Locale.ROOT), identity.notAfter(),
                source == null ? null : source.toString(), request.getRemoteUser(), roles);
    }

    /**
     * The facts of a request CertGate let through to a page that needs a certificate.
     *
     * @throws IllegalStateException if there are none, which means CertGate is not in front of the page
     */
    static CertificateFacts require(HttpServletRequest request) {
        CertificateFacts facts = of(request);
        if (facts == null) {
            // Fail loudly rather than render a page for nobody: the web.xml no longer guards this path.
            throw new IllegalStateException(request.getServletPath() + " reached without a CertGate identity;"
                    + " is the certgate filter mapped to /*?");
        }
        return facts;
    }

    /** "tls" or "header", spelled out for people. */
    String sourceDescription() {
        if ("header".equals(source)) {
            return "headers from a trusted TLS-terminating proxy";
        }
        return "TLS client certificate";
    }

    /** The expiry with a friendly "in N days". */
    String expiryDescription(Instant now) {
        if (notAfter == null) {
            return "not known (the proxy passed only the subject DN)";
        }
        long days = Duration.between(now, notAfter).toDays();
        return notAfter + (days >= 1 ? " (in " + days + (days == 1 ? " day)" : " days)") : " (today)");
    }

    /** The facts as HTML table rows, every value escaped. */
    String table(Instant now) {
        return Html.facts("Common name", cn == null ? "none" : cn, "Roles", roles.isEmpty() ? "none"
                : String.join(", ", roles), "Subject", subject, "Issuer", issuer == null ? "not known" : issuer,
                "Serial", serial == null ? "not known" : serial, "Expires", expiryDescription(now),
                "Read from", sourceDescription());
    }
}
