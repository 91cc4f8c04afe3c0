package io.certgate.browser;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.certgate.demo.RunningDemo;
import io.certgate.pki.DemoPki;

/**
 * The demo as a person meets it: a real Chromium, with a {@code .p12} imported into its NSS database, opening
 * a demo started in this JVM through the demo's own entry point (port 0, a fresh PKI directory). A demo
 * module's browser test is a subclass naming its {@code start} method:
 *
 * <pre>{@code
 * class JettyBrowserTest extends BrowserContract {
 *     JettyBrowserTest() { super("jetty", JettyDemo::start); }
 * }
 * }</pre>
 *
 * <p>Each test opens one page in a fresh browser and checks its text; the pages a reader sees in docs/demo.md are
 * also saved as 1000×960 screenshots, to {@code target/screenshots/NAME/}, or to the directory the system
 * property {@value #SCREENSHOTS} names. Without Chromium and NSS's tools every test fails, saying how to
 * install them: a browser test that skips would pass on exactly the machines where it proves nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserContract {
    /** System property: write the screenshots to this directory (docs/demo.md: how to refresh docs/screenshots). */
    static final String SCREENSHOTS = "certgate.screenshots";

    /** A demo's {@code start(String... args)}. */
    @FunctionalInterface
    interface Starter {
        RunningDemo start(String... args) throws Exception;
    }

    private final String name;
    private final Starter starter;
    private Chromium chromium;
    private RunningDemo demo;
    private CertificateAutoSelection autoSelection;
    private BrowserProfile alice;
    private BrowserProfile bob;
    private BrowserProfile nobody;
    private Path screenshots;

    BrowserContract(String name, Starter starter) {
        this.name = name;
        this.starter = starter;
    }

    @BeforeAll
    void startDemoAndProfiles(@TempDir Path temporary) throws Exception {
        chromium = Chromium.require();
        demo = starter.start("--pki-dir", temporary.resolve("pki").toString(), "--https-port", "0",
                "--http-port", "0");
        autoSelection = CertificateAutoSelection.install(DemoPki.CA_NAME, List.of(origin()));
        alice = BrowserProfile.create(temporary.resolve("alice"), demo.pki(), "alice");
        bob = BrowserProfile.create(temporary.resolve("bob"), demo.pki(), "bob");
        nobody = BrowserProfile.create(temporary.resolve("nobody"), demo.pki(), null);
        String chosen = System.getProperty(SCREENSHOTS);
        screenshots = chosen != null && !chosen.isBlank() ? Path.of(chosen)
                : Path.of(System.getProperty(SCREENSHOTS + ".default", "target/screenshots")).resolve(name);
    }

    @AfterAll
    void stopDemo() throws Exception {
        try {
            if (autoSelection != null) {
                autoSelection.close();
            }
        } finally {
            if (demo != null) {
                demo.close();
            }
        }
    }

    @Test
    void aliceIsGreetedByNameOnHome() throws Exception {
        Chromium.Page page = open(alice, "/", "greeting.png");
        assertShows(page, "Certificate accepted", "Hello, alice", "Issuer CN=CertGate Demo CA",
                "Read from TLS client certificate");
    }

    @Test
    void aliceOpensAdmin() throws Exception {
        Chromium.Page page = open(alice, "/admin/", "admin.png");
        assertShows(page, "Admin area", "Welcome to the admin area, alice");
    }

    @Test
    void bobIsToldWhatToDoOnAdmin() throws Exception {
        Chromium.Page page = open(bob, "/admin/", "denied.png");
        assertShows(page, "403 · client certificate not allowed", "This certificate is not allowed here",
                "What to do", "Import a client certificate issued by CertGate Demo CA", "password changeit",
                "unprotected page");
        // The page explains how to present a certificate, never which names would pass.
        assertDoesNotShow(page, "alice", "Welcome to the admin area");
    }

    @Test
    void aBrowserWithoutCertificateIsToldWhatToDoOnHome() throws Exception {
        Chromium.Page page = open(nobody, "/", "denied-no-certificate.png");
        assertShows(page, "403 · client certificate required", "A client certificate is required",
                "Your browser did not send a client certificate", "What to do",
                "Import a client certificate issued by CertGate Demo CA");
        assertDoesNotShow(page, "Hello,");
    }

    @Test
    void aBrowserWithoutCertificateOpensUnprotected() throws Exception {
        Chromium.Page page = open(nobody, "/unprotected/", null);
        assertShows(page, "Open to everyone", "This page needs no certificate",
                "You presented no client certificate CertGate accepts");
    }

    private Chromium.Page open(BrowserProfile profile, String path, String screenshot) throws Exception {
        return chromium.open(profile, origin() + path, screenshot == null ? null : screenshots.resolve(screenshot));
    }

    private String origin() {
        // localhost, not 127.0.0.1: the name a person types, and the one the policy and server certificate name.
        return "https://localhost:" + demo.httpsPort();
    }

    private static void assertShows(Chromium.Page page, String... phrases) {
        String text = page.text();
        for (String phrase : phrases) {
            assertTrue(text.contains(phrase), () -> "expected the page to show \"" + phrase + "\"; "
                    + page.describe());
        }
    }

    private static void assertDoesNotShow(Chromium.Page page, String... phrases) {
        String text = page.text();
        for (String phrase : phrases) {
            assertFalse(text.contains(phrase), () -> "expected the page not to show \"" + phrase + "\"; "
                    + page.describe());
        }
    }
}
