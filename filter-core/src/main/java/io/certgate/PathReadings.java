package io.certgate;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The paths the filter would check for a request line's path, for the {@link Explainer}: what
 * {@link RequestTarget} derives from a request, computed from the path alone (the explainer runs without
 * a container, so there is no {@code HttpServletRequest} to hand it).
 *
 * <p>The container's own reading is assumed to be the usual one: percent-decoded once, {@code ;} parameters
 * removed, {@code .} and {@code ..} segments resolved; from there on it is {@link RequestTarget}'s own
 * algorithm. The context path is taken as empty: give
 * the path relative to the application.
 */
final class PathReadings {
    private final String containerPath;
    private final List<String> paths;

    private PathReadings(String containerPath, List<String> paths) {
        this.containerPath = containerPath;
        this.paths = paths;
    }

    /** The path the container is assumed to map the request with. */
    String containerPath() {
        return containerPath;
    }

    /** The candidate paths, the container's first; a request must be allowed under every one. */
    List<String> paths() {
        return paths;
    }

    /**
     * Reads a request path as sent ({@code /admin/%2e%2e/x}, no query), or returns null when the filter would
     * deny it with {@code bad-path} (bad escapes, invalid UTF-8, control characters) or the container would
     * refuse it ({@code ..} above the root).
     */
    static PathReadings of(String rawPath) {
        String containerPath = containerPath(rawPath);
        if (containerPath == null) {
            return null;
        }
        RequestTarget target = RequestTarget.of(containerPath, "", rawPath);
        return target == null ? null : new PathReadings(containerPath, target.paths());
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
            segment = RequestTarget.percentDecode(segment);
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
