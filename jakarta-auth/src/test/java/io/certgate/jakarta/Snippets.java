package io.certgate.jakarta;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The fenced code blocks of a documentation page, so that tests run what the page shows. */
public final class Snippets {
    /** docs/container-auth.md, from the module directory surefire runs in. */
    public static final Path CONTAINER_AUTH = Path.of("..", "docs", "container-auth.md");

    private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);

    private Snippets() {
    }

    /** The blocks fenced as {@code language}, in page order. */
    public static List<String> blocks(Path page, String language) throws IOException {
        List<String> blocks = new ArrayList<>();
        Matcher block = BLOCK.matcher(Files.readString(page));
        while (block.find()) {
            if (block.group(1).equals(language)) {
                blocks.add(block.group(2));
            }
        }
        return blocks;
    }

    /** The one block fenced as {@code language} that contains {@code marker}. */
    public static String block(Path page, String language, String marker) throws IOException {
        List<String> found = blocks(page, language).stream().filter(b -> b.contains(marker)).toList();
        if (found.size() != 1) {
            throw new AssertionError(page + " should have one ```" + language + " block with \"" + marker
                    + "\", has " + found.size());
        }
        return found.get(0);
    }
}
