package io.certgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;

import io.certgate.identity.CertificatePrincipal;
import io.certgate.identity.ClientIdentity;
import io.certgate.pki.HeldCertificate;

/** The filter's wiring, with Mockito servlet objects and real certificates. */
class ClientCertFilterTest {
    private static final TestPki PKI = new TestPki();
    private static final String RULES = """
            /unprotected/*  open
            /admin/*        cn:alice
            """;

    private final LogCapture log = new LogCapture();

    private final FilterChain chain = mock(FilterChain.class);
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private HttpServletResponse response;

    @BeforeEach
    void captureLogAndBody() throws IOException {
        log.start();
        response = ServletMocks.response(body);
    }

    @AfterEach
    void stopCapture() {
        log.stop();
    }

    @Test
    void misspeltInitParamStopsInitNamingIt() {
        ServletException error = assertThrows(ServletException.class,
                () -> new ClientCertFilter().init(config(Map.of("alowed-cns", "alice"))));
        assertTrue(error.getMessage().contains("'alowed-cns'"), error.getMessage());
        assertTrue(error.getMessage().contains("allowed-cns"), "should suggest the known names: " + error.getMessage());
    }

    @Test
    void badRuleStopsInitNamingParameterLineAndFix() {
        ServletException error = assertThrows(ServletException.class, () -> new ClientCertFilter()
                .init(config(Map.of("rules", "/unprotected/* open\n/admin/* cn:alice,,bob"))));
        assertTrue(error.getMessage().contains("'rules' line 2"), error.getMessage());
        assertTrue(error.getMessage().contains("remove the extra comma"), error.getMessage());
    }

    @Test
    void emptyAllowlistIsWarnedAboutAtInit() throws Exception {
        new ClientCertFilter().init(config(Map.of("rules", RULES)));
        assertTrue(log.records().stream().anyMatch(r -> r.getMessage().contains("'allowed-cns' is empty")), "" + log.messages());
    }

    @Test
    void openPathWithoutCertificatePassesTheRequestUnchanged() throws Exception {
        HttpServletRequest request = request("GET", "/unprotected/x", null);
        filter().doFilter(request, response, chain);
        verify(chain).doFilter(request, response);
        verify(response, never()).setStatus(403);
        assertEquals("", body.toString(), "nothing written by the filter");
    }

    @Test
    void allowedRequestIsWrappedAsClientCertUser() throws Exception {
        HttpServletRequest request = request("GET", "/admin/x", PKI.alice);
        filter().doFilter(request, response, chain);
        ArgumentCaptor<HttpServletRequest> passed = ArgumentCaptor.forClass(HttpServletRequest.class);
        verify(chain).doFilter(passed.capture(), any());
        HttpServletRequest wrapped = passed.getValue();
        assertEquals("CLIENT_CERT", wrapped.getAuthType());
        assertEquals("alice", wrapped.getRemoteUser());
        CertificatePrincipal principal = assertInstanceOf(CertificatePrincipal.class, wrapped.getUserPrincipal());
        assertEquals("alice", principal.getName());
        assertEquals(PKI.alice.certificate().getSerialNumber(), principal.identity().serialNumber());
        assertTrue(wrapped.isUserInRole("admin"));
        assertFalse(wrapped.isUserInRole("ops"));
        assertSame(principal.identity(), wrapped.getAttribute(ClientCertFilter.IDENTITY_ATTRIBUTE));
        assertTrue(Collections.list(wrapped.getAttributeNames()).contains(ClientCertFilter.IDENTITY_ATTRIBUTE));
    }

    @Test
    void deniedRequestGets403TextAndOneLogLineWithReason() throws Exception {
        HttpServletRequest request = request("POST", "/admin/x", PKI.bob);
        filter().doFilter(request, response, chain);
        verify(chain, never()).doFilter(any(), any());
        verify(response).setStatus(403);
        verify(response).setContentType("text/plain;charset=UTF-8");
        assertEquals("client certificate not allowed\n", body.toString());
        assertEquals(1, log.records().size(), "" + log.messages());
        String line = log.records().get(0).getMessage();
        assertTrue(line.contains("reason=cn-not-allowed"), line);
        assertTrue(line.contains("client=\"192.0.2.7\""), line);
        assertTrue(line.contains("method=\"POST\""), line);
        assertTrue(line.contains("subject=\"CN=bob\""), line);
        assertTrue(line.contains("/admin/*"), "names the rule: " + line);
    }

