package io.certgate.bench;

import java.io.IOException;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * The load run's "reads what CertGate reads": asks the container exactly the questions CertGate asks on an
 * allowed request of the load run, in the same order and the same way (the same getters, each header through
 * {@code getHeaders} and its enumeration, the TLS attribute), then decides nothing and passes on a wrapper that
 * names the same user, so the application answers byte for byte what it answers behind CertGate. CertGate
 * against this filter is CertGate's own cost; this filter against the pass-through filter is what the
 * container charges any reader of those facts. {@code CertGateCallsTest} records the calls CertGate makes and
 * fails when this filter's differ, so it follows CertGate as CertGate changes.
 */
final class ReadsWhatCertGateReadsFilter implements Filter {
    private static final String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    /** The certificate headers read, in CertGate's order; empty over TLS. */
    private final List<String> headers;
    /** The user CertGate names for the load run's client. */
    private final String user;

    private ReadsWhatCertGateReadsFilter(List<String> headers, String user) {
        this.headers = headers;
        this.user = user;
    }

    /** What {@link Gates#tls()} reads: the paths and the TLS attribute. */
    static ReadsWhatCertGateReadsFilter tls() {
        return new ReadsWhatCertGateReadsFilter(List.of(), "client-0");
    }

    /** What {@link Gates#nginxHeaders()} reads from a trusted proxy: the peer address, the paths, nginx's headers. */
    static ReadsWhatCertGateReadsFilter nginxHeaders() {
        return new ReadsWhatCertGateReadsFilter(List.of("X-Client-Verify", "X-Client-Dn", "X-Client-Cert"), "client-0");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        // Every answer goes into one number that decides whether the request goes on (it always does), so that
        // no compiler can drop a question whose answer nobody uses.
        long answers = http.getDispatcherType().ordinal();
        if (!headers.isEmpty()) {
            answers += length(http.getRemoteAddr());
        }
        answers += length(http.getRequestURI());
        answers += length(http.getMethod());
        answers += length(http.getServletPath());
        answers += length(http.getPathInfo());
        answers += length(http.getServletContext().getContextPath());
        for (String name : headers) {
            answers += single(http, name);
        }
        if (headers.isEmpty()) {
            answers += http.getAttribute(CERTIFICATE_ATTRIBUTE) == null ? 0 : 1;
        }
        if (answers < 0) {
            throw new ServletException("unreachable: lengths are not negative");
        }
        chain.doFilter(new NamedUser(http, user), response);
    }

    /** Reads a header as CertGate reads a proxy's header: its first value, then whether there is a second. */
    private static long single(HttpServletRequest request, String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return 0;
        }
        long length = length(values.nextElement());
        return values.hasMoreElements() ? length + 1 : length;
    }

    private static long length(String text) {
        return text == null ? 0 : text.length();
    }

    /** The pass-through wrapper, naming the user CertGate would name. */
    private static final class NamedUser extends HttpServletRequestWrapper {
        private final String user;

        NamedUser(HttpServletRequest request, String user) {
            super(request);
            this.user = user;
        }

        @Override
        public String getRemoteUser() {
            return user;
        }
    }
}
