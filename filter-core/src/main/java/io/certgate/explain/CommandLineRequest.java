package io.certgate.explain;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.Enumeration;

import io.certgate.policy.RequestPaths;
import io.certgate.request.RequestReader;

/**
 * The request the explain command decides: a method and a path from the command line, as the gate reads it
 * through {@link #READER}. There is no container, so the container's own reading of the path is assumed to
 * be the usual one: percent-decoded once, {@code ;} parameters removed, {@code .} and {@code ..} segments
 * resolved; from there on the gate reads the path as it reads any request. The context path is taken as
 * empty: give the path relative to the application. The certificate is read by the command, not by a source.
 *
 * @param method the HTTP method
 * @param rawPath the path as sent ({@code /admin/%2e%2e/x}, no query)
 * @param containerPath the path the container is assumed to map the request with
 */
record CommandLineRequest(String method, String rawPath, String containerPath) {
    /** Reads a command-line request for the gate. */
    static final RequestReader<CommandLineRequest> READER = new RequestReader<>() {
        @Override
        public String method(CommandLineRequest request) {
            return request.method();
        }

        @Override
        public String requestUri(CommandLineRequest request) {
            return request.rawPath();
        }

        @Override
        public String contextPath(CommandLineRequest request) {
            return "";
        }

        @Override
        public String servletPath(CommandLineRequest request) {
            return request.containerPath();
        }

        @Override
        public String pathInfo(CommandLineRequest request) {
            return null;
        }

        @Override
        public String remoteAddress(CommandLineRequest request) {
            return "127.0.0.1";
        }

        @Override
        public Enumeration<String> headers(CommandLineRequest request, String name) {
            return Collections.emptyEnumeration();
        }

        @Override
        public Object tlsCertificates(CommandLineRequest request) {
            return null;
        }
    };

    /**
     * The request, or null when the container would refuse its path ({@code ..} above the root) or the filter
     * could not read it ({@code bad-path}: bad escapes, invalid UTF-8).
     */
    static CommandLineRequest of(String method, String rawPath) {
        String containerPath = containerPath(rawPath);
        return containerPath == null ? null : new CommandLineRequest(method, rawPath, containerPath);
    }

    /** Decoded once, without {@code ;} parameters, dot segments resolved; null when that is impossible. */
    static String containerPath(String rawPath) {
        if (!rawPath.startsWith("/")) {
            return null;
        }
        Deque<String> segments = new ArrayDeque<>();
        String[] parts = rawPath.split("/", -1);
        for (int i = 1; i < parts.length; i++) {
            String segment = parts[i];
            int semicolon = segment.indexOf(';');
            if (semicolon >= 0) {
                segment = segment.substring(0, semicolon);
            }
            segment = RequestPaths.percentDecode(segment);
            if (segment == null) {
                return null;
            }
            boolean last = i == parts.length - 1;
            if (segment.equals(".") || segment.equals("..")) {
                if (segment.equals("..") && segments.pollLast() == null) {
                    return null;
                }
                if (last) {
                    segments.addLast("");
                }
                continue;
            }
            segments.addLast(segment);
        }
        return "/" + String.join("/", segments);
    }
}
