package io.certgate.dropin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fenced code blocks read from the project's documentation, so that the tests run what a reader copies.
 * A block is found by the text of the line just before its opening fence (a sentence ending in a colon),
 * or, in the README, as the first {@code xml} block containing a marker.
 */
final class Snippets {
    static final Path README = Path.of("..", "README.md");
    static final Path DROPIN = Path.of("..", "docs", "dropin.md");

    private Snippets() {
    }

    /** The README's Quick start {@code web.xml} block: the first xml block declaring the filter. */
    static String readmeWebXml() throws IOException {
        return firstBlockContaining(README, "xml", "<filter-class>io.certgate.ClientCertFilter</filter-class>");
    }

    /** The first {@code lang} block of {@code document} whose text contains {@code marker}. */
    static String firstBlockContaining(Path document, String lang, String marker) throws IOException {
        Matcher block = fence(lang).matcher(Files.readString(document));
        while (block.find()) {
            if (block.group(1).contains(marker)) {
                return block.group(1);
            }
        }
        throw new IllegalStateException(document + " has no ```" + lang + " block containing " + marker);
    }

    /** The {@code lang} block right after the line (ending in ':') that contains {@code introduction}. */
    static String blockAfter(Path document, String introduction, String lang) throws IOException {
        String text = Files.readString(document);
        int at = text.indexOf(introduction);
        if (at < 0 || text.indexOf(introduction, at + 1) >= 0) {
            throw new IllegalStateException(document + " must contain \"" + introduction + "\" exactly once");
        }
        int lineEnd = text.indexOf('\n', at + introduction.length());
        Matcher block = fence(lang).matcher(text);
        if (lineEnd < 0 || !block.find(lineEnd) || !text.substring(lineEnd, block.start()).isBlank()) {
            throw new IllegalStateException("no ```" + lang + " block right after \"" + introduction + "\" in "
                    + document);
        }
        return block.group(1);
    }

    /**
     * Replaces text of a snippet the test did not write, failing if it no longer holds {@code from} exactly
     * once (the documentation changed: adapt the test, not the other way round).
     */
    static String replaceOnce(String text, String from, String to) {
        int at = text.indexOf(from);
        if (at < 0 || text.indexOf(from, at + 1) >= 0) {
            throw new IllegalStateException("the snippet must contain exactly one \"" + from + "\":\n" + text);
        }
        return text.replace(from, to);
    }

    private static Pattern fence(String lang) {
        return Pattern.compile("```" + Pattern.quote(lang) + "\\n(.*?)```", Pattern.DOTALL);
    }
}
