package io.certgate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** README promises; these keep it honest. {@link DocsTest} checks what it documents against the code. */
class ReadmeTest {
    private static final Path README = Path.of("..", "README.md");

    @Test
    void readmeShowsTheTestedNginxConfigurationVerbatim() throws Exception {
        String readme = Files.readString(README);
        String tested = Files.readString(NginxProcess.TEMPLATE);
        assertTrue(readme.contains("```nginx\n" + tested + "```"),
                "README's nginx block must be docs/nginx/certgate.conf exactly; copy it again");
    }

    @Test
    void ciRunsTheReadmeTestCommand() throws Exception {
        String readme = Files.readString(README);
        Matcher command = Pattern.compile("```sh\\n(mvn [^#\\n]*?)\\s+#").matcher(readme);
        assertTrue(command.find(), "README gives the test command in a sh block");
        String ci = Files.readString(Path.of("..", ".ci", "run"));
        assertTrue(ci.lines().anyMatch(line -> line.strip().equals(command.group(1).strip())),
                ".ci/run must run exactly " + command.group(1));
    }
}
