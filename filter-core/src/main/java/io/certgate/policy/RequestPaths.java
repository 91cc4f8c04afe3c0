package io.certgate.policy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The context-relative paths a request may be resolved to, for the policy to check, from the request's
 * parts as strings (the gate reads them from the request).
 *
 * <p>The first is what the container decoded and mapped (servlet path + path info). When the raw request
 * URI or that path could be read differently by something downstream (a framework that decodes twice,
 * strips {@code ;} parameters, treats {@code \} as a separator, collapses {@code //}, drops a trailing
 * slash or dot), the other readings are added, and the request must be allowed under every one. This
 * defends the whole class of "the gate saw one path, the application served another" tricks instead of a
 * list of known strings.
 */
public final class RequestPaths {
    /** Rounds of percent-decoding tried on the raw URI ({@code %25252f} needs three). */
    private static final int DECODE_ROUNDS = 3;

    private final List<String> paths;

    private RequestPaths(List<String> paths) {
        this.paths = paths;
    }

    /** The candidate paths, never empty; the container's own reading first. */
    public List<String> paths() {
        return paths;
    }

    /**
     * The readings of a request from its parts, or null when its path cannot be interpreted safely.
     *
     * @param containerPath the context-relative path the container mapped (servlet path + path info)
     * @param contextPath the context path as the container reports it
     * @param rawUri the request URI as sent, without the query
     */
    public static RequestPaths of(String containerPath, String contextPath, String rawUri) {
        String path = containerPath.isEmpty() ? "/" : containerPath;
        if (!path.startsWith("/") || hasControlCharacter(path)) {
            return null;
        }
        if (isOnlyReading(path, contextPath, rawUri)) {
            return new RequestPaths(List.of(path));
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
        return new RequestPaths(List.copyOf(candidates));
    }

    /** Servlet path + path info, without concatenating when one of them is empty; "/" when both are. */
    public static String joined(String servletPath, String pathInfo) {
        String first = orEmpty(servletPath);
        String second = orEmpty(pathInfo);
        String path = second.isEmpty() ? first : first.isEmpty() ? second : first + second;
        return path.isEmpty() ? "/" : path;
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    /** Whether the raw URI is exactly the context path and {@code path}, and nothing in either reads two ways. */
    public static boolean isOnlyReading(String path, String contextPath, String rawUri) {
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
    public static String lenient(String path) {
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
    public static String percentDecode(String text) {
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
