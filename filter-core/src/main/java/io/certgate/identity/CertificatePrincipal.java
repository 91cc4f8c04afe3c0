package io.certgate.identity;

import java.security.Principal;
import java.util.Objects;


/**
 * The {@code getUserPrincipal()} of a request CertGate allowed: named by the certificate's CN (or, for a
 * certificate without one, as {@link ClientIdentity#displayName()} says), and
 * carrying the whole {@link ClientIdentity} for applications that need more than the name.
 *
 * <pre>{@code
 * if (request.getUserPrincipal() instanceof CertificatePrincipal principal) {
 *     String issuer = String.valueOf(principal.identity().issuer());
 * }
 * }</pre>
 */
public final class CertificatePrincipal implements Principal {
    private final String name;
    private final ClientIdentity identity;

    public CertificatePrincipal(String name, ClientIdentity identity) {
        this.name = Objects.requireNonNull(name, "name");
        this.identity = Objects.requireNonNull(identity, "identity");
    }

    /** The certificate's common name, or {@link ClientIdentity#displayName()} when it has none. */
    @Override
    public String getName() {
        return name;
    }

    /** Everything CertGate read from the certificate. */
    public ClientIdentity identity() {
        return identity;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CertificatePrincipal that && name.equals(that.name)
                && identity.subject().equals(that.identity.subject())
                && Objects.equals(identity.sha256Fingerprint(), that.identity.sha256Fingerprint());
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "CertificatePrincipal[" + identity.subject() + "]";
    }
}
