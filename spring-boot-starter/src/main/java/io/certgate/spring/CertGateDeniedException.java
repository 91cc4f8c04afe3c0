package io.certgate.spring;

import java.util.Objects;

import org.springframework.security.core.AuthenticationException;

import io.certgate.verdict.Denial;
import io.certgate.verdict.ReasonCode;

/**
 * A request CertGate refused, as the {@link AuthenticationException} of a
 * {@link CertGateAuthenticationFailureEvent}. The message is {@code CertGate denied: REASON-CODE}, the code of
 * the denial log line; it never names the rules or the allowlist.
 */
public class CertGateDeniedException extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    private final ReasonCode reason;

    public CertGateDeniedException(Denial denial) {
        super("CertGate denied: " + Objects.requireNonNull(denial, "denial").reason().code());
        this.reason = denial.reason();
    }

    /** Why CertGate refused the request. */
    public ReasonCode reason() {
        return reason;
    }
}
