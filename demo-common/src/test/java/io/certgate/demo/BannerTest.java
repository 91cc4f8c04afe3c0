package io.certgate.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class BannerTest {
    @Test
    void docsShowTheNginxSnippetTheDemoPrints() throws Exception {
        // docs/demo.md's "The HTTP entrance, behind nginx" block is the banner's, with a placeholder directory and the default port.
        String doc = Files.readString(Path.of("..", "docs", "demo.md"));
        String printed = Banner.nginx("/path/to/demo-pki", 8080);
        assertTrue(doc.contains("```nginx\n" + printed + "\n```"),
                "docs/demo.md's nginx block must be Banner.nginx(\"/path/to/demo-pki\", 8080) exactly; copy it again:\n"
                        + printed);
    }
}
