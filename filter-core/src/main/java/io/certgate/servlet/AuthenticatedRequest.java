package io.certgate.servlet;

import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import io.certgate.decision.Gate;
import io.certgate.identity.CertificatePrincipal;
import io.certgate.identity.ClientIdentity;
import io.certgate.source.TlsAttributeSource;
import io.certgate.verdict.Identified;

/**
 * The request as the application sees it once CertGate has allowed a certificate: authenticated as
 * {@code CLIENT_CERT}, with the name the gate gives the client ({@code principal}, or the
 * {@code identity-mapper}'s) as remote user, and the identity and principal as request attributes.
 */
public final class AuthenticatedRequest extends HttpServletRequestWrapper {
    /** {@code isUserInRole("**")} means "any authenticated user" (Servlet 6.0, section 13.8). */
    private static final String ANY_AUTHENTICATED_ROLE = "**";

    private static final String TLS_SOURCE = "tls";

    private final Identified present;
    private final Gate gate;
    /**
     * Made when first asked for: many applications never ask, and the filter should allocate nothing per
     * request but this wrapper. Immutable with final fields, so a race can only make two equal principals.
     */
    private CertificatePrincipal principal;

    /**
     * @param present the identity the gate let through
     * @param gate the gate that did, which knows the roles in force
     */
    public AuthenticatedRequest(HttpServletRequest request, Identified present, Gate gate) {
        super(request);
        this.present = present;
        this.gate = gate;
    }

    private CertificatePrincipal principal() {
        CertificatePrincipal made = principal;
        if (made == null) {
            ClientIdentity identity = present.identity();
            made = new CertificatePrincipal(gate.name(present), identity, gate.roles(present));
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
        return gate.name(present);
    }

    @Override
    public Principal getUserPrincipal() {
        return principal();
    }

    @Override
    public boolean isUserInRole(String role) {
        return ANY_AUTHENTICATED_ROLE.equals(role) || gate.hasRole(present, role);
    }

    @Override
    public Object getAttribute(String name) {
        if (RequestAttributes.IDENTITY.equals(name)) {
            return present.identity();
        }
        if (RequestAttributes.SOURCE.equals(name)) {
            return present.source();
        }
        if (RequestAttributes.PRINCIPAL.equals(name)) {
            return principal();
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
        List<String> own = new ArrayList<>(List.of(RequestAttributes.IDENTITY,
                RequestAttributes.SOURCE, RequestAttributes.PRINCIPAL));
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
