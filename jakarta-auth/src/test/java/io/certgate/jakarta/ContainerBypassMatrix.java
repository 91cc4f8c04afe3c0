package io.certgate.jakarta;

import static io.certgate.demo.testkit.BypassMatrix.ADMIN_MARKER;
import static io.certgate.demo.testkit.BypassMatrix.HOME_MARKER;
import static io.certgate.demo.testkit.BypassMatrix.NONE;
import static io.certgate.demo.testkit.BypassMatrix.WHOAMI_MARKER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.certgate.demo.testkit.BypassMatrix;
import io.certgate.demo.testkit.BypassMatrix.Case;
import io.certgate.demo.testkit.DemoClient;
import io.certgate.demo.testkit.RawHttp;
import io.certgate.pki.DemoPki;

/**
 * demo-testkit's bypass matrix (the same {@link BypassMatrix#cases() cases}, sent byte for byte, and the same
 * {@link BypassMatrix#assertServesOnlyWhatIsAllowed pass condition}) through a container whose own
 * authentication is CertGate, serving {@link DemoPages}: over TLS, with each demo certificate but alice's, and
 * none. A subclass starts one server for the class:
 *
 * <pre>{@code
 * class JettyBypassMatrixTest extends ContainerBypassMatrix {
 *     protected int start(TestTls tls) { ...; return port; }
 *     protected void stop() { ... }
 * }
 * }</pre>
 *
 * <p>The filter is mapped only for forwards and includes ({@link DemoPages}), so every request as received is
 * judged by the module or authenticator alone; {@link #theMarkersAreServedToWhomTheRulesAllow} proves the pages
 * carry the markers the pass condition looks for, so that the matrix can fail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ContainerBypassMatrix {
    private final Map<String, SSLContext> clients = new HashMap<>();
    private TestTls tls;
    private int port;

    /**
     * Starts the server on 127.0.0.1, HTTPS wanting a client certificate ({@link TestTls#serverContext()}),
     * serving {@code new DemoPages(DemoPages.demoParameters(tls.pki().directory()))} with CertGate as its
     * authentication, configured by the same parameters.
     *
     * @return the HTTPS port
     */
    protected abstract int start(TestTls tls) throws Exception;

    /** Stops what {@link #start} started. */
    protected abstract void stop() throws Exception;

    @BeforeAll
    void startServer() throws Exception {
        tls = TestTls.create();
        clients.put(NONE, DemoClient.sslContext(tls.pki().directory(), null));
        for (String name : DemoPki.CLIENTS) {
            clients.put(name, DemoClient.sslContext(tls.pki().directory(), name));
        }
        port = start(tls);
    }

    @AfterAll
    void stopServer() throws Exception {
        try {
            stop();
        } finally {
            tls.delete();
        }
    }

    private RawHttp.Response send(String who, String target) throws Exception {
        return RawHttp.tls(clients.get(who), port, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n");
    }

    @ParameterizedTest(name = "TLS, {0}: {1}")
    @MethodSource("io.certgate.demo.testkit.BypassMatrix#tlsMatrix")
    void servesNothingTheCertificateDoesNotAllow(String who, Case trick) throws Exception {
        RawHttp.Response response = RawHttp.tls(clients.get(who), port, trick.request(""));
        BypassMatrix.assertServesOnlyWhatIsAllowed(who, trick, trick.aim(), trick.bodyless(), response);
    }

    /** The controls: what the markers detect is served, to alice (the admin page) and bob (the others). */
    @Test
    void theMarkersAreServedToWhomTheRulesAllow() throws Exception {
        RawHttp.Response admin = send("alice", "/admin/");
        assertEquals(200, admin.status(), admin::toString);
        assertTrue(admin.contains(ADMIN_MARKER), admin::toString);
        RawHttp.Response home = send("bob", "/");
        assertEquals(200, home.status(), home::toString);
        assertTrue(home.contains(HOME_MARKER), home::toString);
        RawHttp.Response whoami = send("bob", "/whoami");
        assertEquals(200, whoami.status(), whoami::toString);
        assertTrue(whoami.contains(WHOAMI_MARKER), whoami::toString);
        RawHttp.Response head = RawHttp.tls(clients.get("alice"), port,
                "HEAD /admin/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertEquals(200, head.status(), head::toString);
    }

    /** Without the filter on requests, a 403 with CertGate's body can only be the module's or authenticator's. */
    @Test
    void theContainersAuthenticationRefusesOnTheFiltersBehalf() throws Exception {
        RawHttp.Response bob = send("bob", "/admin/");
        assertEquals(403, bob.status(), bob::toString);
        assertTrue(bob.contains("client certificate not allowed"), bob::toString);
        RawHttp.Response nobody = send(NONE, "/");
        assertEquals(403, nobody.status(), nobody::toString);
        assertTrue(nobody.contains("client certificate required"), nobody::toString);
        RawHttp.Response open = send(NONE, "/unprotected/");
        assertEquals(200, open.status(), open::toString);
    }

    /**
     * The dispatch cases can fail too: alice is handed the admin page by the open pages, and the filter mapped
     * for includes leaves it out for a client without a certificate, keeping the open page.
     */
    @Test
    void theOpenPagesDispatchTheAdminPageToAliceOnly() throws Exception {
        for (String page : List.of("/unprotected/include-admin", "/unprotected/forward-admin")) {
            RawHttp.Response alice = send("alice", page);
            assertEquals(200, alice.status(), alice::toString);
            assertTrue(alice.contains(ADMIN_MARKER), alice::toString);
        }
        RawHttp.Response included = send(NONE, "/unprotected/include-admin");
        assertEquals(200, included.status(), included::toString);
        assertTrue(included.contains("end of the included admin page"), included::toString);
        assertFalse(included.contains(ADMIN_MARKER), included::toString);
    }
}