    @Test
    void missingCertificateSaysRequiredInJsonWhenAsked() throws Exception {
        HttpServletRequest request = request("GET", "/", null);
        when(request.getHeader("Accept")).thenReturn("application/json, text/plain;q=0.5");
        filter().doFilter(request, response, chain);
        verify(chain, never()).doFilter(any(), any());
        verify(response).setStatus(403);
        assertEquals("{\"status\":403,\"error\":\"client certificate required\"}", body.toString());
    }

    @Test
    void expiredCertificateIsDeniedByTheFilterClock() throws Exception {
        Clock later = Clock.fixed(PKI.alice.certificate().getNotAfter().toInstant().plus(Duration.ofSeconds(1)),
                ZoneOffset.UTC);
        ClientCertFilter filter = ClientCertFilter.builder().allowedCns("alice").rules(RULES).clock(later).build();
        filter.doFilter(request("GET", "/admin/", PKI.alice), response, chain);
        verify(chain, never()).doFilter(any(), any());
        verify(response).setStatus(403);
        assertTrue(log.records().get(0).getMessage().contains("reason=expired"), log.records().get(0).getMessage());
    }

    @Test
    void aCertificateNearExpiryIsWarnedAboutAtTheDecisionsTimeWithTheClockReadOncePerRequest() throws Exception {
        Instant notAfter = PKI.alice.certificate().getNotAfter().toInstant();
        CountingClock clock = new CountingClock(notAfter.minus(Duration.ofDays(10)));
        ClientCertFilter filter = ClientCertFilter.builder().allowedCns("alice").rules(RULES)
                .initParameter("expiry-warning-days", "30").clock(clock).build();
        int readsBefore = clock.reads;
        filter.doFilter(request("GET", "/admin/", PKI.alice), response, chain);
        verify(chain).doFilter(any(), any());
        verify(response).setHeader("CertGate-Cert-Expires", DateTimeFormatter.ISO_INSTANT.format(notAfter));
        assertEquals(1, clock.reads - readsBefore, "the clock is read once per request");
    }

    /** A fixed clock that counts how often it is read. */
    private static final class CountingClock extends Clock {
        private final Instant instant;
        int reads;

        CountingClock(Instant instant) {
            this.instant = instant;
        }

        @Override
        public Instant instant() {
            reads++;
            return instant;
        }

        @Override
        public long millis() {
            reads++;
            return instant.toEpochMilli();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void garbageInTheCertificateAttributeIsDeniedNotThrown() throws Exception {
        HttpServletRequest request = request("GET", "/admin/", null);
        when(request.getAttribute("jakarta.servlet.request.X509Certificate")).thenReturn("not a certificate");
        filter().doFilter(request, response, chain);
        verify(chain, never()).doFilter(any(), any());
        verify(response).setStatus(403);
        assertTrue(log.records().get(0).getMessage().contains("reason=bad-certificate"), log.records().get(0).getMessage());
    }

    @Test
    void controlCharactersInTheDecodedPathAreDenied() throws Exception {
        HttpServletRequest request = request("GET", "/unprotected/a\u0000b", null);
        filter().doFilter(request, response, chain);
        verify(chain, never()).doFilter(any(), any());
        verify(response).setStatus(403);
        assertTrue(log.records().get(0).getMessage().contains("reason=bad-path"), log.records().get(0).getMessage());
        assertTrue(log.records().get(0).getMessage().contains("\\u0000"), "log line escapes the NUL");
    }

    @Test
    void rawUriThatResolvesToAdminIsJudgedAsAdmin() throws Exception {
        // The container mapped it to the open area; a framework that decodes again would serve /admin/.
        HttpServletRequest request = request("GET", "/unprotected/%2e%2e/admin/", PKI.bob);
        when(request.getServletPath()).thenReturn("/unprotected");
        when(request.getPathInfo()).thenReturn("/%2e%2e/admin/");
        filter().doFilter(request, response, chain);
        verify(chain, never()).doFilter(any(), any());
        verify(response).setStatus(403);
    }

    @Test
    void builderRejectsBadConfigurationWithTheInitMessage() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ClientCertFilter.builder().rules("/admin/* sometimes").build());
        assertTrue(error.getMessage().contains("'rules' line 1"), error.getMessage());
        assertTrue(error.getMessage().contains("unknown access \"sometimes\""), error.getMessage());
    }

