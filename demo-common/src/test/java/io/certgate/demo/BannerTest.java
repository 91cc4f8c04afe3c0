package io.certgate.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class BannerTest {
    @Test
    void readmeShowsTheNginxSnippetTheDemoPrints() throws Exception {
        // The README's "Behind nginx" block is the banner's, with a placeholder directory and the default port.
        String readme = Files.readString(Path.of("..", "README.md"));
        String printed = Banner.nginx("/path/to/demo-pki", 8080);
        assertTrue(readme.contains("```nginx\n" + printed + "\n```"),
                "README's demo nginx block must be Banner.nginx(\"/path/to/demo-pki\", 8080) exactly; copy it again:\n"
                        + printed);
    }
}
