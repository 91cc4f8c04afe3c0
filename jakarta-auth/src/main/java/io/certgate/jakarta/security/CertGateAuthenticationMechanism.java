package io.certgate.jakarta.security;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.certgate.ClientCertFilter;
import io.certgate.ServletGate;
import io.certgate.identity.CertificatePrincipal;
import io.certgate.identity.ClientIdentity;

/**
 * CertGate as a Jakarta Security {@link HttpAuthenticationMechanism}, for full Jakarta EE servers: the
 * container's role checks ({@code security-constraint}, {@code @RolesAllowed} on enterprise beans) and
 * {@code SecurityContext} see the client CertGate proved. It runs exactly {@link ClientCertFilter}'s decision,
 * with the same parameters, reason codes, log line, metrics and 403 bodies. Enabled by
 * {@link CertGateAuthenticationMechanismDefinition} on a class of the application, never by itself.
 *
 * <p>What the container hears for each request:
 * <ul>
 *   <li>allowed with a certificate: {@code notifyContainerAboutLogin} with CertGate's
 *       {@link CertificatePrincipal} and, as groups, the client's {@code roles} plus the groups the
 *       application's identity stores give a {@link ClientCertificateCredential} (when a store answers
 *       {@code VALID}; any other answer adds nothing, since CertGate has decided already);</li>
 *   <li>an {@code open} path without a usable certificate: {@code doNothing()}, so the container's own
 *       constraints decide whether nobody is enough;</li>
 *   <li>denied: the filter's 403 is already written, {@link AuthenticationStatus#SEND_FAILURE}.</li>
 * </ul>
 * {@code SecurityContext.getCallerPrincipal()} names the caller, but may be the container's own principal
 * (GlassFish 7 gives its {@code WebPrincipal}, as the Jakarta Security specification allows); CertGate's
 * principal is {@code SecurityContext.getPrincipalsByType(CertificatePrincipal.class)}.
 * The identity is also the request attribute {@link ClientCertFilter#IDENTITY_ATTRIBUTE}, and beans may
 * {@code @Inject ClientIdentity} ({@link ClientIdentityProducer}). As with the Jetty authenticator, the
 * application receives the container's request, not CertGate's wrapper: behind a proxy
 * ({@code sources=header}), certificate headers from an untrusted peer stay visible to it (CertGate itself
 * ignores them). A container authenticates the request as it arrives, never a forward or include: keep the
 * filter mapped for {@code FORWARD} and {@code INCLUDE} if those paths have rules of their own.
 */
@ApplicationScoped
public class CertGateAuthenticationMechanism implements HttpAuthenticationMechanism {
    @Inject
    CertGateExtension extension;

    @Inject
    Instance<IdentityStoreHandler> identityStores;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) throws AuthenticationException {
        ServletGate gate = extension.gate();
        HttpServletRequest admitted;
        try {
            admitted = gate.admit(request, response);
        } catch (IOException | ServletException e) {
            throw new AuthenticationException("CertGate: could not answer the request: " + e, e);
        }
        if (admitted == null) {
            // Denied: the filter's 403 is written and logged. The container only stops here.
            return AuthenticationStatus.SEND_FAILURE;
        }
        if (!(admitted.getUserPrincipal() instanceof CertificatePrincipal client)) {
            return context.doNothing();
        }
        ClientIdentity identity = client.identity();
        request.setAttribute(ClientCertFilter.IDENTITY_ATTRIBUTE, identity);
        request.setAttribute(ClientCertFilter.PRINCIPAL_ATTRIBUTE, client);
        Set<String> groups = new LinkedHashSet<>(client.roles());
        groups.addAll(storeGroups(client));
        return context.notifyContainerAboutLogin(client, groups);
    }

    /** The groups the application's identity stores give this certificate, if any store knows it. */
    private Set<String> storeGroups(CertificatePrincipal client) {
        IdentityStoreHandler handler = identityStoreHandler();
        if (handler == null) {
            return Set.of();
        }
        CredentialValidationResult result = handler.validate(
                new ClientCertificateCredential(client.identity(), client.getName()));
        return result.getStatus() == CredentialValidationResult.Status.VALID ? result.getCallerGroups() : Set.of();
    }

    /**
     * The container's identity store handler, or null without one. Asked of the application's bean manager
     * ({@link CDI#current()}) when this bean cannot see it: GlassFish 7 puts a type added by an extension from a
     * jar without {@code beans.xml} (this one, added by {@link CertGateExtension}) in a bean archive of its own
     * from which no other archive's beans are visible, Jakarta Security's handler included, so the injected
     * {@code Instance} is unsatisfied there.
     */
    private IdentityStoreHandler identityStoreHandler() {
        if (identityStores.isResolvable()) {
            return identityStores.get();
        }
        try {
            Instance<IdentityStoreHandler> application = CDI.current().select(IdentityStoreHandler.class);
            return application.isResolvable() ? application.get() : null;
        } catch (IllegalStateException noContainer) {
            return null;
        }
    }
}
