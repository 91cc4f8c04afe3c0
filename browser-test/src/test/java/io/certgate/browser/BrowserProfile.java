package io.certgate.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.certgate.pki.DemoPki;

/**
 * A home directory for one browser user: an NSS database in {@code HOME/.pki/nssdb}, where Chromium on Linux
 * keeps its certificates, holding the demo CA (trusted to identify servers, so no warning is clicked through)
 * and, unless the user has none, one client certificate imported from its {@code NAME.p12} as a person
 * would.
 *
 * <pre>{@code
 * BrowserProfile alice = BrowserProfile.create(temporary.resolve("alice"), pki, "alice");
 * BrowserProfile nobody = BrowserProfile.create(temporary.resolve("nobody"), pki, null);
 * }</pre>
 */
record BrowserProfile(Path home, String clientName) {
    private static final long TIMEOUT_SECONDS = 60;

    /**
     * Creates the NSS database under {@code home} with {@code pki}'s CA trusted for servers and, when
     * {@code clientName} is not null, that client's {@code .p12} imported.
     */
    static BrowserProfile create(Path home, DemoPki pki, String clientName) throws IOException, InterruptedException {
        Path nssdb = home.resolve(".pki/nssdb");
        Files.createDirectories(nssdb);
        String db = "sql:" + nssdb;
        run("certutil", "-N", "-d", db, "--empty-password");
        // C,, : a CA trusted to issue server certificates (SSL column), nothing else.
        run("certutil", "-A", "-d", db, "-n", DemoPki.CA_NAME, "-t", "C,,", "-i", pki.file("ca.crt").toString());
        if (clientName != null) {
            run("pk12util", "-i", pki.file(clientName + ".p12").toString(), "-d", db, "-W", DemoPki.P12_PASSWORD);
        }
        return new BrowserProfile(home, clientName);
    }

    @Override
    public String toString() {
        return clientName == null ? "a browser with no client certificate" : clientName + "'s browser";
    }

    private static void run(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(command));
        line.set(0, "/usr/bin/" + command[0]);
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", line) + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", line) + " failed with exit code " + process.exitValue()
                    + ":\n" + output);
        }
    }
}
