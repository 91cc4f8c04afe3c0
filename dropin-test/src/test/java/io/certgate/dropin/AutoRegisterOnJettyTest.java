package io.certgate.dropin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.certgate.pki.DemoPki;

/**
 * The third way on embedded Jetty 12 (ee10): the same WARs, filter-core and filter-autoregister in
 * {@code WEB-INF/lib} and nowhere else (the pom keeps both off this test's class path), deployed by
 * {@link WebAppContext}, which runs the initializer it discovers there. The connector and the deployment
 * are docs/dropin.md's Jetty block, which must stay the text between the markers below.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AutoRegisterOnJettyTest {
    private static final String NONE = "none";

    private Server server;
    private int port;
    private WebAppContext twice;
    private WebAppContext unconfigured;
    private final Map<String, Https> clients = new HashMap<>();

    @BeforeAll
    void start(@TempDir Path temporary) throws Exception {
        DemoPki pki = DemoPki.ensure(temporary.resolve("pki"));
        String serverP12 = temporary.resolve("server.p12").toString();
        String clientCaP12 = temporary.resolve("client-ca.p12").toString();
        Https.writeServerStores(pki, Path.of(serverP12), Path.of(clientCaP12));
        String shopPolicy = temporary.resolve("shop.conf").toString();
        Files.writeString(Path.of(shopPolicy),
                Snippets.blockAfter(Snippets.DROPIN, "The policy file, `conf/certgate/policy.conf`:", ""));
        String shopWar = War.of("shop").library(War.filterCoreJar()).library(War.filterAutoregisterJar())
                .writeTo(temporary.resolve("shop.war")).toString();
        server = new Server();
        port = SystemTomcat.freePort();

        // BEGIN docs/dropin.md
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(serverP12);               // the server's key and certificate chain
        tls.setKeyStorePassword("changeit");
        tls.setTrustStorePath(clientCaP12);           // your client CA only
        tls.setTrustStorePassword("changeit");
        tls.setWantClientAuth(true);                  // ask for a client certificate; CertGate decides
        ServerConnector https = new ServerConnector(server, tls);
        https.setHost("127.0.0.1");
        https.setPort(port);
        server.addConnector(https);

        // filter-core and filter-autoregister in its WEB-INF/lib, Jetty's annotations module on the class path
        WebAppContext shop = new WebAppContext(shopWar, "/shop");
        shop.setInitParameter("certgate.config-file", shopPolicy);
        // END docs/dropin.md

        twice = new WebAppContext(War.of("shop").inserting(Snippets.readmeWebXml()).library(War.filterCoreJar())
                .library(War.filterAutoregisterJar()).writeTo(temporary.resolve("twice.war")).toString(), "/twice");
        unconfigured = new WebAppContext(War.of("blog").library(War.filterCoreJar())
                .library(War.filterAutoregisterJar()).writeTo(temporary.resolve("blog.war")).toString(), "/blog");
        server.setHandler(new Handler.Sequence(shop, twice, unconfigured));
        server.start();

        clients.put(NONE, Https.as(pki, null));
        clients.put("alice", Https.as(pki, "alice"));
        clients.put("bob", Https.as(pki, "bob"));
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void docsShowThisSetupVerbatim() throws Exception {
        String source = Files.readString(Path.of("src/test/java", getClass().getName().replace('.', '/') + ".java"));
        String between = source.substring(source.indexOf("// BEGIN docs/dropin.md\n") + 24,
                source.indexOf("        // END docs/dropin.md"));
        String code = between.lines().map(line -> line.length() > 8 ? line.substring(8) : line.strip())
                .reduce("", (text, line) -> text + line + "\n");
        assertEquals(code, Snippets.blockAfter(Snippets.DROPIN, "With embedded Jetty 12 (ee10):", "java"),
                "docs/dropin.md's Jetty block must be this test's setup; copy it again");
    }

    @ParameterizedTest(name = "{0} GET {1} -> {2}")
    @CsvSource({
        "none, /unprotected/, 200", "alice, /unprotected/, 200", "bob, /unprotected/, 200",
        "none, /, 403", "alice, /, 200", "bob, /, 200",
        "none, /admin/, 403", "alice, /admin/, 200", "bob, /admin/, 403",
        "bob, /unprotected/report, 403", "alice, /unprotected/report, 200",
    })
    void decisionTableHolds(String who, String path, int status) throws Exception {
        HttpResponse<String> response = get(who, "/shop" + path);
        assertEquals(status, response.statusCode(), () -> who + " GET " + path + ":\n" + response.body());
        if (status == 200) {
            assertTrue(response.body().startsWith("shop "), "the application answered: " + response.body());
        }
    }

    @Test
    void theApplicationSeesTheIdentity() throws Exception {
        assertEquals("shop page / user=bob auth=CLIENT_CERT identity=webapp", get("bob", "/shop/").body());
    }

    @Test
    void noConfigurationStopsTheApplication() throws Exception {
        assertFalse(unconfigured.isAvailable());
        assertTrue(String.valueOf(unconfigured.getUnavailableException()).contains(
                "CertGate configuration error: filter-autoregister found no configuration for the application at"
                        + " \"/blog\""), String.valueOf(unconfigured.getUnavailableException()));
        assertEquals(503, get(NONE, "/blog/unprotected/").statusCode());
        assertEquals(503, get("alice", "/blog/").statusCode());
    }

    @Test
    void aSecondDeclarationInWebXmlStopsTheApplication() throws Exception {
        assertFalse(twice.isAvailable());
        assertTrue(String.valueOf(twice.getUnavailableException()).contains(
                "the application declares ClientCertFilter itself (filter \"certgate\")"),
                String.valueOf(twice.getUnavailableException()));
        assertEquals(503, get(NONE, "/twice/unprotected/").statusCode());
    }

    private HttpResponse<String> get(String who, String path) throws Exception {
        return clients.get(who).get(port, path);
    }
}
