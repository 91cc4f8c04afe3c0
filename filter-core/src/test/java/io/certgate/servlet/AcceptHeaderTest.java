package io.certgate.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which form a denial takes for a given {@code Accept} header. */
class AcceptHeaderTest {
    @ParameterizedTest(name = "{0} -> html {1}, json {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8 | true  | false",
        "application/json                                                       | false | true",
        "application/json, text/plain;q=0.5                                     | false | true",
        "application/json;q=0.5, text/plain                                     | false | false",
        "application/json;q=0                                                   | false | false",
        "application/*                                                          | false | true",
        "*/*                                                                    | false | false",
        "NULL                                                                   | false | false",
        "text/plain                                                             | false | false",
        "text/html;q=0.1, application/json                                      | false | true",
        "application/json;q=abc                                                 | false | false",
    })
    void choosesTheFormTheClientPrefers(String accept, boolean html, boolean json) {
        assertEquals(html, AcceptHeader.prefersHtml(accept), "html for " + accept);
        assertEquals(json, AcceptHeader.prefersJson(accept), "json for " + accept);
    }

    @ParameterizedTest
    @CsvSource({"1025"})
    void overlongHeadersAreIgnored(int length) {
        String accept = "application/json," + "x".repeat(length);
        assertEquals(false, AcceptHeader.prefersJson(accept));
        assertTrue(AcceptHeader.prefersJson(accept.substring(0, 1024)),
                "the same header cut to 1024 characters is still read: the length alone refuses it");
    }
}
