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
 */
public record ClientCertificateCredential(ClientIdentity identity) implements Credential {
    public ClientCertificateCredential {
        Objects.requireNonNull(identity, "identity");
    }

    /** The name CertGate gives the caller: the certificate's CN, or what {@link ClientIdentity#displayName()} says. */
    public String getCaller() {
        return identity.displayName();
    }
}
