package io.certgate.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.certgate.spring.app.DemoApplication;
import io.certgate.spring.app.ReadmeYaml;
import io.certgate.spring.app.TestPki;

/**
 * The starter on an embedded server over real TLS with the demo certificates: CertGate configured by README's
 * {@code application.yml}, Spring Security's own chain and method security behind it. {@link TomcatTlsTest}
 * and {@link JettyTlsTest} run these tests, each on its server.
 */
@SpringBootTest(classes = DemoApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "management.endpoint.health.show-components=always")
@ContextConfiguration(initializers = ReadmeYaml.class)
abstract class AbstractTlsServerTest {
    private static final Map<String, HttpClient> CLIENTS = new HashMap<>();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ServletWebServerApplicationContext context;

    @Autowired
    AuditEventRepository audit;

    /** The embedded server these tests must run on. */
    abstract Class<? extends WebServer> server();

    @Test
    void runsOnItsServer() {
        assertThat(context.getWebServer()).isInstanceOf(server());
    }

    @DynamicPropertySource
    static void tls(DynamicPropertyRegistry registry) {
        TestPki.serverSsl(registry);
    }

    /** README's decision table; "-" is no certificate. CertGate's 403s are its own plain-text answers. */
    @ParameterizedTest(name = "{0} on {1}: {2}")
    @CsvSource({
            "-,       /unprotected/page, 200",
            "alice,   /unprotected/page, 200",
            "bob,     /unprotected/page, 200",
            "mallory, /unprotected/page, 200",
            "expired, /unprotected/page, 200",
            "-,       /page,             403",
            "alice,   /page,             200",
            "bob,     /page,             200",
            "mallory, /page,             403",
            "expired, /page,             403",
            "-,       /admin/page,       403",
            "alice,   /admin/page,       200",
            "bob,     /admin/page,       403",
            "mallory, /admin/page,       403",
            "expired, /admin/page,       403",
    })
    void decisionTable(String client, String path, int status) throws Exception {
        HttpResponse<String> response = get(client, path);
        assertThat(response.statusCode()).as(client + " on " + path + ": " + response.body()).isEqualTo(status);
        if (status == 403) {
            assertCertGateDenial(response);
        }
    }

    /** Spring Security decides after CertGate, on the authentication CertGate gave. */
    @ParameterizedTest(name = "{0} on {1}: {2}")
    @CsvSource({
            "alice, /method-admin, 200",
            "bob,   /method-admin, 403",
            "alice, /chain-admin,  200",
            "bob,   /chain-admin,  403",
    })
    void springSecurityAuthorizesOnCertGatesRoles(String client, String path, int status) throws Exception {
        HttpResponse<String> response = get(client, path);
        assertThat(response.statusCode()).as(client + " on " + path + ": " + response.body()).isEqualTo(status);
        if (status == 403) {
            assertThat(response.headers().firstValue("Content-Type")).as("Spring Security's 403, not CertGate's")
                    .hasValueSatisfying(type -> assertThat(type).doesNotStartWith("text/plain"));
        }
    }

