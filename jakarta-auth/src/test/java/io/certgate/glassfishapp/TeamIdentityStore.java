package io.certgate.glassfishapp;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

import io.certgate.jakarta.security.ClientCertificateCredential;

/** The application's own store, as a team would back it with LDAP or a database: bob audits. */
@ApplicationScoped
public class TeamIdentityStore implements IdentityStore {
    public CredentialValidationResult validate(ClientCertificateCredential credential) {
        if ("bob".equals(credential.identity().commonName())) {
            return new CredentialValidationResult(credential.getCaller(), Set.of("auditor"));
        }
        return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }
}
