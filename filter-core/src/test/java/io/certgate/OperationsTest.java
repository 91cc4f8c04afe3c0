package io.certgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.LogRecord;

import javax.management.ObjectName;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.certgate.pki.HeldCertificate;

/** report-only mode, expiry warnings, JMX metrics and the config-file, through the filter. */
class OperationsTest {
    private static final TestPki PKI = new TestPki();
    private static final String RULES = "/unprotected/* open\n/admin/* cn:alice\n";

    @TempDir
    Path directory;

    private final LogCapture log = new LogCapture();
    private final FilterChain chain = mock(FilterChain.class);
    private HttpServletResponse response;

    @BeforeEach
    void capture() throws Exception {
        log.start();
        response = ServletMocks.response(new java.io.ByteArrayOutputStream());
    }

    @AfterEach
    void release() {
        log.stop();
    }

    @Test
    void reportOnlyLetsADeniedRequestThroughAndLogsWouldDeny() throws Exception {
        ClientCertFilter filter = ClientCertFilter.builder().allowedCns("alice,bob").rules(RULES)
                .initParameter("mode", "report-only").build();
        filter.doFilter(request("/admin/", PKI.bob), response, chain);
        verify(chain).doFilter(any(), any());
        verify(response, never()).setStatus(403);
        assertTrue(log.records().stream().anyMatch(r -> r.getMessage().startsWith("CertGate would-deny reason=cn-not-allowed")),
                "" + messages());
    }

    @Test
    void aRefusedRequestCarriesItsDenialForCodeAroundTheFilterButAReportOnlyOneDoesNot() throws Exception {
        HttpServletRequest refused = request("/admin/", PKI.bob);
        ClientCertFilter.builder().allowedCns("alice,bob").rules(RULES).build().doFilter(refused, response, chain);
        verify(refused).setAttribute(org.mockito.ArgumentMatchers.eq(ClientCertFilter.DENIED_ATTRIBUTE),
                org.mockito.ArgumentMatchers.<Object>argThat(denial -> denial instanceof io.certgate.verdict.Denial d
                        && d.reason() == io.certgate.verdict.ReasonCode.CN_NOT_ALLOWED
                        && d.identity().commonName().equals("bob")));
        HttpServletRequest reported = request("/admin/", PKI.bob);
        ClientCertFilter.builder().allowedCns("alice,bob").rules(RULES).initParameter("mode", "report-only").build()
                .doFilter(reported, response, chain);
        verify(reported, never()).setAttribute(org.mockito.ArgumentMatchers.eq(ClientCertFilter.DENIED_ATTRIBUTE), any());
    }

