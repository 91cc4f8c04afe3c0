package io.certgate.dropin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.certgate.pki.DemoPki;

/**
 * The third way in docs/dropin.md on the system Tomcat: filter-core and filter-autoregister in
 * {@code WEB-INF/lib}, no {@code web.xml} edit. {@code shop} is configured by the page's
 * {@code conf/Catalina/localhost/shop.xml} (its own policy), {@code blog} by the system property (the
 * server-wide default policy, which allows alice only); {@code twice} also declares the filter in its
 * {@code web.xml}, and {@code broken} names a policy file that does not exist: neither may start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AutoRegisterOnSystemTomcatTest {
    private static final String NONE = "none";

    private SystemTomcat tomcat;
    private final Map<String, Https> clients = new HashMap<>();

    @BeforeAll
    void deployAndStart(@TempDir Path temporary) throws Exception {
        DemoPki pki = DemoPki.ensure(temporary.resolve("pki"));
        int port = SystemTomcat.freePort();
        Path base = SystemTomcat.documentedBase(temporary.resolve("catalina-base"), pki, port);
        String policy = Snippets.blockAfter(Snippets.DROPIN, "The policy file, `conf/certgate/policy.conf`:", "");
        Files.writeString(base.resolve("conf/certgate/shop.conf"), policy);
        Files.writeString(base.resolve("conf/certgate/policy.conf"), Snippets.replaceOnce(policy, "alice, bob", "alice"));

        Path contexts = Files.createDirectories(base.resolve("conf/Catalina/localhost"));
        String shopXml = Snippets.blockAfter(Snippets.DROPIN, "`$CATALINA_BASE/conf/Catalina/localhost/shop.xml`:", "xml");
        Files.writeString(contexts.resolve("shop.xml"), shopXml);
        Files.writeString(contexts.resolve("broken.xml"),
                Snippets.replaceOnce(shopXml, "/conf/certgate/shop.conf", "/conf/certgate/no-such.conf"));

        War.of("shop").library(War.filterCoreJar()).library(War.filterAutoregisterJar())
                .writeTo(base.resolve("webapps/shop.war"));
        War.of("blog").library(War.filterCoreJar()).library(War.filterAutoregisterJar())
                .writeTo(base.resolve("webapps/blog.war"));
        War.of("shop").library(War.filterCoreJar()).library(War.filterAutoregisterJar())
                .writeTo(base.resolve("webapps/broken.war"));
        War.of("shop").inserting(Snippets.readmeWebXml()).library(War.filterCoreJar())
                .library(War.filterAutoregisterJar()).writeTo(base.resolve("webapps/twice.war"));

        // setenv.sh's line, as catalina.sh would read it: the system property for every application.
        String setenv = Snippets.blockAfter(Snippets.DROPIN, "in `$CATALINA_BASE/bin/setenv.sh`:", "sh");
        Files.createDirectories(base.resolve("bin"));
        Files.writeString(base.resolve("bin/setenv.sh"), setenv);

        tomcat = SystemTomcat.start(base, port, Map.of());
        clients.put(NONE, Https.as(pki, null));
        clients.put("alice", Https.as(pki, "alice"));
        clients.put("bob", Https.as(pki, "bob"));
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    @ParameterizedTest(name = "{0}: {1} GET {2} -> {3}")
    @CsvSource({
        "shop, none, /unprotected/, 200", "shop, alice, /, 200", "shop, bob, /, 200", "shop, none, /, 403",
        "shop, alice, /admin/, 200", "shop, bob, /admin/, 403", "shop, bob, /unprotected/report, 403",
        "blog, none, /unprotected/, 200", "blog, alice, /, 200", "blog, bob, /, 403", "blog, none, /, 403",
        "blog, alice, /admin/, 200", "blog, bob, /admin/, 403",
    })
    void eachApplicationFollowsItsOwnConfiguration(String app, String who, String path, int status)
            throws Exception {
        HttpResponse<String> response = get(who, "/" + app + path);
        assertEquals(status, response.statusCode(), () -> who + " GET /" + app + path + ":\n" + response.body());
        if (status == 200) {
            assertTrue(response.body().startsWith(app + " "), "the application answered: " + response.body());
        }
    }

    @Test
    void theApplicationSeesTheIdentityAsIfItHadDeclaredTheFilter() throws Exception {
        assertEquals("shop page / user=bob auth=CLIENT_CERT identity=webapp", get("bob", "/shop/").body());
        assertEquals("shop admin console for alice admin-role=true", get("alice", "/shop/admin/").body());
    }

    @Test
    void aMissingPolicyFileStopsTheApplication() throws Exception {
        assertEquals(404, get(NONE, "/broken/unprotected/").statusCode());
        assertEquals(404, get("alice", "/broken/").statusCode());
        String log = tomcat.log();
        assertTrue(log.contains("CertGate configuration error") && log.contains("no-such.conf"), log);
    }

    @Test
    void aSecondDeclarationInWebXmlStopsTheApplication() throws Exception {
        assertEquals(404, get(NONE, "/twice/unprotected/").statusCode());
        assertEquals(404, get("alice", "/twice/").statusCode());
        String log = tomcat.log();
        assertTrue(log.contains("the application declares ClientCertFilter itself (filter \"certgate\")"), log);
    }

    private HttpResponse<String> get(String who, String path) throws Exception {
        return clients.get(who).get(tomcat.port(), path);
    }
}
