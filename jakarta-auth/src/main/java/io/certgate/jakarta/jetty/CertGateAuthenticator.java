package io.certgate.jakarta.jetty;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.Map;
import java.util.function.Function;

import javax.security.auth.Subject;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;

import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.security.AuthenticationState;
import org.eclipse.jetty.security.Authenticator;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.ServerAuthException;
import org.eclipse.jetty.security.UserIdentity;
import org.eclipse.jetty.security.authentication.LoginAuthenticator;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Session;
import org.eclipse.jetty.util.Callback;

import io.certgate.ClientCertFilter;
import io.certgate.ServletGate;
import io.certgate.config.ConfigException;
import io.certgate.identity.CertificatePrincipal;

/**
 * CertGate as Jetty 12's own authentication (ee10), for a {@code ConstraintSecurityHandler}: its constraints
 * and roles, {@code getUserPrincipal()}, {@code isUserInRole} and the request log see the client CertGate
 * proved. It runs exactly {@link ClientCertFilter}'s decision, with the same parameters, reason codes, log
 * line, metrics and 403 bodies; the shape is Jetty's own {@code SslClientCertAuthenticator}.
 *
 * <pre>{@code
 * ConstraintSecurityHandler security = new ConstraintSecurityHandler();
 * security.setAuthenticator(new CertGateAuthenticator(Map.of("allowed-cns", "alice, bob", "roles", "admin=alice")));
 * servletContextHandler.setSecurityHandler(security);
 * }</pre>
 *
 * <p>CertGate judges every request, as the filter does, not only those under a constraint: a path without
 * one is still refused when CertGate's rules refuse it. Allowed with a certificate: the user is CertGate's
 * {@link CertificatePrincipal} with the client's {@code roles}. An {@code open} path without a usable
 * certificate: no user, so Jetty's constraints decide whether that is enough. Denied: the filter's 403.
 *
 * <p>Unlike the filter and the Jakarta Authentication module, Jetty cannot hand the application another
 * request object: behind a proxy ({@code sources=header}), certificate headers from an untrusted peer stay
 * visible to the application (CertGate itself ignores them). And a {@code denied-page} cannot be forwarded to
 * before the servlet runs, so it is refused here. Keep {@link ClientCertFilter} mapped where either matters,
 * and for {@code FORWARD}/{@code INCLUDE} dispatches, which no container authenticates.
 */
public final class CertGateAuthenticator implements Authenticator {
    private static final String DENIED_PAGE = "denied-page";

    private final ServletGate gate;

    /**
     * @param parameters the filter's init-params, e.g. {@code allowed-cns}, {@code rules}, {@code roles}
     * @throws IllegalArgumentException naming the parameter at fault and the fix
     */
    public CertGateAuthenticator(Map<String, String> parameters) {
        if (parameters.containsKey(DENIED_PAGE)) {
            throw new IllegalArgumentException("CertGate configuration error: init-param '" + DENIED_PAGE
                    + "': Jetty authenticates before any servlet runs, so there is no page to forward to; remove it,"
                    + " or use ClientCertFilter, which can forward");
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        try {
            this.gate = ServletGate.fromParameters(Map.copyOf(parameters),
                    context != null ? context : CertGateAuthenticator.class.getClassLoader());
        } catch (ConfigException e) {
            throw new IllegalArgumentException("CertGate configuration error: " + e.getMessage(), e);
        }
    }

    /** The gate this runs, e.g. to publish its metrics with {@link ServletGate#registerMetrics}. */
    public ServletGate servletGate() {
        return gate;
    }

    @Override
    public void setConfiguration(Configuration configuration) {
        // Configured by CertGate's parameters; needs no LoginService: the certificate is the proof.
    }

    @Override
    public String getAuthenticationType() {
        return Authenticator.CERT_AUTH;
    }

    /** Every request is CertGate's to judge, constrained or not, as with the filter. */
    @Override
    public Constraint.Authorization getConstraintAuthentication(String pathInContext,
            Constraint.Authorization existing, Function<Boolean, Session> getSession) {
        return existing == Constraint.Authorization.ALLOWED || existing == Constraint.Authorization.INHERIT
                ? Constraint.Authorization.ANY_USER : existing;
    }

    @Override
    public AuthenticationState validateRequest(Request request, Response response, Callback callback)
            throws ServerAuthException {
        ServletContextRequest servletRequest = Request.as(request, ServletContextRequest.class);
        if (servletRequest == null) {
            throw new ServerAuthException("CertGate's authenticator runs inside an ee10 ServletContextHandler");
        }
        CapturedDenial denial = new CapturedDenial(servletRequest.getHttpServletResponse());
        HttpServletRequest admitted;
        try {
            admitted = gate.admit(servletRequest.getServletApiRequest(), denial);
        } catch (IOException | ServletException e) {
            throw new ServerAuthException("CertGate: could not answer the request: " + e, e);
        }
        if (admitted == null) {
            response.setStatus(denial.status());
            response.write(true, ByteBuffer.wrap(denial.body()), callback);
            return AuthenticationState.SEND_FAILURE;
        }
        // What the filter's request wrapper offers, on the request the application will see.
        for (String attribute : new String[] {ClientCertFilter.IDENTITY_ATTRIBUTE, ClientCertFilter.SOURCE_ATTRIBUTE,
                ClientCertFilter.PRINCIPAL_ATTRIBUTE}) {
            Object value = admitted.getAttribute(attribute);
            if (value != null) {
                request.setAttribute(attribute, value);
            }
        }
        Principal principal = admitted.getUserPrincipal();
        if (!(principal instanceof CertificatePrincipal client)) {
            return null; // an open path and no usable certificate: no user
        }
        Subject subject = new Subject();
        subject.getPrincipals().add(client);
        subject.setReadOnly();
        UserIdentity user = UserIdentity.from(subject, client, client.roles().toArray(String[]::new));
        return new LoginAuthenticator.UserAuthenticationSucceeded(getAuthenticationType(), user);
    }
}
