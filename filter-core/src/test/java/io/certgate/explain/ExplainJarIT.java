package io.certgate.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.certgate.TestPki;

/**
 * {@code java -jar filter-core.jar explain ...} as a user runs it: the packaged jar alone on a JDK, with no
 * Servlet API anywhere (the manifest names no class path, and {@code -jar} ignores {@code CLASSPATH}). Run by
 * failsafe after {@code package}.
 */
class ExplainJarIT {
    private static final Path JAR = Path.of(System.getProperty("certgate.jar", "target/filter-core.jar"));
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    @TempDir
    static Path dir;
    private static Path webXml;
    private static Path alice;
    private static Path bob;

    @BeforeAll
    static void writeApplication() throws IOException {
        TestPki pki = new TestPki();
        alice = Files.writeString(dir.resolve("alice.crt"), pki.alice.certificatePem());
        bob = Files.writeString(dir.resolve("bob.crt"), pki.bob.certificatePem());
        Path webInf = Files.createDirectories(dir.resolve("WEB-INF"));
        webXml = Files.writeString(webInf.resolve("web.xml"), "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\""
                + " version=\"6.0\">\n" + ExplainerTest.filter("certgate", Map.of("allowed-cns", "alice, bob",
                        "rules", "/unprotected/* open\n/admin/* cn:alice")) + "</web-app>\n");
    }

    @Test
    void theJarAloneExplainsAnAllowedRequest() throws Exception {
        Run run = explain("--web-xml", webXml.toString(), "--cert", alice.toString(), "--path", "/admin/");
        assertEquals(Explainer.ALLOW, run.exit(), run.output());
        assertTrue(run.output().contains("decision: allowed (reason allowed) by line 2 \"/admin/* cn:alice\""),
                run.output());
    }

    @Test
    void theJarAloneExplainsADenialWithItsReason() throws Exception {
        Run run = explain("--web-xml", webXml.toString(), "--cert", bob.toString(), "--path", "/unprotected/../admin/");
        assertEquals(Explainer.DENY, run.exit(), run.output());
        assertTrue(run.output().contains("decision: denied (reason cn-not-allowed) by line 2"), run.output());
        assertTrue(run.output().contains("the client gets 403 \"client certificate not allowed\""), run.output());
    }

    @Test
    void theJarAloneChecksAConfiguration() throws Exception {
        Run run = explain("--check", "--web-xml", webXml.toString());
        assertEquals(Explainer.ALLOW, run.exit(), run.output());
        assertTrue(run.output().contains("configuration is valid"), run.output());
    }

    private record Run(int exit, String output) {
    }

    private static Run explain(String... arguments) throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " is built by `package` before this test runs");
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString(), "explain"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("CLASSPATH");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "explain did not finish: " + output);
        return new Run(process.exitValue(), output);
    }
}