    @Test
    void enforceModeIsTheDefaultAndUnknownModesStopInit() throws Exception {
        ClientCertFilter.builder().allowedCns("alice").rules(RULES).build().doFilter(request("/admin/", PKI.bob),
                response, chain);
        verify(response).setStatus(403);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ClientCertFilter.builder().initParameter("mode", "audit").build());
        assertTrue(error.getMessage().contains("'mode'"), error.getMessage());
    }

    @Test
    void certificateAboutToExpireGetsAHeaderAndOneWarningADay() throws Exception {
        Clock nearExpiry = Clock.fixed(PKI.alice.certificate().getNotAfter().toInstant().minus(Duration.ofDays(3)),
                ZoneOffset.UTC);
        ClientCertFilter filter = ClientCertFilter.builder().allowedCns("alice").rules(RULES).clock(nearExpiry).build();
        filter.doFilter(request("/admin/", PKI.alice), response, chain);
        filter.doFilter(request("/admin/", PKI.alice), response, chain);
        verify(chain, org.mockito.Mockito.times(2)).doFilter(any(), any());
        verify(response, org.mockito.Mockito.times(2)).setHeader(org.mockito.ArgumentMatchers.eq("CertGate-Cert-Expires"),
                org.mockito.ArgumentMatchers.startsWith(
                        PKI.alice.certificate().getNotAfter().toInstant().toString().substring(0, 10)));
        assertEquals(1, messages().stream().filter(m -> m.contains("expires")).count(), "" + messages());
        assertEquals(1, filter.servletGate().metrics().getCertificatesExpiringSoon(),
                "one certificate near expiry, however often it came");
    }

    @Test
    void certificateFarFromExpiryGetsNoHeader() throws Exception {
        ClientCertFilter filter = ClientCertFilter.builder().allowedCns("alice").rules(RULES).build();
        filter.doFilter(request("/admin/", PKI.alice), response, chain);
        verify(response, never()).setHeader(org.mockito.ArgumentMatchers.eq("CertGate-Cert-Expires"), any());
        assertEquals(0, filter.servletGate().metrics().getCertificatesExpiringSoon());
    }

    @Test
    void countsAreReadableOverJmxUnderTheFilterName() throws Exception {
        ClientCertFilter filter = new ClientCertFilter();
        filter.init(config("gate-under-test", Map.of("allowed-cns", "alice", "rules", RULES)));
        try {
            filter.doFilter(request("/admin/", PKI.alice), response, chain);
            filter.doFilter(request("/admin/", PKI.bob), response, chain);
            filter.doFilter(request("/admin/", null), response, chain);
            ObjectName name = new ObjectName("io.certgate:type=ClientCertFilter,name=\"gate-under-test\"");
            var server = ManagementFactory.getPlatformMBeanServer();
            assertEquals(1L, server.getAttribute(name, "Allowed"));
            assertEquals(2L, server.getAttribute(name, "Denied"));
            CertGateMetricsMXBean proxy = javax.management.JMX.newMXBeanProxy(server, name, CertGateMetricsMXBean.class);
            assertEquals(Map.of("cn-not-allowed", 1L, "no-certificate", 1L), proxy.getDeniedByReason());
            assertEquals(0, server.getAttribute(name, "CertificatesExpiringSoon"));
        } finally {
            filter.destroy();
        }
        assertTrue(!ManagementFactory.getPlatformMBeanServer().isRegistered(
                new ObjectName("io.certgate:type=ClientCertFilter,name=\"gate-under-test\"")), "destroy unregisters");
    }

    @Test
    void configFileReplacesTheInlinePolicyAndMustNotBeMixedWithIt() throws Exception {
        Path file = directory.resolve("policy.conf");
        Files.writeString(file, "[allowed-cns]\nbob\n[rules]\n/admin/* cn:bob\n");
        ClientCertFilter filter = ClientCertFilter.builder().configFile(file.toString()).build();
        filter.doFilter(request("/admin/", PKI.bob), response, chain);
        verify(chain).doFilter(any(), any());

        ServletException mixed = assertThrows(ServletException.class, () -> new ClientCertFilter().init(
                config("mixed", Map.of("config-file", file.toString(), "rules", RULES))));
        assertTrue(mixed.getMessage().contains("'rules'") && mixed.getMessage().contains("config-file"),
                mixed.getMessage());
        ServletException missing = assertThrows(ServletException.class, () -> new ClientCertFilter().init(
                config("missing", Map.of("config-file", directory.resolve("nope.conf").toString()))));
        assertTrue(missing.getMessage().contains("'config-file'"), missing.getMessage());
    }

    private List<String> messages() {
        return log.records().stream().map(LogRecord::getMessage).toList();
    }

    private static HttpServletRequest request(String path, HeldCertificate client) {
        return ServletMocks.request("GET", path, client);
    }

    private static FilterConfig config(String name, Map<String, String> params) {
        return ServletMocks.config(name, params);
    }

    @Test
    void contextParametersNamedCertgateCountAsInitParams() throws Exception {
        FilterConfig config = ServletMocks.config("per-app", Map.of("rules", "/admin/* cn:alice"));
        ServletContext context = mock(ServletContext.class);
        when(context.getInitParameterNames()).thenReturn(Collections.enumeration(List.of("certgate.allowed-cns",
                "other.setting")));
        when(context.getInitParameter("certgate.allowed-cns")).thenReturn("bob");
        when(context.getContextPath()).thenReturn("/shop");
        when(config.getServletContext()).thenReturn(context);
        ClientCertFilter filter = new ClientCertFilter();
        filter.init(config);
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            FilterChain chain = mock(FilterChain.class);
            filter.doFilter(ServletMocks.request("GET", "/reports", PKI.bob), ServletMocks.response(body), chain);
            verify(chain).doFilter(any(), any());
            assertTrue(ManagementFactory.getPlatformMBeanServer().isRegistered(
                    new ObjectName("io.certgate:type=ClientCertFilter,context=\"/shop\",name=\"per-app\"")),
                    "the MBean name carries the context path");
        } finally {
            filter.destroy();
        }
    }

    @Test
    void aParameterSetAsInitParamAndContextParameterStopsInit() {
        FilterConfig config = ServletMocks.config(null, Map.of("allowed-cns", "alice"));
        ServletContext context = mock(ServletContext.class);
        when(context.getInitParameterNames()).thenReturn(Collections.enumeration(List.of("certgate.allowed-cns")));
        when(context.getInitParameter("certgate.allowed-cns")).thenReturn("bob");
        when(config.getServletContext()).thenReturn(context);
        ServletException error = assertThrows(ServletException.class, () -> new ClientCertFilter().init(config));
        assertTrue(error.getMessage().contains("'allowed-cns'") && error.getMessage().contains("certgate.allowed-cns"),
                error.getMessage());
    }

    @Test
    void aMisspeltCertgateContextParameterStopsInit() {
        FilterConfig config = ServletMocks.config(null, Map.of());
        ServletContext context = mock(ServletContext.class);
        when(context.getInitParameterNames()).thenReturn(Collections.enumeration(List.of("certgate.alowed-cns")));
        when(context.getInitParameter("certgate.alowed-cns")).thenReturn("bob");
        when(config.getServletContext()).thenReturn(context);
        ServletException error = assertThrows(ServletException.class, () -> new ClientCertFilter().init(config));
        assertTrue(error.getMessage().contains("'alowed-cns'"), error.getMessage());
    }
}
