package io.certgate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The readings of one request path, from the parts a container hands over. Each case is a path some server
 * or framework behind the filter reads differently from the container: the policy must see that reading too.
 */
class RequestPathsTest {

    @ParameterizedTest(name = "{0}, sent as it is, is also read as {1}")
    @CsvSource(delimiter = '|', value = {
        "/admin;jsessionid=1      | /admin",
        "/admin/;x                | /admin",
        "/open/;/admin            | /open/admin",
        "/admin\\x                 | /admin/x",
        "/admin/.                 | /admin",
        "/admin.                  | /admin",
        "/admin./x                | /admin/x",
        "/admin/                  | /admin",
        "/open//admin             | /open/admin",
    })
    void aPathThatReadsTwoWaysIsNotTakenAsItsOnlyReading(String path, String expected) {
        assertFalse(RequestPaths.isOnlyReading(path, "", path), path);
        List<String> readings = RequestPaths.of(path, "", path).paths();
        assertEquals(path, readings.get(0), "the container's reading comes first");
        assertTrue(readings.contains(expected), readings + " should contain " + expected);
    }

    @ParameterizedTest(name = "{0} is its only reading")
    @CsvSource({"/", "/admin", "/admin/x.html", "/a.b/c", "/a-b_c~d/e"})
    void aPlainPathIsItsOnlyReading(String path) {
        assertTrue(RequestPaths.isOnlyReading(path, "", path), path);
        assertEquals(List.of(path), RequestPaths.of(path, "", path).paths());
    }

    @ParameterizedTest(name = "deployed at {1}, {2} is also read as {3}")
    @CsvSource(delimiter = '|', value = {
        "/x      | /ctx | /ctx/%61dmin         | /admin",
        "/x      | /ctx | /%63tx/admin         | /admin",
        "/       | /ctx | /ctx/%2e             | /",
        "/x      | /ctx | /ctx/a/%2e%2e/admin  | /admin",
    })
    void theRawUriIsReadWithoutItsContextPath(String containerPath, String context, String rawUri, String expected) {
        List<String> readings = RequestPaths.of(containerPath, context, rawUri).paths();
        assertTrue(readings.contains(expected), readings + " should contain " + expected);
        assertFalse(readings.contains("/ctx/admin") || readings.contains("/ctx"),
                "no reading keeps the context path: " + readings);
        assertTrue(readings.stream().allMatch(path -> path.startsWith("/")), readings.toString());
    }

    @Test
    void aRawUriOutsideTheContextIsReadAsItStands() {
        List<String> readings = RequestPaths.of("/x", "/ctx", "/ctxother/%61dmin").paths();
        assertTrue(readings.contains("/ctxother/admin"), readings.toString());
    }

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource(value = {"/a, /b, /a/b", "/a, NULL, /a", "'', /b, /b", "NULL, NULL, /", "'', '', /"},
            nullValues = "NULL")
    void servletPathAndPathInfoAreJoined(String servletPath, String pathInfo, String expected) {
        assertEquals(expected, RequestPaths.joined(servletPath, pathInfo));
    }

    @ParameterizedTest(name = "{0} decodes to {1}")
    @CsvSource(delimiter = '|', value = {
        "/a%20b          | /a b",
        "/%41%7a         | /Az",
        "/caf%C3%A9      | /caf\u00e9",
        "/caf\u00e9%20x  | /caf\u00e9 x",
        "/\u0080%41      | /\u0080A",
        "/\uD83D\uDE00%41 | /\uD83D\uDE00A",
        "/no-escapes     | /no-escapes",
    })
    void percentDecodingIsUtf8(String text, String expected) {
        assertEquals(expected, RequestPaths.percentDecode(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/a%", "/a%4", "/a%4g", "/a%g4", "/a%c3", "/a%ff"})
    void aBadEscapeIsNoReadingNotAnException(String text) {
        assertNull(RequestPaths.percentDecode(text));
        assertNull(RequestPaths.of("/a", "", text), "a request whose path cannot be read is refused");
    }

    @Test
    void anEncodedControlCharacterIsDecodedThenRefusedButASpaceIsNot() {
        assertEquals("/a\nb", RequestPaths.percentDecode("/a%0ab"));
        assertEquals("/a\u001fb", RequestPaths.percentDecode("/a%1Fb"));
        assertNull(RequestPaths.of("/a", "", "/a%0ab"));
        assertNull(RequestPaths.of("/a", "", "/a%7f"));
        assertTrue(RequestPaths.of("/a b", "", "/a%20b").paths().contains("/a b"));
    }

    @Test
    void threeRoundsOfEncodingAreDecodedAndNoMore() {
        assertTrue(RequestPaths.of("/x", "", "/a%25252fadmin").paths().contains("/a/admin"));
        // The bound is three rounds: a fourth level of encoding is left encoded once.
        assertEquals(List.of("/x", "/a%25252fadmin", "/a%252fadmin", "/a%2fadmin"),
                RequestPaths.of("/x", "", "/a%2525252fadmin").paths());
    }
}
