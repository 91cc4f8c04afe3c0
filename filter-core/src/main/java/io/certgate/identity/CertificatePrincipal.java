package io.certgate.identity;

import java.security.Principal;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code getUserPrincipal()} of a request CertGate allowed: named as the {@code principal} init-param
 * says (by default the certificate's CN or, for a certificate without one, {@link ClientIdentity#displayName()}),
 * or by the {@link IdentityMapper}, and carrying the whole {@link ClientIdentity} for applications that need
 * more than the name, and the roles CertGate gave the client for this request.
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
    private final Set<String> roles;

    /** A principal holding no roles. */
    public CertificatePrincipal(String name, ClientIdentity identity) {
        this(name, identity, Set.of());
    }

    /**
     * @param name the caller's name
     * @param identity what CertGate read from the certificate
     * @param roles the roles CertGate gave the caller ({@code roles} and the {@link IdentityMapper})
     */
    public CertificatePrincipal(String name, ClientIdentity identity, Set<String> roles) {
        this.name = Objects.requireNonNull(name, "name");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.roles = Set.copyOf(roles);
    }

    /**
     * The caller's name: the field the {@code principal} init-param names (by default the CN, or
     * {@link ClientIdentity#displayName()} for a certificate without one), or the {@link IdentityMapper}'s.
     */
    @Override
    public String getName() {
        return name;
    }

    /**
     * The roles CertGate gave the caller for the request this principal came with: those of the {@code roles}
     * init-param in force then, and the {@link IdentityMapper}'s. A container integration passes them on as
     * groups.
     */
    public Set<String> roles() {
        return roles;
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