    @ParameterizedTest(name = "without a certificate on {0}")
    @CsvSource({"/method-admin", "/chain-admin"})
    void certGateDeniesBeforeSpringSecuritySeesTheRequest(String path) throws Exception {
        assertCertGateDenial(get("-", path));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"alice, alice [ROLE_admin]", "bob, bob [ROLE_ops]"})
    void theIdentityIsTheAuthenticationPrincipalWithItsRoles(String client, String expected) throws Exception {
        HttpResponse<String> response = get(client, "/whoami");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(expected);
    }

    /** Spring Boot's meter registry (a SimpleMeterRegistry in tests) has the starter's counters, and they move. */
    @Test
    void theMicrometerCountersMoveAsRequestsAreAllowedAndDenied() throws Exception {
        Map<String, Double> before = counters();
        assertThat(get("alice", "/page").statusCode()).isEqualTo(200);
        assertThat(get("alice", "/unprotected/page").statusCode()).isEqualTo(200);
        assertThat(get("-", "/page").statusCode()).isEqualTo(403);
        assertThat(get("bob", "/admin/page").statusCode()).isEqualTo(403);
        assertThat(get("mallory", "/page").statusCode()).isEqualTo(403);
        assertThat(get("expired", "/page").statusCode()).isEqualTo(403);
        Map<String, Double> after = counters();

        Map<String, Double> moved = new HashMap<>();
        after.forEach((meter, count) -> {
            double delta = count - before.get(meter);
            if (delta != 0) {
                moved.put(meter, delta);
            }
        });
        assertThat(moved).isEqualTo(Map.of(
                "decisions allowed", 2.0,
                "decisions denied", 4.0,
                "denials no-certificate", 1.0,
                "denials cn-not-allowed", 1.0,
                "denials untrusted-issuer", 1.0,
                "denials expired", 1.0));
    }

    /** The gauge counts a certificate near its end once it is used, however often, and the client is told. */
    @Test
    void theExpiryGaugeCountsACertificateNearItsEnd() throws Exception {
        Gauge expiring = meters.get(CertGateMeterBinder.EXPIRING).gauge();
        assertThat(expiring.value()).isZero();
        HttpResponse<String> response = get(TestPki.SOON, "/page");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("CertGate-Cert-Expires")).isPresent();
        assertThat(expiring.value()).isEqualTo(1.0);
        assertThat(get(TestPki.SOON, "/page").statusCode()).isEqualTo(200);
        assertThat(get("alice", "/page").statusCode()).isEqualTo(200);
        assertThat(expiring.value()).as("the same certificate again, and one far from expiry").isEqualTo(1.0);
    }

    /**
     * CertGate's allowed certificates and its refusals as Spring's audit events. A refusal is published once
     * CertGate's filter returns, which may be just after the client has its 403, so the test waits for it.
     */
    @Test
    void springsAuditEventsRecordCertGatesAuthenticationsAndRefusals() throws Exception {
        Instant before = Instant.now().minusMillis(1);
        assertThat(get("bob", "/page").statusCode()).isEqualTo(200);
        assertThat(get("mallory", "/page").statusCode()).isEqualTo(403);
        assertThat(get("-", "/page").statusCode()).isEqualTo(403);

        assertThat(audit.find("bob", before, "AUTHENTICATION_SUCCESS")).isNotEmpty();
        assertThat(published("mallory", before, "AUTHENTICATION_FAILURE")).singleElement()
                .satisfies(event -> assertThat(event.getData())
                        .containsEntry("type", CertGateDeniedException.class.getName())
                        .containsEntry("message", "CertGate denied: untrusted-issuer"));
        assertThat(published(CertGateAuthenticationFailureEvent.ANONYMOUS, before, "AUTHENTICATION_FAILURE"))
                .anySatisfy(event -> assertThat(event.getData())
                        .containsEntry("message", "CertGate denied: no-certificate"));
        assertThat(audit.find("bob", before, "AUTHENTICATION_FAILURE")).isEmpty();
        assertThat(audit.find("mallory", before, "AUTHENTICATION_SUCCESS")).isEmpty();
    }

    /** The audit events of {@code principal} since {@code after}, once there are any (waiting at most 10 s). */
    private List<AuditEvent> published(String principal, Instant after, String type) throws InterruptedException {
        for (int tries = 0; tries < 500; tries++) {
            List<AuditEvent> events = audit.find(principal, after, type);
            if (!events.isEmpty()) {
                return events;
            }
            Thread.sleep(20);
        }
        return audit.find(principal, after, type);
    }

    /** The actuator's health endpoint has CertGate's contributor (behind CertGate, like every path). */
    @Test
    void theActuatorsHealthHasCertGate() throws Exception {
        HttpResponse<String> health = get("alice", "/actuator/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"certgate\":{\"status\":\"UP\"}");
        assertCertGateDenial(get("-", "/actuator/health"));
    }

    /** Every CertGate counter in the registry, as "decisions OUTCOME" or "denials REASON". */
    private Map<String, Double> counters() {
        Map<String, Double> counts = new HashMap<>();
        for (FunctionCounter counter : meters.find(CertGateMeterBinder.DECISIONS).functionCounters()) {
            counts.put("decisions " + counter.getId().getTag(CertGateMeterBinder.OUTCOME), counter.count());
        }
        for (FunctionCounter counter : meters.find(CertGateMeterBinder.DENIALS).functionCounters()) {
            counts.put("denials " + counter.getId().getTag(CertGateMeterBinder.REASON), counter.count());
        }
        assertThat(counts).as("CertGate's meters in " + meters.getClass().getSimpleName())
                .containsKeys("decisions allowed", "decisions denied", "decisions would-deny", "denials expired");
        return counts;
    }

    private static void assertCertGateDenial(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).as("CertGate's own 403")
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    private HttpResponse<String> get(String client, String path) throws Exception {
        String name = client.equals("-") ? null : client;
        HttpClient http = CLIENTS.computeIfAbsent(client, key -> TestPki.client(name));
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
