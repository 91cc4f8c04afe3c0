package io.certgate.spring;

import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Objects;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

import io.certgate.identity.ClientIdentity;

/**
 * The Spring Security {@code Authentication} of a request CertGate allowed with a certificate: the principal
 * is the {@link ClientIdentity} (so {@code @AuthenticationPrincipal ClientIdentity identity} works), the name
 * is CertGate's (the field {@code certgate.principal} names, by default the CN, or the
 * {@code identity-mapper}'s), the credentials the client certificate (null when a proxy
 * passed only a DN), the authorities CertGate's {@code roles} with Spring's role prefix ({@code ROLE_admin}).
 */
public final class CertGateAuthentication extends AbstractAuthenticationToken {
    private static final long serialVersionUID = 1L;

    private final transient ClientIdentity identity;
    private final String name;

    /**
     * @param identity what CertGate read from the certificate
     * @param name the name CertGate gives the client ({@code CertificatePrincipal.getName()})
     * @param authorities the client's roles as authorities
     */
    public CertGateAuthentication(ClientIdentity identity, String name,
            Collection<? extends GrantedAuthority> authorities) {
        super(authorities);
        this.identity = Objects.requireNonNull(identity, "identity");
        this.name = Objects.requireNonNull(name, "name");
        setAuthenticated(true);
    }

    @Override
    public ClientIdentity getPrincipal() {
        return identity;
    }

    @Override
    public X509Certificate getCredentials() {
        return identity.certificate();
    }

    @Override
    public String getName() {
        return name;
    }
}