    @Test
    void filterBuiltInCodeRefusesInitParamsFromTheContainer() {
        ClientCertFilter filter = ClientCertFilter.builder().allowedCns("alice").build();
        ServletException error = assertThrows(ServletException.class,
                () -> filter.init(config(Map.of("allowed-cns", "mallory"))));
        assertTrue(error.getMessage().contains("configure it in one place only"), error.getMessage());
    }

    @Test
    void identityReadFromTlsMatchesTheCertificate() throws Exception {
        ClientIdentity identity = ClientIdentity.of(PKI.alice.certificate());
        assertEquals("alice", identity.commonName());
        assertEquals("CN=CertGate Test CA", identity.issuer().toString());
    }

    @Test
    void includeFromAnOpenPageIsJudgedOnTheIncludedResource() throws Exception {
        HttpServletRequest request = including("/unprotected/page", "/admin/x", PKI.bob);
        filter().doFilter(request, response, chain);
        verify(chain, never()).doFilter(any(), any());
        verify(response, never()).setStatus(anyInt());
        assertEquals("", body.toString(), "the included resource is left out; the page's status stays");
        String line = log.records().get(0).getMessage();
        assertTrue(line.contains("reason=cn-not-allowed") && line.contains("path=\"/admin/x\"")
                && line.contains("dispatch=include"), line);
    }

    @Test
    void includeOfAnAllowedResourceIsPassedOnAuthenticated() throws Exception {
        HttpServletRequest request = including("/unprotected/page", "/admin/x", PKI.alice);
        filter().doFilter(request, response, chain);
        ArgumentCaptor<HttpServletRequest> passed = ArgumentCaptor.forClass(HttpServletRequest.class);
        verify(chain).doFilter(passed.capture(), any());
        assertEquals("alice", passed.getValue().getRemoteUser());
    }

    @Test
    void includeOfAnOpenResourceFromAGuardedPageIsJudgedOnTheOpenOne() throws Exception {
        HttpServletRequest request = including("/admin/x", "/unprotected/fragment", null);
        filter().doFilter(request, response, chain);
        verify(chain).doFilter(request, response);
    }

    @Test
    void includeWithoutItsTargetPathIsDeniedAsUnreadable() throws Exception {
        // A named dispatcher's include sets no jakarta.servlet.include.* attributes: nothing to judge.
        HttpServletRequest request = request("GET", "/unprotected/page", PKI.alice);
        when(request.getDispatcherType()).thenReturn(DispatcherType.INCLUDE);
        filter().doFilter(request, response, chain);
        verify(chain, never()).doFilter(any(), any());
        assertTrue(log.records().get(0).getMessage().contains("reason=bad-path"), "" + log.messages());
    }

    @Test
    void forwardIsJudgedOnItsTarget() throws Exception {
        HttpServletRequest request = request("GET", "/admin/x", null);
        when(request.getDispatcherType()).thenReturn(DispatcherType.FORWARD);
        filter().doFilter(request, response, chain);
        verify(chain, never()).doFilter(any(), any());
        verify(response).setStatus(403);
        assertTrue(log.records().get(0).getMessage().contains("dispatch=forward"), "" + log.messages());
    }

