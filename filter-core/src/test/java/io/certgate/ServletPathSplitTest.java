package io.certgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A servlet at {@code /api/*} and another at {@code /api/admin/*}, and a rule on {@code /api/admin/*}: requests
 * that reach the admin resource with the container splitting servlet path and path info differently
 * ({@code /api} + {@code /admin/x}, or {@code /api/admin} + {@code /x}), the bypass class of filters that match
 * the servlet path alone. On real Jetty 12 and Tomcat 11, identities as nginx passes them (DN only, from the
 * trusted proxy address). bob may use the API but never its admin part, whichever servlet would serve it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServletPathSplitTest {
    private static final Map<String, String> INIT_PARAMS = Map.of(
            "allowed-cns", "alice, bob",
            "rules", "/api/admin/* cn:alice\n/api/* allowlist",
            "sources", "header",
            "trusted-proxies", "127.0.0.1/32",
            "proxy-format", "nginx");

    private BothContainers servers;

    @BeforeAll
    void start() throws Exception {
        servers = BothContainers.startHttp(INIT_PARAMS);
    }

    @AfterAll
    void stop() throws Exception {
        servers.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "Jetty, /api/admin/x", "Tomcat, /api/admin/x",
        "Jetty, /api/admin", "Tomcat, /api/admin",
        "Jetty, /api/admin/", "Tomcat, /api/admin/",
        "Jetty, /api//admin/x", "Tomcat, /api//admin/x",
        "Jetty, /api/./admin/x", "Tomcat, /api/./admin/x",
        "Jetty, /api/admin;x/y", "Tomcat, /api/admin;x/y",
        "Jetty, /api;x/admin/y", "Tomcat, /api;x/admin/y",
        "Jetty, /api/%61dmin/x", "Tomcat, /api/%61dmin/x",
        "Jetty, /api/x/../admin/y", "Tomcat, /api/x/../admin/y",
        "Jetty, /api/ADMIN/x", "Tomcat, /api/ADMIN/x",
        "Jetty, /api/admin%2fx", "Tomcat, /api/admin%2fx",
    })
    void bobNeverReachesTheAdminPartOfTheApiHoweverThePathIsSplit(String container, String path)
            throws IOException {
        RawHttps.Response bob = get(container, path, "bob");
        assertFalse(bob.text().contains(JettyTestServer.API_ADMIN_PAGE), bob::text);
        // The /api/* servlet handed an admin path as its path info is the admin resource too.
        assertFalse(bob.text().contains("path-info=/admin") || bob.text().contains("path-info=/ADMIN"), bob::text);
        assertTrue(bob.status() >= 400, bob::text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Jetty", "Tomcat"})
    void theSplitsAreRealAndAliceAndBobGetWhatTheRulesSay(String container) throws IOException {
        RawHttps.Response admin = get(container, "/api/admin/x", "alice");
        assertEquals(200, admin.status(), admin::text);
        assertTrue(admin.body().startsWith(JettyTestServer.API_ADMIN_PAGE + " user=alice"), admin::text);
        assertTrue(admin.body().contains("servlet-path=/api/admin path-info=/x"), admin::text);
        RawHttps.Response api = get(container, "/api/reports", "bob");
        assertEquals(200, api.status(), api::text);
        assertTrue(api.body().startsWith(JettyTestServer.API_PAGE + " user=bob"), api::text);
        assertTrue(api.body().contains("servlet-path=/api path-info=/reports"), api::text);
    }

    private RawHttps.Response get(String container, String path, String cn) throws IOException {
        return RawHttps.sendPlain(servers.port(container), "GET " + path
                + " HTTP/1.1\r\nHost: localhost\r\nX-Client-Verify: SUCCESS\r\nX-Client-Dn: CN=" + cn
                + "\r\nConnection: close\r\n\r\n");
    }
}
