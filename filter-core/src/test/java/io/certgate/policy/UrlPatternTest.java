package io.certgate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Servlet url-patterns, in the table style of Jetty's {@code ServletPathSpecTest}. */
class UrlPatternTest {

    static Stream<Arguments> accepted() {
        return Stream.of(
                arguments("/", UrlPattern.Kind.DEFAULT),
                arguments("/*", UrlPattern.Kind.PREFIX),
                arguments("/admin/*", UrlPattern.Kind.PREFIX),
                arguments("/a/b/c/*", UrlPattern.Kind.PREFIX),
                arguments("/health", UrlPattern.Kind.EXACT),
                arguments("/admin/", UrlPattern.Kind.EXACT),
                arguments("/a/b.c", UrlPattern.Kind.EXACT),
                arguments("/a/...", UrlPattern.Kind.EXACT),
                arguments("/caf\u00e9", UrlPattern.Kind.EXACT),
                arguments("*.pdf", UrlPattern.Kind.EXTENSION),
                arguments("*.tar.gz", UrlPattern.Kind.EXTENSION),
                arguments("*.PDF", UrlPattern.Kind.EXTENSION));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is {1}")
    @MethodSource("accepted")
    void acceptedPatternHasItsKind(String text, UrlPattern.Kind kind) {
        UrlPattern pattern = UrlPattern.parse(text);
        assertEquals(kind, pattern.kind(), "kind of \"" + text + "\"");
        assertEquals(text, pattern.toString(), "toString is the pattern as written");
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments("no leading slash", "admin"),
                arguments("empty", ""),
                arguments("star glued to a segment", "/admin*"),
                arguments("star in the middle", "/a/*/b"),
                arguments("two stars", "/a/**"),
                arguments("star alone", "*"),
                arguments("extension without a name", "*."),
                arguments("extension with a slash", "*.a/b"),
                arguments("extension with a star", "*.*"),
                arguments("extension with a semicolon", "*.p;df"),
                arguments("path parameter", "/a;b"),
                arguments("percent-encoded", "/a%2fb"),
                arguments("dot-dot segment", "/a/../b"),
                arguments("trailing dot-dot segment", "/a/.."),
                arguments("dot segment", "/a/./b"),
                arguments("trailing dot segment", "/a/."),
                arguments("dot-dot in a prefix", "/a/../*"),
                arguments("empty segment", "//a"),
                arguments("empty segment inside", "/a//b"),
                arguments("empty segment in a prefix", "/a//*"),
                arguments("backslash", "/a\\b"),
                arguments("query", "/a?b"),
                arguments("fragment", "/a#b"),
                arguments("space", "/a b"),
                arguments("control character", "/a\u0000b"),
                arguments("line feed", "/a\nb"));
    }

    @ParameterizedTest(name = "[{index}] {0}: \"{1}\"")
    @MethodSource("rejected")
    void rejectedPatternThrowsWithAMessageQuotingIt(String why, String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UrlPattern.parse(text),
                "\"" + text + "\" must be refused: " + why);
        assertTrue(e.getMessage().contains("\"" + text + "\""),
                "the message quotes the pattern \"" + text + "\": " + e.getMessage());
        assertTrue(e.getMessage().startsWith("bad url-pattern"), "the message names the problem: " + e.getMessage());
    }

    static Stream<Arguments> matches() {
        return Stream.of(
                // prefix
                arguments("/admin/*", "/admin", true),
                arguments("/admin/*", "/admin/", true),
                arguments("/admin/*", "/admin/x", true),
                arguments("/admin/*", "/admin/x/y.pdf", true),
                arguments("/admin/*", "/administrator", false),
                arguments("/admin/*", "/admi", false),
                arguments("/admin/*", "/", false),
                arguments("/admin/*", "/other/admin/x", false),
                arguments("/admin/*", "/ADMIN/x", false),
                arguments("/a/b/*", "/a/b/c", true),
                arguments("/a/b/*", "/a/bc", false),
                arguments("/a/b/*", "/a", false),
                // match everything
                arguments("/*", "/", true),
                arguments("/*", "/x", true),
                arguments("/*", "/a/b/c.pdf", true),
                // extension: only the last segment
                arguments("*.pdf", "/a/b.pdf", true),
                arguments("*.pdf", "/b.pdf", true),
                arguments("*.pdf", "/a.pdf/b", false),
                arguments("*.pdf", "/a.pdf/", false),
                arguments("*.pdf", "/a/b.pdfx", false),
                arguments("*.pdf", "/a/bpdf", false),
                arguments("*.pdf", "/a/b.PDF", false),
                arguments("*.tar.gz", "/x.tar.gz", true),
                arguments("*.tar.gz", "/x.gz", false),
                // exact
                arguments("/health", "/health", true),
                arguments("/health", "/health/", false),
                arguments("/health", "/healthz", false),
                arguments("/health", "/Health", false),
                arguments("/admin/", "/admin/", true),
                arguments("/admin/", "/admin", false),
                // default
                arguments("/", "/", true),
                arguments("/", "/anything/at/all", true));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" matches \"{1}\": {2}")
    @MethodSource("matches")
    void matchesOnlyWhatTheServletSpecSays(String pattern, String path, boolean expected) {
        assertEquals(expected, UrlPattern.parse(pattern).matches(path),
                "\"" + pattern + "\" " + (expected ? "should" : "should not") + " match \"" + path + "\"");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"/*", "/a/*", "/a/b/c/*"})
    void prefixLengthIsThePathBeforeTheStar(String text) {
        assertEquals(text.length() - 2, UrlPattern.parse(text).prefixLength());
    }

    @Test
    void equalityIsByText() {
        assertEquals(UrlPattern.parse("/admin/*"), UrlPattern.parse("/admin/*"));
        assertEquals(UrlPattern.parse("/admin/*").hashCode(), UrlPattern.parse("/admin/*").hashCode());
        assertNotEquals(UrlPattern.parse("/admin/*"), UrlPattern.parse("/Admin/*"));
        assertNotEquals(UrlPattern.parse("/admin"), UrlPattern.parse("/admin/*"));
    }

    @Test
    void kindOrderIsThePrecedence() {
        assertEquals(java.util.List.of(UrlPattern.Kind.EXACT, UrlPattern.Kind.PREFIX, UrlPattern.Kind.EXTENSION,
                UrlPattern.Kind.DEFAULT), java.util.List.of(UrlPattern.Kind.values()));
    }
}
