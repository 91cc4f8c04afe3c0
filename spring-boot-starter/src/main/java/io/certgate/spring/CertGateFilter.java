package io.certgate.spring;

import java.io.IOException;
import java.util.Objects;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.certgate.ServletGate;

/**
 * The servlet filter the starter registers: {@link io.certgate.ClientCertFilter}'s work, on the
 * {@link ServletGate} bean built from the {@code certgate.*} properties, so that the Spring Security bridge
 * reads the roles of the very gate that decided. Mapped to {@code /*} for every dispatcher type.
 */
public final class CertGateFilter implements Filter {
    private final ServletGate gate;

    public CertGateFilter(ServletGate gate) {
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    @Override
    public void init(FilterConfig config) {
        gate.registerMetrics(config.getFilterName() == null ? "certgate" : config.getFilterName());
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)) {
            throw new ServletException("CertGate guards HTTP requests only");
        }
        if (gate.isOwnForward(http)) {
            // The denied-page, reached by CertGate's own forward: judging it again would deny it again.
            chain.doFilter(request, response);
            return;
        }
        HttpServletRequest admitted = gate.admit(http, httpResponse);
        if (admitted != null) {
            chain.doFilter(admitted, response);
        }
    }

    @Override
    public void destroy() {
        gate.unregisterMetrics();
    }
}
