package io.certgate;

import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import io.certgate.identity.ClientIdentity;
import io.certgate.policy.Roles;
import io.certgate.source.Extraction;
import io.certgate.source.TlsAttributeSource;

/**
 * The request as the application sees it once CertGate has allowed a certificate: authenticated as
 * {@code CLIENT_CERT}, with the CN as remote user and the identity as a request attribute.
 */
final class AuthenticatedRequest extends HttpServletRequestWrapper {
    /** {@code isUserInRole("**")} means "any authenticated user" (Servlet 6.0, section 13.8). */
    private static final String ANY_AUTHENTICATED_ROLE = "**";

    private static final String TLS_SOURCE = "tls";

    private final Extraction.Present present;
    private final Roles roles;
    /**
     * Made when first asked for: many applications never ask, and the filter should allocate nothing per
     * request but this wrapper. Immutable with final fields, so a race can only make two equal principals.
     */
    private CertificatePrincipal principal;

    AuthenticatedRequest(HttpServletRequest request, Extraction.Present present, Roles roles) {
        super(request);
        this.present = present;
        this.roles = roles;
    }

    private CertificatePrincipal principal() {
        CertificatePrincipal made = principal;
        if (made == null) {
            ClientIdentity identity = present.identity();
            made = new CertificatePrincipal(identity.displayName(), identity);
            principal = made;
        }
        return made;
    }

    /**
     * A certificate a proxy passed in a header is offered as the standard TLS attribute too, so code written
     * for direct TLS works unchanged behind the proxy. A DN-only header sets nothing: there is no certificate.
     */
    private X509Certificate[] headerChain() {
        X509Certificate client = present.identity().certificate();
        // Over direct TLS the container already set the attribute; don't shadow it.
        if (client == null || TLS_SOURCE.equals(present.source())) {
            return null;
        }
        List<X509Certificate> chain = new ArrayList<>(present.intermediates().size() + 1);
        chain.add(client);
        chain.addAll(present.intermediates());
        return chain.toArray(X509Certificate[]::new);
    }

    @Override
    public String getAuthType() {
        return HttpServletRequest.CLIENT_CERT_AUTH;
    }

    @Override
    public String getRemoteUser() {
        return present.identity().displayName();
    }

    @Override
    public Principal getUserPrincipal() {
        return principal();
    }

    @Override
    public boolean isUserInRole(String role) {
        return ANY_AUTHENTICATED_ROLE.equals(role) || roles.has(present.identity().displayName(), role);
    }

    @Override
    public Object getAttribute(String name) {
        if (ClientCertFilter.IDENTITY_ATTRIBUTE.equals(name)) {
            return present.identity();
        }
        if (ClientCertFilter.SOURCE_ATTRIBUTE.equals(name)) {
            return present.source();
        }
        if (TlsAttributeSource.ATTRIBUTE.equals(name)) {
            // Built when asked for: most applications never read it, and the filter allocates little per request.
            X509Certificate[] chain = headerChain();
            return chain != null ? chain : super.getAttribute(name);
        }
        return super.getAttribute(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        List<String> names = Collections.list(super.getAttributeNames());
        List<String> own = new ArrayList<>(List.of(ClientCertFilter.IDENTITY_ATTRIBUTE,
                ClientCertFilter.SOURCE_ATTRIBUTE));
        if (headerChain() != null) {
            own.add(TlsAttributeSource.ATTRIBUTE);
        }
        for (String ownName : own) {
            if (!names.contains(ownName)) {
                names.add(ownName);
            }
        }
        return Collections.enumeration(names);
    }
}
