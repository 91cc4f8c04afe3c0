package io.certgate.bench;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Enumeration;
import java.util.NoSuchElementException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * A request, response and chain for calling the filter without a container, answering only what CertGate
 * reads on an allowed request, and allocating nothing while doing so, so that JMH's bytes per operation are
 * the filter's own. Anything else throws: a denied request (which writes a response) fails the benchmark.
 */
final class FakeExchange {
    private FakeExchange() {
    }

    @SuppressWarnings("unchecked")
    private static <T> T unsupported(Class<T> type) {
        return (T) Proxy.newProxyInstance(FakeExchange.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException("the benchmark request does not answer " + method.getName()
                            + "; was the request denied?");
                });
    }

    /** A servlet context at the root: {@code getContextPath()} is "", anything else throws. */
    private static ServletContext rootContext() {
        return (ServletContext) Proxy.newProxyInstance(FakeExchange.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getContextPath")) {
                        return "";
                    }
                    throw new UnsupportedOperationException("the benchmark context does not answer " + method.getName());
                });
    }

    /** {@code GET /api/data} from {@link BenchPki#PROXY}, with an optional TLS chain and headers. */
    static final class Request extends HttpServletRequestWrapper {
        private final Object certificates;
        private final String[] names;
        private final String[] values;
        /** An equal copy of each value, handed out every other time (see {@link #getHeader}). */
        private final String[] copies;
        private final boolean[] copyNext;
        private final OneValue enumeration = new OneValue();
        private final ServletContext context = rootContext();

        /** @param namesAndValues header name, value, name, value... */
        Request(Object certificates, String... namesAndValues) {
            super(unsupported(HttpServletRequest.class));
            this.certificates = certificates;
            this.names = new String[namesAndValues.length / 2];
            this.values = new String[namesAndValues.length / 2];
            this.copies = new String[namesAndValues.length / 2];
            this.copyNext = new boolean[namesAndValues.length / 2];
            for (int i = 0; i < names.length; i++) {
                names[i] = namesAndValues[2 * i];
                values[i] = namesAndValues[2 * i + 1];
                copies[i] = new String(values[i].toCharArray());
            }
        }

        @Override
        public Object getAttribute(String name) {
            return "jakarta.servlet.request.X509Certificate".equals(name) ? certificates : null;
        }

        /**
         * Ignored: CertGate marks a request it denies ({@code ClientCertFilter.DENIED_ATTRIBUTE}) before writing
         * the 403, which {@link #response()} still refuses, so a denial in {@code DecisionBenchmark} still fails.
         */
        @Override
        public void setAttribute(String name, Object value) {
        }

        /** A context deployed at the root, answering only its path. */
        @Override
        public ServletContext getServletContext() {
            return context;
        }

        @Override
        public String getMethod() {
            return "GET";
        }

        @Override
        public DispatcherType getDispatcherType() {
            return DispatcherType.REQUEST;
        }

        @Override
        public String getServletPath() {
            return "/api/data";
        }

        @Override
        public String getPathInfo() {
            return null;
        }

        @Override
        public String getContextPath() {
            return "";
        }

        @Override
        public String getRequestURI() {
            return "/api/data";
        }

        @Override
        public String getRemoteAddr() {
            return BenchPki.PROXY;
        }

        /**
         * A container makes a new string for every header of every request; handing out the same object each
         * time would let any lookup keyed by the value stop at {@code ==} (or at a hash the string cached).
         * Alternating two equal objects makes a lookup compare the values whole, as in production, without
         * allocating.
         */
        @Override
        public String getHeader(String name) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equalsIgnoreCase(name)) {
                    copyNext[i] = !copyNext[i];
                    return copyNext[i] ? copies[i] : values[i];
                }
            }
            return null;
        }

        /** Reuses one enumeration: the filter reads each header's values before asking for the next header. */
        @Override
        public Enumeration<String> getHeaders(String name) {
            String value = getHeader(name);
            if (value == null) {
                return Collections.emptyEnumeration();
            }
            enumeration.value = value;
            return enumeration;
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(java.util.List.of(names));
        }
    }

    private static final class OneValue implements Enumeration<String> {
        String value;

        @Override
        public boolean hasMoreElements() {
            return value != null;
        }

        @Override
        public String nextElement() {
            String next = value;
            if (next == null) {
                throw new NoSuchElementException();
            }
            value = null;
            return next;
        }
    }

    /** A response nobody writes to on an allowed request. */
    static HttpServletResponse response() {
        return new HttpServletResponseWrapper(unsupported(HttpServletResponse.class));
    }

    /** Remembers the request the filter passed on, for the benchmark to return (and JMH to consume). */
    static final class Chain implements FilterChain {
        ServletRequest passed;

        @Override
        public void doFilter(ServletRequest request, ServletResponse response) {
            passed = request;
        }
    }
}
