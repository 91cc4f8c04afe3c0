package io.certgate.demo.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Certificate values are attacker-chosen text: every page and the JSON must escape them. */
class EscapingTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "alice                        | alice",
        "<script>alert(1)</script>    | &lt;script&gt;alert(1)&lt;/script&gt;",
        "a&b                          | a&amp;b",
        "\"quoted\" 'single'          | &quot;quoted&quot; &#39;single&#39;",
    })
    void htmlEscapesMarkup(String text, String escaped) {
        assertEquals(escaped, Html.escape(text));
    }

    @Test
    void certificateTableEscapesEveryValue() {
        CertificateFacts facts = new CertificateFacts("<b>cn</b>", "CN=<b>cn</b>", "CN=\"evil\" & co", "0A",
                Instant.parse("2030-01-01T00:00:00Z"), "tls", "<b>cn</b>", java.util.List.of("<i>admin</i>"));
        String table = facts.table(Instant.parse("2029-12-01T00:00:00Z"));
        assertFalse(table.contains("<b>"), table);
        assertTrue(table.contains("CN=&lt;b&gt;cn&lt;/b&gt;"), table);
        assertTrue(table.contains("CN=&quot;evil&quot; &amp; co"), table);
        assertTrue(table.contains("&lt;i&gt;admin&lt;/i&gt;"), table);
        assertTrue(table.contains("2030-01-01T00:00:00Z (in 31 days)"), table);
    }

    @Test
    void pageTitleIsEscaped() {
        assertTrue(Html.page("Hello, <i>x</i>", "").contains("<title>Hello, &lt;i&gt;x&lt;/i&gt; · CertGate demo</title>"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "alice          | \"alice\"",
        "say \"hi\"     | \"say \\\"hi\\\"\"",
        "back\\slash    | \"back\\\\slash\"",
    })
    void jsonEscapesQuotesAndBackslashes(String text, String json) {
        assertEquals(json, WhoamiServlet.string(text));
    }

    @Test
    void jsonEscapesControlCharactersAndNull() {
        assertEquals("\"a\\nb\\u0000c\\u2028\"", WhoamiServlet.string("a\nb\u0000c\u2028"));
        assertEquals("null", WhoamiServlet.string(null));
    }
}
