package io.certgate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The context-relative paths a request may be resolved to, for the policy to check.
 *
 * <p>The first is what the container decoded and mapped (servlet path + path info). When the raw request
 * URI or that path could be read differently by something downstream (a framework that decodes twice,
 * strips {@code ;} parameters, treats {@code \} as a separator, collapses {@code //}, drops a trailing
 * slash or dot), the other readings are added, and the request must be allowed under every one. This
 * defends the whole class of "the gate saw one path, the application served another" tricks instead of a
 * list of known strings.
 *
 * <p>Every dispatch is read on its real target. A forward, an error page or an async dispatch changes the
 * request's own path getters; an include does not (the container keeps the including page's paths and puts
 * the included resource's in the {@code jakarta.servlet.include.*} attributes), so an include is read from
 * those attributes. An include without them (through a named dispatcher) has no target path to check and
 * cannot be read.
 */
final class RequestTarget {
    /** Rounds of percent-decoding tried on the raw URI ({@code %25252f} needs three). */
    private static final int DECODE_ROUNDS = 3;

    private final List<String> paths;

    private RequestTarget(List<String> paths) {
        this.paths = paths;
    }

    /** The candidate paths, never empty; the container's own reading first. */
    List<String> paths() {
        return paths;
    }

    /** Reads the request's target for this dispatch, or returns null when it cannot be interpreted safely. */
    static RequestTarget of(HttpServletRequest request) {
        if (isInclude(request)) {
            String includedUri = includeAttribute(request, RequestDispatcher.INCLUDE_REQUEST_URI);
            if (includedUri == null) {
                return null;
            }
            return of(joined(includeAttribute(request, RequestDispatcher.INCLUDE_SERVLET_PATH),
                    includeAttribute(request, RequestDispatcher.INCLUDE_PATH_INFO)),
                    orEmpty(includeAttribute(request, RequestDispatcher.INCLUDE_CONTEXT_PATH)), includedUri);
        }
        return of(containerPath(request), orEmpty(request.getContextPath()), orEmpty(request.getRequestURI()));
    }

    /** The URI this dispatch serves, as sent or as given to the dispatcher: for the log line. */
    static String targetUri(HttpServletRequest request) {
        return isInclude(request) ? includeAttribute(request, RequestDispatcher.INCLUDE_REQUEST_URI)
                : request.getRequestURI();
    }

    private static boolean isInclude(HttpServletRequest request) {
        return request.getDispatcherType() == DispatcherType.INCLUDE;
    }

    private static String includeAttribute(HttpServletRequest request, String name) {
        return request.getAttribute(name) instanceof String value ? value : null;
    }

    /**
     * The container's path when it is the only reading of the request, as for almost every request; null when
     * {@link #of} must be asked for the others. Allocates nothing unless the container reports the path in two
     * parts.
     */
    static String plainPath(HttpServletRequest request) {
        if (isInclude(request)) {
            return null;
        }
        String path = containerPath(request);
        return isOnlyReading(path, configuredContextPath(request), orEmpty(request.getRequestURI())) ? path : null;
    }

    /**
     * The context path the application is deployed at. The request's own {@code getContextPath()} is the
     * context as it appears in the raw URI, which Tomcat works out anew for every call by matching the decoded
     * path against the raw one (about a microsecond, a third of CertGate's cost per request). The fast path
     * needs only the deployed path: a raw URI that spells the context any other way does not equal it plus
     * the path, and gets every reading from {@link #of}, which asks the request. An include always does.
     */
    private static String configuredContextPath(HttpServletRequest request) {
        ServletContext context = request.getServletContext();
        return context != null ? orEmpty(context.getContextPath()) : orEmpty(request.getContextPath());
    }

    /**
     * The readings of a request from its parts, or null when its path cannot be interpreted safely.
     *
     * @param containerPath the context-relative path the container mapped (servlet path + path info)
     * @param contextPath the context path as the container reports it
     * @param rawUri the request URI as sent, without the query
     */
    static RequestTarget of(String containerPath, String contextPath, String rawUri) {
        String path = containerPath.isEmpty() ? "/" : containerPath;
        if (!path.startsWith("/") || hasControlCharacter(path)) {
            return null;
        }
        if (isOnlyReading(path, contextPath, rawUri)) {
            return new RequestTarget(List.of(path));
        }
        Set<String> candidates = new LinkedHashSet<>();
        candidates.add(path);
        candidates.add(lenient(path));
        String context = lenient(contextPath);
        String raw = rawUri;
        for (int round = 0; round < DECODE_ROUNDS; round++) {
            String decoded = percentDecode(raw);
            if (decoded == null || hasControlCharacter(decoded)) {
                return null;
            }
            candidates.add(stripContext(lenient(decoded), context));
            if (decoded.equals(raw)) {
                break;
            }
            raw = decoded;
        }
        return new RequestTarget(List.copyOf(candidates));
    }

    /** Servlet path + path info, without concatenating when one of them is empty; "/" when both are. */
    private static String containerPath(HttpServletRequest request) {
        return joined(request.getServletPath(), request.getPathInfo());
    }

    private static String joined(String servletPath, String pathInfo) {
        String first = orEmpty(servletPath);
        String second = orEmpty(pathInfo);
        String path = second.isEmpty() ? first : first.isEmpty() ? second : first + second;
        return path.isEmpty() ? "/" : path;
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    /** Whether the raw URI is exactly the context path and {@code path}, and nothing in either reads two ways. */
    private static boolean isOnlyReading(String path, String contextPath, String rawUri) {
        return path.startsWith("/") && !hasControlCharacter(path) && isPlain(path)
                && rawUri.length() == contextPath.length() + path.length()
                && rawUri.startsWith(contextPath) && rawUri.startsWith(path, contextPath.length());
    }

    /** True when nothing in the path could be read two ways. */
    private static boolean isPlain(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' || c == ';' || c == '\\' || (c == '/' && i + 1 < path.length()
                    && (path.charAt(i + 1) == '/' || path.charAt(i + 1) == '.'))) {
                return false;
            }
            if (c == '.' && (i + 1 == path.length() || path.charAt(i + 1) == '/')) {
                return false;
            }
        }
        return !(path.length() > 1 && path.endsWith("/"));
    }

    /**
     * The most forgiving reading any server or framework is known to apply: {@code \} as {@code /}, no
     * {@code ;} parameters, no empty or dot segments, no trailing dots or spaces in a segment, no trailing
     * slash.
     */
    static String lenient(String path) {
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.replace('\\', '/').split("/")) {
            int semicolon = segment.indexOf(';');
            if (semicolon >= 0) {
                segment = segment.substring(0, semicolon);
            }
            if (segment.equals("..")) {
                segments.pollLast();
                continue;
            }
            segment = stripTrailingDotsAndSpaces(segment);
            if (!segment.isEmpty()) {
                segments.addLast(segment);
            }
        }
        return "/" + String.join("/", segments);
    }

    private static String stripTrailingDotsAndSpaces(String segment) {
        int end = segment.length();
        while (end > 0 && (segment.charAt(end - 1) == '.' || segment.charAt(end - 1) == ' ')) {
            end--;
        }
        return segment.substring(0, end);
    }

    private static String stripContext(String path, String context) {
        if (context.equals("/")) {
            return path;
        }
        if (path.equals(context)) {
            return "/";
        }
        return path.startsWith(context + "/") ? path.substring(context.length()) : path;
    }

    /** Strict percent-decoding as UTF-8; null for a bad escape or bytes that are not UTF-8. */
    static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    return null;
                }
                int high = Character.digit(text.charAt(i + 1), 16);
                int low = Character.digit(text.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write((high << 4) | low);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                // Containers hand over raw URIs as ASCII; anything else is re-encoded as it stands.
                int end = i + Character.charCount(text.codePointAt(i));
                byte[] encoded = text.substring(i, end).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i = end - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}
