package io.certgate.spring;

import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

import io.certgate.identity.ClientIdentity;
import io.certgate.verdict.Denial;

/**
 * A request CertGate refused, as Spring Security's authentication failure event: the actuator's audit listener
 * records it as {@code AUTHENTICATION_FAILURE}, with the principal the certificate's CN ({@value #ANONYMOUS}
 * without a readable one) and the message {@code CertGate denied: REASON-CODE}.
 */
public class CertGateAuthenticationFailureEvent extends AbstractAuthenticationFailureEvent {
    private static final long serialVersionUID = 1L;

    /** The principal of a refusal without a readable certificate. */
    public static final String ANONYMOUS = "anonymous";

    public CertGateAuthenticationFailureEvent(Denial denial) {
        super(attempt(denial), new CertGateDeniedException(denial));
    }

    /** The refused certificate as an unauthenticated pre-authentication attempt. */
    private static PreAuthenticatedAuthenticationToken attempt(Denial denial) {
        ClientIdentity identity = denial.identity();
        String name = identity == null ? ANONYMOUS
                : identity.displayName() != null ? identity.displayName() : identity.subject().toString();
        return new PreAuthenticatedAuthenticationToken(name, identity == null ? null : identity.certificate());
    }

    @Override
    public CertGateDeniedException getException() {
        return (CertGateDeniedException) super.getException();
    }
}
