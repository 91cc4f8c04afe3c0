package io.certgate.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium}, run headless as a subprocess: one page per run, its DOM printed
 * ({@code --dump-dom}) and, optionally, a screenshot taken.
 *
 * <pre>{@code
 * Chromium chromium = Chromium.require();
 * Chromium.Page page = chromium.open(profile, "https://localhost:8443/", screenshot);   // screenshot may be null
 * }</pre>
 *
 * <p>Each run gets a fresh {@code --user-data-dir}, so nothing (not even a remembered certificate choice) carries
 * over from one run to the next; the certificates come from the {@link BrowserProfile}'s NSS database, found
 * through {@code HOME}. The flags are the ones that work on a build machine with a closed network: no sandbox
 * (root, no user namespaces), no GPU, no QUIC, no background fetches of updates, sync or components.
 */
final class Chromium {
    /** Where Debian's package puts it. */
    static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
    /** Enough for a cold start on a loaded 2-core machine; a normal run takes 2 to 3 seconds. */
    private static final long TIMEOUT_SECONDS = 90;
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--hide-scrollbars", "--window-size=1000,960");
    private static final String INSTALL = "install it with `apt-get install -y chromium libnss3-tools`"
            + " (.ci/run does this when they are missing)";

    private final Path executable;

    private Chromium(Path executable) {
        this.executable = executable;
    }

    /**
     * Chromium and NSS's {@code certutil} and {@code pk12util}.
     *
     * @throws IllegalStateException naming what is missing and how to install it; the test fails, it never skips
     */
    static Chromium require() {
        if (!Files.isExecutable(EXECUTABLE)) {
            throw new IllegalStateException("Chromium is not installed: " + EXECUTABLE + " is missing. The browser"
                    + " test needs a real Chromium; " + INSTALL);
        }
        for (String tool : List.of("certutil", "pk12util")) {
            if (!Files.isExecutable(Path.of("/usr/bin", tool))) {
                throw new IllegalStateException("NSS's " + tool + " is not installed: /usr/bin/" + tool
                        + " is missing (Debian package libnss3-tools); " + INSTALL);
            }
        }
        return new Chromium(EXECUTABLE);
    }

    /** What one run saw: the DOM after load, and Chromium's own log for failure messages. */
    record Page(String url, String dom, String log) {
        /** The visible text, tags removed and whitespace collapsed: what assertions compare against. */
        String text() {
            return dom.replaceAll("(?s)<(style|script)[^>]*>.*?</\\1>", " ").replaceAll("<[^>]*>", " ")
                    .replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                    .replace("&#39;", "'").replaceAll("\\s+", " ").strip();
        }

        /** For failure messages: the page text and the end of Chromium's log. */
        String describe() {
            String tail = log.length() > 2000 ? "…" + log.substring(log.length() - 2000) : log;
            return "Chromium at " + url + " showed:\n  " + text() + "\nChromium's log ends:\n" + tail;
        }
    }

    /**
     * Opens {@code url} with {@code profile}'s certificates and returns the page; writes a PNG of the
     * 1000×960 viewport to {@code screenshot} unless it is null.
     */
    Page open(BrowserProfile profile, String url, Path screenshot) throws IOException, InterruptedException {
        Path userDataDir = Files.createTempDirectory(profile.home(), "user-data-");
        Path log = Files.createTempFile(profile.home(), "chromium-", ".log");
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + userDataDir);
        command.add("--dump-dom");
        if (screenshot != null) {
            Files.createDirectories(screenshot.toAbsolutePath().getParent());
            command.add("--screenshot=" + screenshot.toAbsolutePath());
        }
        command.add(url);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().put("HOME", profile.home().toString());
        // No desktop session: keep Chromium from looking for one (it logs and carries on, but slower).
        builder.environment().remove("DBUS_SESSION_BUS_ADDRESS");
        builder.environment().remove("DISPLAY");
        Process process = builder.start();
        process.getOutputStream().close();
        // Read stdout on a thread: a page larger than the pipe buffer would otherwise block Chromium.
        StringBuilder dom = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                dom.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                dom.append("(reading Chromium's output failed: ").append(e).append(')');
            }
        }, "chromium-stdout");
        reader.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("Chromium did not finish " + url + " within " + TIMEOUT_SECONDS
                    + " seconds; its log ends:\n" + tail(log));
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        String logText = Files.readString(log, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("Chromium exited with " + process.exitValue() + " at " + url
                    + "; its log ends:\n" + tail(log));
        }
        if (screenshot != null && !Files.isRegularFile(screenshot)) {
            throw new IllegalStateException("Chromium wrote no screenshot " + screenshot + " of " + url
                    + "; its log ends:\n" + tail(log));
        }
        return new Page(url, dom.toString(), logText);
    }

    private static String tail(Path log) throws IOException {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        return text.length() > 2000 ? "…" + text.substring(text.length() - 2000) : text;
    }
}
