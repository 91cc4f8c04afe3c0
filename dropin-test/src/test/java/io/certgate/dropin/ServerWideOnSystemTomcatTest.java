package io.certgate.dropin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.params.provider.ValueSource;

import io.certgate.pki.DemoPki;

/**
 * The second way in docs/dropin.md: filter-core in {@code $CATALINA_BASE/lib}, the filter declared once in
 * {@code $CATALINA_BASE/conf/web.xml} (the package's own file with the page's block added, as written, its
 * {@code ${catalina.base}} left for Tomcat to replace) and the page's policy file, protecting two WARs that
 * know nothing of CertGate, and a third that bundles its own copy of filter-core. One Tomcat for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerWideOnSystemTomcatTest {
    private static final String NONE = "none";

    private SystemTomcat tomcat;
    private final Map<String, Https> clients = new HashMap<>();

    @BeforeAll
    void deployAndStart(@TempDir Path temporary) throws Exception {
        DemoPki pki = DemoPki.ensure(temporary.resolve("pki"));
        int port = SystemTomcat.freePort();
        Path base = SystemTomcat.documentedBase(temporary.resolve("catalina-base"), pki, port);

        Files.copy(War.filterCoreJar(), base.resolve("lib").resolve(War.filterCoreJar().getFileName()));
        Path webXml = base.resolve("conf/web.xml");
        Files.writeString(webXml, Snippets.replaceOnce(Files.readString(webXml), "</web-app>",
                Snippets.blockAfter(Snippets.DROPIN, "before `</web-app>` in `$CATALINA_BASE/conf/web.xml`:", "xml")
                        + "</web-app>"));
        Files.writeString(base.resolve("conf/certgate/policy.conf"),
                Snippets.blockAfter(Snippets.DROPIN, "The policy file, `conf/certgate/policy.conf`:", ""));

        War.of("shop").writeTo(base.resolve("webapps/shop.war"));
        War.of("blog").writeTo(base.resolve("webapps/blog.war"));
        War.withWebXml(Snippets.replaceOnce(War.resource("webapps/shop/web.xml"), "<display-name>shop</display-name>",
                "<display-name>bundled</display-name>")).library(War.filterCoreJar())
                .writeTo(base.resolve("webapps/bundled.war"));

        tomcat = SystemTomcat.start(base, port, Map.of());
        clients.put(NONE, Https.as(pki, null));
        for (String name : new String[] {"alice", "bob"}) {
            clients.put(name, Https.as(pki, name));
        }
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
        "shop, alice, /admin/, 200", "shop, bob, /admin/, 403", "shop, none, /admin/, 403",
        "shop, bob, /unprotected/report, 403",
        "blog, none, /unprotected/, 200", "blog, alice, /, 200", "blog, bob, /, 200", "blog, none, /, 403",
        "blog, alice, /admin/, 200", "blog, bob, /admin/, 403", "blog, none, /admin/, 403",
        "blog, bob, /unprotected/report, 403",
        "bundled, none, /, 403", "bundled, alice, /admin/, 200", "bundled, bob, /admin/, 403",
    })
    void everyApplicationFollowsTheServerWidePolicy(String app, String who, String path, int status)
            throws Exception {
        HttpResponse<String> response = get(who, "/" + app + path);
        assertEquals(status, response.statusCode(), () -> who + " GET /" + app + path + ":\n" + response.body());
        if (status == 200) {
            assertTrue(response.body().startsWith(app + " "), "the application answered: " + response.body());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop", "blog"})
    void unmodifiedApplicationsSeeTheIdentityFromTheServersFilterCore(String app) throws Exception {
        // The identity's class comes from $CATALINA_BASE/lib (the common loader), not from the application.
        assertEquals(app + " page / user=bob auth=CLIENT_CERT identity=server", get("bob", "/" + app + "/").body());
        assertEquals(app + " admin console for alice admin-role=true", get("alice", "/" + app + "/admin/").body());
    }

    @Test
    void anApplicationBundlingFilterCoreRunsItsOwnCopy() throws Exception {
        // Tomcat's web application class loader looks in WEB-INF/lib first: the server-wide declaration is
        // instantiated from the bundled jar, and the identity's class is the application's.
        assertEquals("bundled page / user=bob auth=CLIENT_CERT identity=webapp", get("bob", "/bundled/").body());
    }

    @Test
    void thePolicyPathWasResolvedAndEveryApplicationHasItsOwnJmxName() throws Exception {
        String log = tomcat.log();
        assertFalse(log.contains("CertGate configuration error"), log);
        // The MBean names carry the context path (context="/shop", context="/blog"): no application takes
        // another's name.
        assertFalse(log.contains("not registered in JMX"), log);
    }

    private HttpResponse<String> get(String who, String path) throws Exception {
        return clients.get(who).get(tomcat.port(), path);
    }
}
