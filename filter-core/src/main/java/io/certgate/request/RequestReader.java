package io.certgate.request;

import java.util.Enumeration;

/**
 * How the gate reads a request of type {@code R}: the few facts a decision needs, and nothing else. The
 * servlet filter reads an {@code HttpServletRequest} through one stateless reader; the explain command reads
 * its command line through another. A reader holds no request state, so one instance serves every request
 * and the request path allocates nothing for it.
 *
 * <p>Paths are those of the resource this dispatch serves: for a servlet include, the included resource's
 * (the {@code jakarta.servlet.include.*} attributes), not the including page's.
 *
 * @param <R> the request type
 */
public interface RequestReader<R> {
    /** The HTTP method, e.g. {@code GET}. */
    String method(R request);

    /**
     * The request URI as sent, without the query, or null when the dispatch has no target path to check (an
     * include through a named dispatcher).
     */
    String requestUri(R request);

    /** The context path as the request spells it. */
    String contextPath(R request);

    /**
     * The context path the application is deployed at; may be cheaper to ask than {@link #contextPath}, which
     * some containers work out anew from the raw URI.
     */
    default String deployedContextPath(R request) {
        return contextPath(request);
    }

    /** The servlet path the container mapped, decoded. */
    String servletPath(R request);

    /** The path info the container mapped, decoded, or null. */
    String pathInfo(R request);

    /** The connection's real peer address, as {@code getRemoteAddr()} gives it. */
    String remoteAddress(R request);

    /** Every value of header {@code name}, in order; empty (or null) when absent. */
    Enumeration<String> headers(R request, String name);

    /**
     * The client certificate chain the TLS handshake received, as the container holds it in the request
     * attribute {@code jakarta.servlet.request.X509Certificate} (normally an {@code X509Certificate[]}), or
     * null.
     */
    Object tlsCertificates(R request);
}
