package io.certgate.jakarta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * docs/container-auth.md shows each registration as the tests run it: every Java block is, line for line, in
 * the test that starts a container with it, or the class of the WAR the GlassFish test deploys (the
 * jaspic-providers.xml block is read and used by TomcatJaspicProvidersTest itself).
 */
class ContainerAuthDocTest {
    private static final Path TESTS = Path.of("src", "test", "java", "io", "certgate", "jakarta");

    @Test
    void theServerAuthModuleRegistrationIsTheOneTheTomcatTestRuns() throws IOException {
        assertShownIn(Snippets.block(Snippets.CONTAINER_AUTH, "java", "registerServerAuthModule"),
                TESTS.resolve("authentication").resolve("RegisterCertGate.java"));
    }

    @Test
    void theJettyRegistrationIsTheOneTheJettyTestRuns() throws IOException {
        assertShownIn(Snippets.block(Snippets.CONTAINER_AUTH, "java", "CertGateAuthenticator"),
                TESTS.resolve("jetty").resolve("JettyAuthenticatorTest.java"));
    }

    @Test
    void theJakartaSecurityRegistrationIsTheOneTheGlassFishTestDeploys() throws IOException {
        assertShownIn(Snippets.block(Snippets.CONTAINER_AUTH, "java", "@CertGateAuthenticationMechanismDefinition("),
                Path.of("src", "test", "java", "io", "certgate", "glassfishapp", "SecurityConfiguration.java"));
    }

    @Test
    void everyJavaBlockIsCheckedHere() throws IOException {
        assertEquals(3, Snippets.blocks(Snippets.CONTAINER_AUTH, "java").size(),
                "a new Java block in docs/container-auth.md needs a test that runs it");
    }

    private static void assertShownIn(String snippet, Path test) throws IOException {
        String source = stripped(Files.readString(test));
        String shown = stripped(snippet);
        assertTrue(source.contains(shown), test + " does not run the block docs/container-auth.md shows:\n" + shown);
    }

    /** Lines without their indentation: the page shows them flush left, the test indents them. */
    private static String stripped(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).collect(Collectors.joining("\n"));
    }

    @Test
    void theReadmeLinksThePage() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("..", "README.md"));
        assertTrue(readme.stream().anyMatch(line -> line.contains("(docs/container-auth.md)")),
                "README should link docs/container-auth.md");
    }
}
