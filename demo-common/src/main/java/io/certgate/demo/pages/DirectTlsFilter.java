package io.certgate.demo.pages;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

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
        chain.doFilter(request.isSecure() ? new WithoutProxyHeaders(request) : request, response);
    }

    /** The request without the proxy's headers: absent to every way of asking for them. */
    private static final class WithoutProxyHeaders extends HttpServletRequestWrapper {
        WithoutProxyHeaders(HttpServletRequest request) {
            super(request);
        }

        private static boolean hidden(String name) {
            return name != null && PROXY_HEADERS.contains(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public String getHeader(String name) {
            return hidden(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public long getDateHeader(String name) {
            return hidden(name) ? -1 : super.getDateHeader(name);
        }

        @Override
        public int getIntHeader(String name) {
            return hidden(name) ? -1 : super.getIntHeader(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(name -> !hidden(name)).toList());
        }
    }
}
