package io.certgate.jakarta.security;

import java.util.Objects;

import jakarta.security.enterprise.credential.Credential;

import io.certgate.identity.ClientIdentity;

/**
 * The client certificate CertGate allowed, as a Jakarta Security {@link Credential}, so that the application's
 * own {@code IdentityStore} can give it groups (from LDAP, a database, ...). CertGate has already decided the
 * request; a store only adds groups to the caller's {@code roles}. A store declares a method for it:
 *
 * <pre>{@code
 * public CredentialValidationResult validate(ClientCertificateCredential credential) {
 *     String cn = credential.identity().commonName();
 *     return new CredentialValidationResult(credential.getCaller(), groupsFromLdap(cn));
 * }
 * }</pre>
 *
 * @param identity what CertGate read from the certificate
 * @param caller the name CertGate gives the caller: the field the {@code principal} parameter names (by default
 *     the CN, or {@link ClientIdentity#displayName()} without one), or the {@code identity-mapper}'s name
 */
public record ClientCertificateCredential(ClientIdentity identity, String caller) implements Credential {
    public ClientCertificateCredential {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(caller, "caller");
    }

    /** The name CertGate gives the caller, as {@code getUserPrincipal().getName()} has it. */
    public String getCaller() {
        return caller;
    }
}
