package io.certgate.spring;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;

import io.certgate.ClientCertFilter;
import io.certgate.identity.CertificatePrincipal;

/**
 * Inside Spring Security's filter chain: makes the client CertGate admitted (the request attribute
 * {@link ClientCertFilter#PRINCIPAL_ATTRIBUTE}, set only by CertGate's filter, which ran before the chain) the
 * request's {@link CertGateAuthentication}, with the name and roles CertGate gave it.
 *
 * <p>It decides nothing: CertGate already allowed the request, and Spring Security's authorization rules
 * come after it. A request without a certificate (an {@code open} path) is left as it is, anonymous. An
 * authentication the chain already holds (a session login) is kept, as Spring's own pre-authentication
 * filters do.
 *
 * <p>Each authentication it sets is published as Spring Security's {@code AuthenticationSuccessEvent} through the
 * application's {@link AuthenticationEventPublisher}, so that the actuator's audit events record
 * {@code AUTHENTICATION_SUCCESS} under CertGate's name for the client.
 */
final class CertGateAuthenticationFilter implements Filter {
    private final String rolePrefix;
    private final SecurityContextHolderStrategy holder;
    private final AuthenticationEventPublisher events;
    private final WebAuthenticationDetailsSource details = new WebAuthenticationDetailsSource();

    CertGateAuthenticationFilter(String rolePrefix, SecurityContextHolderStrategy holder,
            AuthenticationEventPublisher events) {
        this.rolePrefix = Objects.requireNonNull(rolePrefix, "rolePrefix");
        this.holder = Objects.requireNonNull(holder, "holder");
        this.events = Objects.requireNonNull(events, "events");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getAttribute(ClientCertFilter.PRINCIPAL_ATTRIBUTE) instanceof CertificatePrincipal client
                && replaceable(holder.getContext().getAuthentication())) {
            List<GrantedAuthority> authorities = client.roles().stream().sorted()
                    .<GrantedAuthority>map(role -> new SimpleGrantedAuthority(rolePrefix + role)).toList();
            CertGateAuthentication authentication = new CertGateAuthentication(client.identity(), client.getName(),
                    authorities);
            if (request instanceof HttpServletRequest http) {
                authentication.setDetails(details.buildDetails(http));
            }
            SecurityContext context = holder.createEmptyContext();
            context.setAuthentication(authentication);
            holder.setContext(context);
            // Each request authenticates anew, as HTTP Basic does: one AuthenticationSuccessEvent per request.
            events.publishAuthenticationSuccess(authentication);
        }
        chain.doFilter(request, response);
    }

    private static boolean replaceable(Authentication current) {
        return current == null || current instanceof AnonymousAuthenticationToken
                || current instanceof CertGateAuthentication || !current.isAuthenticated();
    }
}
