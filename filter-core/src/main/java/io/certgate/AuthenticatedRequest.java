package io.certgate;

import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import io.certgate.identity.ClientIdentity;
import io.certgate.policy.Roles;

/**
 * The request as the application sees it once CertGate has allowed a certificate: authenticated as
 * {@code CLIENT_CERT}, with the CN as remote user and the identity as a request attribute.
 */
final class AuthenticatedRequest extends HttpServletRequestWrapper {
    /** {@code isUserInRole("**")} means "any authenticated user" (Servlet 6.0, section 13.8). */
    private static final String ANY_AUTHENTICATED_ROLE = "**";

    private final CertificatePrincipal principal;
    private final String source;
    private final Roles roles;

    AuthenticatedRequest(HttpServletRequest request, ClientIdentity identity, String source, Roles roles) {
        super(request);
        this.principal = new CertificatePrincipal(identity.displayName(), identity);
        this.source = source;
        this.roles = roles;
    }

    @Override
    public String getAuthType() {
        return HttpServletRequest.CLIENT_CERT_AUTH;
    }

    @Override
    public String getRemoteUser() {
        return principal.getName();
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public boolean isUserInRole(String role) {
        return ANY_AUTHENTICATED_ROLE.equals(role) || roles.has(principal.getName(), role);
    }

    @Override
    public Object getAttribute(String name) {
        if (ClientCertFilter.IDENTITY_ATTRIBUTE.equals(name)) {
            return principal.identity();
        }
        if (ClientCertFilter.SOURCE_ATTRIBUTE.equals(name)) {
            return source;
        }
        return super.getAttribute(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        List<String> names = Collections.list(super.getAttributeNames());
        for (String own : List.of(ClientCertFilter.IDENTITY_ATTRIBUTE, ClientCertFilter.SOURCE_ATTRIBUTE)) {
            if (!names.contains(own)) {
                names.add(own);
            }
        }
        return Collections.enumeration(names);
    }
}
