package io.certgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;

import javax.management.ObjectName;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * {@link ServletGate#admit} as a container integration calls it: proxy headers hidden from untrusted peers,
 * report-only counted apart, and the client handed on even on an open path.
 */
class ServletGateTest {
    private static final TestPki PKI = new TestPki();
    private static final ClassLoader LOADER = ServletGateTest.class.getClassLoader();
    private static final String RULES = "/open/* open\n/admin/* cn:alice\n";

    private final LogCapture log = new LogCapture();
    private HttpServletResponse response;

    @BeforeEach
    void capture() throws Exception {
        log.start();
        response = ServletMocks.response(new ByteArrayOutputStream());
    }

    @AfterEach
    void release() {
        log.stop();
    }

    /** A request from {@code peer} with nginx's headers naming alice, as a client could forge them. */
    private static HttpServletRequest withNginxHeaders(String peer, String path) {
        HttpServletRequest request = ServletMocks.request("GET", path, null);
        when(request.getRemoteAddr()).thenReturn(peer);
        when(request.getDispatcherType()).thenReturn(DispatcherType.REQUEST);
        Map<String, String> headers = Map.of("x-client-verify", "SUCCESS", "x-client-dn", "CN=alice");
        when(request.getHeaderNames()).thenAnswer(call -> Collections.enumeration(List.of("X-Client-Verify",
                "X-Client-Dn")));
        when(request.getHeader(anyString())).thenAnswer(call -> headers.get(
                call.<String>getArgument(0).toLowerCase(Locale.ROOT)));
        when(request.getHeaders(anyString())).thenAnswer(call -> {
            String value = headers.get(call.<String>getArgument(0).toLowerCase(Locale.ROOT));
            return Collections.enumeration(value == null ? List.of() : List.of(value));
        });
        return request;
    }

    @Test
    void forgedCertificateHeadersNeitherCountNorReachTheApplication() throws Exception {
        ServletGate gate = ServletGate.fromParameters(Map.of("rules", RULES, "sources", "header",
                "trusted-proxies", "127.0.0.2"), LOADER);
        assertNull(gate.admit(withNginxHeaders("192.0.2.7", "/admin/x"), response), "denied");
        verify(response).setStatus(403);
        HttpServletRequest open = gate.admit(withNginxHeaders("192.0.2.7", "/open/x"), response);
        assertNull(open.getHeader("X-Client-Dn"), "hidden from the application");
        assertNull(open.getRemoteUser());
        HttpServletRequest proxied = gate.admit(withNginxHeaders("127.0.0.2", "/admin/x"), response);
        assertEquals("alice", proxied.getRemoteUser());
        assertEquals("CN=alice", proxied.getHeader("X-Client-Dn"), "the proxy's headers stay visible");
    }

    @Test
    void anOpenPathHandsTheApplicationTheClientThatPresentedACertificate() throws Exception {
        ClientCertFilter filter = ClientCertFilter.of(ServletGate.fromParameters(Map.of("rules", RULES), LOADER));
        FilterChain chain = org.mockito.Mockito.mock(FilterChain.class);
        filter.doFilter(ServletMocks.request("GET", "/open/x", PKI.alice), response, chain);
        ArgumentCaptor<HttpServletRequest> passed = ArgumentCaptor.forClass(HttpServletRequest.class);
        verify(chain).doFilter(passed.capture(), any());
        assertEquals("alice", passed.getValue().getRemoteUser());
    }

    @Test
    void reportOnlyIsWarnedAboutAndCountsWouldDenyApartFromDenied() throws Exception {
        ServletGate gate = ServletGate.fromParameters(Map.of("rules", RULES, "allowed-cns", "alice",
                "mode", "report-only"), LOADER);
        assertTrue(log.has(Level.WARNING, "mode=report-only"), log.toString());
        assertEquals("bob", gate.admit(ServletMocks.request("GET", "/admin/x", PKI.bob), response).getRemoteUser(),
                "let through, still named");
        assertEquals(1, gate.metrics().getWouldDeny());
        assertEquals(0, gate.metrics().getDenied());
        assertEquals(Map.of("cn-not-allowed", 1L), gate.metrics().getDeniedByReason());
        assertTrue(gate.gate().reportOnly());
    }

    @Test
    void twoGatesUnderOneJmxNameAreWarnedAboutNotRefused() throws Exception {
        ServletGate first = ServletGate.fromParameters(Map.of("rules", RULES), LOADER);
        ServletGate second = ServletGate.fromParameters(Map.of("rules", RULES), LOADER);
        first.registerMetrics("clashing-gate", "/app");
        try {
            second.registerMetrics("clashing-gate", "/app");
            assertTrue(log.has(Level.WARNING, "metrics for filter clashing-gate not registered in JMX"), log.toString());
            second.unregisterMetrics();
            assertTrue(ManagementFactory.getPlatformMBeanServer().isRegistered(new ObjectName(
                    "io.certgate:type=ClientCertFilter,context=\"/app\",name=\"clashing-gate\"")),
                    "the second gate does not remove the first one's MBean");
        } finally {
            first.unregisterMetrics();
        }
    }

    @Test
    void anMBeanRemovedByOthersIsWarnedAboutOnUnregister() throws Exception {
        ServletGate gate = ServletGate.fromParameters(Map.of("rules", RULES), LOADER);
        gate.registerMetrics("removed-gate", null);
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(
                new ObjectName("io.certgate:type=ClientCertFilter,name=\"removed-gate\""));
        gate.unregisterMetrics();
        assertTrue(log.has(Level.WARNING, "could not unregister io.certgate:type=ClientCertFilter,name=\"removed-gate\""),
                log.toString());
    }

    @Test
    void theFilterOfAGateRunsThatGate() throws Exception {
        ServletGate gate = ServletGate.fromParameters(Map.of("rules", RULES), LOADER);
        assertSame(gate, ClientCertFilter.of(gate).servletGate());
    }
}
