package io.certgate.spring;

import java.io.IOException;
import java.util.Objects;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import org.springframework.context.ApplicationEventPublisher;

import io.certgate.ClientCertFilter;
import io.certgate.verdict.Denial;

/**
 * Around CertGate's filter (ordered just before it): once the request is done, publishes a
 * {@link CertGateAuthenticationFailureEvent} if CertGate refused it or one of its dispatches (the request
 * attribute {@link ClientCertFilter#DENIED_ATTRIBUTE}). CertGate's 403s never reach Spring Security's chain, so
 * this is how they reach Spring's audit events. It changes nothing about the request.
 */
final class CertGateDenialEventFilter implements Filter {
    private final ApplicationEventPublisher publisher;

    CertGateDenialEventFilter(ApplicationEventPublisher publisher) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.getAttribute(ClientCertFilter.DENIED_ATTRIBUTE) instanceof Denial denial) {
                publisher.publishEvent(new CertGateAuthenticationFailureEvent(denial));
            }
        }
    }
}