    @Test
    void theFiltersOwnForwardToTheDeniedPageIsNotDeniedAgainButOnlyOnce() throws Exception {
        ClientCertFilter filter = ClientCertFilter.builder().allowedCns("alice").rules(RULES)
                .initParameter("denied-page", "/WEB-INF/denied").build();
        HttpServletRequest request = request("GET", "/admin/x", null);
        when(request.getHeader("Accept")).thenReturn("text/html");
        Map<String, Object> attributes = new HashMap<>();
        doAnswer(call -> attributes.put(call.getArgument(0), call.getArgument(1)))
                .when(request).setAttribute(anyString(), any());
        doAnswer(call -> attributes.remove(call.getArgument(0)))
                .when(request).removeAttribute(anyString());
        when(request.getAttribute(anyString()))
                .thenAnswer(call -> attributes.get(call.getArgument(0)));
        RequestDispatcher deniedPage = mock(RequestDispatcher.class);
        when(request.getRequestDispatcher("/WEB-INF/denied")).thenReturn(deniedPage);
        filter.doFilter(request, response, chain);
        verify(deniedPage).forward(any(), any());

        // The container dispatches the forward through the filter again, now on the denied-page.
        when(request.getDispatcherType()).thenReturn(DispatcherType.FORWARD);
        when(request.getServletPath()).thenReturn("/WEB-INF/denied");
        when(request.getRequestURI()).thenReturn("/WEB-INF/denied");
        filter.doFilter(request, response, chain);
        verify(chain).doFilter(request, response);
        // A further forward from that page is judged like any other.
        filter.doFilter(request, response, chain);
        verify(chain).doFilter(request, response);
    }

    @Test
    void trustRefusalLogNamesTheRefusedCertificate(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), PKI.ca.certificatePem());
        ClientCertFilter filter = ClientCertFilter.builder().allowedCns("alice").rules(RULES)
                .trustedCa(ca.toString()).build();
        filter.doFilter(request("GET", "/admin/x", PKI.expired), response, chain);
        verify(chain, never()).doFilter(any(), any());
        String line = log.records().get(0).getMessage();
        X509Certificate expired = PKI.expired.certificate();
        assertTrue(line.contains("reason=expired"), line);
        assertTrue(line.contains("subject=\"CN=alice\""), line);
        assertTrue(line.contains("issuer=\"CN=CertGate Test CA\""), line);
        assertTrue(line.contains("serial=" + expired.getSerialNumber().toString(16) + " "), line);
        assertTrue(line.contains("sha256=" + HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(expired.getEncoded()))), line);
    }

    @Test
    void foreignCertificateRefusalLogNamesItsIssuer(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), PKI.ca.certificatePem());
        ClientCertFilter filter = ClientCertFilter.builder().allowedCns("mallory").rules(RULES)
                .trustedCa(ca.toString()).build();
        filter.doFilter(request("GET", "/x", PKI.mallory), response, chain);
        String line = log.records().get(0).getMessage();
        assertTrue(line.contains("reason=untrusted-issuer") && line.contains("subject=\"CN=mallory\"")
                && line.contains("issuer=\"CN=Rogue CA\""), line);
    }

    /** An include of {@code target} from {@code page}: the container keeps the page's paths. */
    private static HttpServletRequest including(String page, String target, HeldCertificate client) {
        HttpServletRequest request = request("GET", page, client);
        when(request.getDispatcherType()).thenReturn(DispatcherType.INCLUDE);
        when(request.getAttribute(RequestDispatcher.INCLUDE_REQUEST_URI)).thenReturn(target);
        when(request.getAttribute(RequestDispatcher.INCLUDE_SERVLET_PATH)).thenReturn(target);
        when(request.getAttribute(RequestDispatcher.INCLUDE_CONTEXT_PATH)).thenReturn("");
        return request;
    }

    private static ClientCertFilter filter() {
        return ClientCertFilter.builder().allowedCns("alice, bob").rules(RULES).roles("admin=alice").build();
    }

    private static HttpServletRequest request(String method, String path, HeldCertificate client) {
        return ServletMocks.request(method, path, client);
    }

    private static FilterConfig config(Map<String, String> params) {
        return ServletMocks.config(null, params);
    }

}
