package io.certgate.policy;

/**
 * A servlet url-pattern (Servlet 6.0, section 12.2), classified once so that matching is a few string
 * comparisons: exact ({@code /health}), path prefix ({@code /admin/*}), extension ({@code *.pdf}) or
 * default ({@code /}). The {@link Kind} order is the precedence.
 *
 * <p>Patterns are matched against the decoded, normalized, context-relative path, so a pattern that could
 * only match an undecoded or unnormalized path ({@code ;}, {@code %}, {@code ..}, {@code //}, {@code \}) is
 * refused: it would protect nothing.
 */
public final class UrlPattern {
    /** Pattern kinds, most specific first. */
    public enum Kind {
        EXACT, PREFIX, EXTENSION, DEFAULT
    }

    private final String text;
    private final Kind kind;
    /** Exact path, prefix without {@code /*}, or suffix including the dot; empty for default. */
    private final String operand;

    private UrlPattern(String text, Kind kind, String operand) {
        this.text = text;
        this.kind = kind;
        this.operand = operand;
    }

    /**
     * Parses a url-pattern.
     *
     * @throws IllegalArgumentException with a message that quotes the pattern and says what is allowed
     */
    public static UrlPattern parse(String text) {
        if (text.equals("/")) {
            return new UrlPattern(text, Kind.DEFAULT, "");
        }
        if (text.startsWith("*.")) {
            String suffix = text.substring(1);
            if (suffix.length() == 1 || suffix.indexOf('/') >= 0 || suffix.indexOf('*') >= 0) {
                throw bad(text, "an extension pattern is \"*.\" and an extension without '/' or '*'");
            }
            checkCharacters(text, suffix);
            return new UrlPattern(text, Kind.EXTENSION, suffix);
        }
        if (!text.startsWith("/")) {
            throw bad(text, "a url-pattern must start with \"/\" or \"*.\"");
        }
        int star = text.indexOf('*');
        if (star < 0) {
            checkPath(text, text);
            return new UrlPattern(text, Kind.EXACT, text);
        }
        if (star != text.length() - 1 || !text.endsWith("/*")) {
            throw bad(text, "'*' may only stand at the end after '/' (\"/admin/*\") or at the start (\"*.pdf\")");
        }
        String prefix = text.substring(0, text.length() - 2);
        // Checked with its trailing '/', so that "/a//*" (which could only match "/a//x") is refused too.
        checkPath(text, prefix + "/");
        return new UrlPattern(text, Kind.PREFIX, prefix);
    }

    private static void checkPath(String text, String path) {
        checkCharacters(text, path);
        if (path.contains("//") || path.contains("/./") || path.contains("/../")
                || path.endsWith("/.") || path.endsWith("/..")) {
            throw bad(text, "write the normalized path: no \"//\", \".\" or \"..\" segments");
        }
    }

    private static void checkCharacters(String text, String part) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == ';' || c == '%' || c == '\\' || c == '?' || c == '#' || Character.isISOControl(c)
                    || Character.isWhitespace(c)) {
                throw bad(text, "write the decoded path: no ';', '%', '\\', '?', '#', spaces or control characters");
            }
        }
    }

    private static IllegalArgumentException bad(String text, String rule) {
        return new IllegalArgumentException("bad url-pattern \"" + text + "\": " + rule);
    }

    public Kind kind() {
        return kind;
    }

    /** For prefix patterns, the path length before {@code /*}; longer prefixes win. */
    int prefixLength() {
        return operand.length();
    }

    /** Whether this pattern matches a context-relative path (which starts with {@code /}). */
    public boolean matches(String path) {
        switch (kind) {
            case EXACT:
                return path.equals(operand);
            case PREFIX:
                return path.startsWith(operand)
                        && (path.length() == operand.length() || path.charAt(operand.length()) == '/');
            case EXTENSION:
                return path.endsWith(operand) && path.lastIndexOf('/') < path.length() - operand.length();
            case DEFAULT:
                return true;
            default:
                throw new AssertionError(kind);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UrlPattern that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
