package io.certgate.demo.pages;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.certgate.source.HiddenHeadersRequest;

/**
 * Hides the proxy's {@code X-Client-*} headers from requests that arrived over HTTPS, before CertGate sees
 * them.
 *
 * <p>The demo runs one application behind two entrances: HTTPS, where the client's certificate comes from
 * the TLS handshake, and plain HTTP for a proxy. Both listen on 127.0.0.1, which is also the trusted proxy
 * address, so without this filter a local HTTPS client without a certificate could send the headers a proxy
 * would and be believed. A real deployment has one entrance and does not need this.
 */
public final class DirectTlsFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    /** The nginx format's headers (matched ignoring case). */
    static final Set<String> PROXY_HEADERS = Set.of("x-client-verify", "x-client-dn", "x-client-cert");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request.isSecure() ? HiddenHeadersRequest.hide(request, PROXY_HEADERS) : request, response);
    }
}
