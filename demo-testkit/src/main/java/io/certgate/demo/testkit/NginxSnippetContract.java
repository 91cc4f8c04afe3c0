package io.certgate.demo.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The nginx snippet the demo prints, run as printed by a real nginx in front of the running demo's HTTP
 * entrance: {@link io.certgate.demo.RunningDemo#nginxSnippet()} is the text the banner indents, with this
 * demo's PKI directory and port. Only {@code listen 127.0.0.1:443} moves to a free port; around the
 * {@code server} block is nothing but what nginx needs to run from a temporary directory. A demo module
 * runs it with a subclass naming its {@code start}:
 *
 * <pre>{@code
 * class JettyNginxSnippetTest extends NginxSnippetContract {
 *     JettyNginxSnippetTest() { super(JettyDemo::start); }
 * }
 * }</pre>
 *
 * <p>What the snippet's comment promises: {@code optional_no_ca} lets a certificate from a CA nginx does not
 * know through to CertGate's 403, but nginx itself refuses an expired one with its 400.
 */
public abstract class NginxSnippetContract extends DemoUnderTest {
    /** In the admin page only (demo-common's AdminServlet). */
    private static final String ADMIN_MARKER = "Welcome to the admin area";

    private NginxServer nginx;

    protected NginxSnippetContract(Starter starter) {
        super(starter);
    }

    @BeforeAll
    void startNginx(@TempDir Path directory) throws Exception {
        String snippet = demo().nginxSnippet();
        String listen = "listen 127.0.0.1:443 ssl;";
        if (snippet.indexOf(listen) != snippet.lastIndexOf(listen) || !snippet.contains(listen)) {
            throw new IllegalStateException("the demo's nginx snippet must say \"" + listen + "\" once:\n" + snippet);
        }
        nginx = NginxServer.start(directory, port -> snippet.replace(listen, "listen 127.0.0.1:" + port + " ssl;"));
    }

    @AfterAll
    void stopNginx() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void aliceIsLetInWithTheCertificateNginxPasses() throws Exception {
        HttpResponse<String> admin = viaNginx("alice", "/admin/");
        assertEquals(200, admin.statusCode(), admin.body());
        assertTrue(admin.body().contains(ADMIN_MARKER), admin.body());
        HttpResponse<String> whoami = viaNginx("alice", "/whoami");
        assertTrue(whoami.body().contains("\"cn\":\"alice\",") && whoami.body().contains("\"source\":\"header\""),
                whoami.body());
    }

    @Test
    void anExpiredCertificateGetsNginxsOwn400() throws Exception {
        HttpResponse<String> response = viaNginx("expired", "/");
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("<title>400 The SSL certificate error</title>"), response.body());
        assertEquals("text/html", response.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void aCertificateFromAnotherCaGetsCertGates403Page() throws Exception {
        HttpResponse<String> page = viaNginx("mallory", "/", "Accept", DemoClient.BROWSER_ACCEPT);
        assertEquals(403, page.statusCode(), page.body());
        assertTrue(page.body().contains("This certificate is not allowed here"), page.body());
        HttpResponse<String> text = viaNginx("mallory", "/");
        assertEquals(403, text.statusCode(), text.body());
        assertEquals("client certificate not allowed", text.body().strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"revoked", "bob"})
    void othersNginxPassesOnAreKeptOutOfAdminByCertGate(String who) throws Exception {
        // nginx has no CRL in the snippet: the revoked certificate is CertGate's to refuse, like bob's name.
        HttpResponse<String> response = viaNginx(who, "/admin/");
        assertEquals(403, response.statusCode(), response.body());
        assertEquals("client certificate not allowed", response.body().strip());
        assertFalse(response.body().contains(ADMIN_MARKER));
    }

    @Test
    void noCertificateGetsCertGates403() throws Exception {
        HttpResponse<String> response = viaNginx(null, "/");
        assertEquals(403, response.statusCode(), response.body());
        assertEquals("client certificate required", response.body().strip());
    }

    private HttpResponse<String> viaNginx(String who, String path, String... headers) throws Exception {
        return DemoClient.of(pkiDir(), who).get("https://localhost:" + nginx.port() + path, headers);
    }
}
