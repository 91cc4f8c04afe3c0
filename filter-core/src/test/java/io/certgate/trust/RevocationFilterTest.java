package io.certgate.trust;

import static io.certgate.trust.RevocationPki.crl;
import static io.certgate.trust.RevocationPki.pem;
import static io.certgate.trust.RevocationPki.rewrite;
import static io.certgate.trust.RevocationPki.writePem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.certgate.ClientCertFilter;
import io.certgate.LogCapture;
import io.certgate.WaitsOnTheClock;
import io.certgate.ServletMocks;
import io.certgate.pki.HeldCertificate;

/** Revocation and the denylist end to end: init-params in, 403 and a reason code out. */
class RevocationFilterTest {
    private static final RevocationPki PKI = new RevocationPki();
    private static final String PROXY = "10.0.0.5";

    @TempDir
    Path dir;
    private final LogCapture log = new LogCapture();
    private Path trustedCa;

    @BeforeEach
    void setUp() throws IOException {
        log.start();
        trustedCa = Files.writeString(dir.resolve("ca.pem"), PKI.root.certificatePem());
    }

    @AfterEach
    void stopCapture() {
        log.stop();
    }

    @Test
    void revokedCertificateIsDeniedWithRevoked() throws Exception {
        Path crl = writePem(dir.resolve("root.crl"), crl(PKI.root, PKI.alice));
        ClientCertFilter filter = filter(Map.of("trusted-ca", trustedCa.toString(), "crl", crl.toString()));
        assertDenied(filter, tls(PKI.alice), "revoked");
        assertAllowed(filter, tls(PKI.bob));
    }

    @Test
    @WaitsOnTheClock
    void crlRewrittenWhileTheFilterRunsTakesEffect() throws Exception {
        Path crl = writePem(dir.resolve("root.crl"), crl(PKI.root));
        ClientCertFilter filter = filter(Map.of("trusted-ca", trustedCa.toString(), "crl", crl.toString()));
        assertAllowed(filter, tls(PKI.alice));

        rewrite(crl, pem(crl(PKI.root, PKI.alice)).getBytes(StandardCharsets.US_ASCII));
        assertTrue(deniedWithin(filter, PKI.alice, 3 * CrlFiles.CHECK_INTERVAL.toMillis()), "never reloaded: " + log);
        assertTrue(log.has(Level.INFO, "reason=revoked"), log.toString());

        rewrite(crl, "not a CRL any more".getBytes(StandardCharsets.US_ASCII));
        Thread.sleep(CrlFiles.CHECK_INTERVAL.toMillis() + 50);
        assertDenied(filter, tls(PKI.alice), "revoked");
        assertAllowed(filter, tls(PKI.bob));
        assertTrue(log.has(Level.SEVERE, "still using the CRLs loaded before"), log.toString());
    }

    @Test
    @WaitsOnTheClock
    void trustedCaRewrittenWhileTheFilterRunsTakesEffect() throws Exception {
        HeldCertificate otherRoot = HeldCertificate.builder().commonName("Other Root CA").certificateAuthority(0)
                .build();
        HeldCertificate erin = HeldCertificate.builder().commonName("alice").clientAuth().signedBy(otherRoot).build();
        ClientCertFilter filter = filter(Map.of("trusted-ca", trustedCa.toString()));
        assertDenied(filter, tls(erin), "untrusted-issuer");

        rewrite(trustedCa, (PKI.root.certificatePem() + otherRoot.certificatePem()).getBytes(StandardCharsets.US_ASCII));
        assertTrue(statusWithin(filter, erin, 200, 3 * TrustedCaBundle.CHECK_INTERVAL.toMillis()), "never reloaded: " + log);

        rewrite(trustedCa, otherRoot.certificatePem().getBytes(StandardCharsets.US_ASCII));
        assertTrue(statusWithin(filter, PKI.alice, 403, 3 * TrustedCaBundle.CHECK_INTERVAL.toMillis()),
                "a removed CA is still trusted: " + log);
        assertTrue(log.has(Level.INFO, "reason=untrusted-issuer"), log.toString());
    }

    @Test
    void crlStaleDenyRefusesAClientWhoseIssuersCrlIsPastItsNextUpdate() throws Exception {
        Path crl = writePem(dir.resolve("root.crl"), RevocationPki.crlDue(PKI.root, java.time.Instant.now()
                .minusSeconds(60)));
        ClientCertFilter warn = filter(Map.of("trusted-ca", trustedCa.toString(), "crl", crl.toString()));
        assertAllowed(warn, tls(PKI.bob));
        ClientCertFilter deny = filter(Map.of("trusted-ca", trustedCa.toString(), "crl", crl.toString(),
                "crl-stale", "deny"));
        assertDenied(deny, tls(PKI.bob), "revocation-unknown");
    }

    @Test
    void crlStaleIsCheckedAtInit() throws IOException {
        Path crl = writePem(dir.resolve("root.crl"), crl(PKI.root));
        ServletException bad = assertThrows(ServletException.class, () -> new ClientCertFilter().init(config(
                Map.of("trusted-ca", trustedCa.toString(), "crl", crl.toString(), "crl-stale", "strict"))));
        assertTrue(bad.getMessage().contains("'crl-stale'") && bad.getMessage().contains("warn or deny"),
                bad.getMessage());
        ServletException alone = assertThrows(ServletException.class, () -> new ClientCertFilter().init(config(
                Map.of("trusted-ca", trustedCa.toString(), "crl-stale", "deny"))));
        assertTrue(alone.getMessage().contains("'crl-stale'") && alone.getMessage().contains("only applies with 'crl'"),
                alone.getMessage());
    }

    @Test
    void unreadableCrlStopsInitNamingCrl() throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.crl"), "junk");
        ServletException error = assertThrows(ServletException.class, () -> new ClientCertFilter()
                .init(config(Map.of("trusted-ca", trustedCa.toString(), "crl", junk.toString()))));
        assertTrue(error.getMessage().contains("'crl'"), error.getMessage());
        assertTrue(error.getMessage().contains("junk.crl"), error.getMessage());
    }

    @Test
    void badlySignedCrlStopsInit() throws IOException {
        Path forged = writePem(dir.resolve("root.crl"), RevocationPki.forgedCrl(PKI.root, PKI.impostor));
        ServletException error = assertThrows(ServletException.class, () -> new ClientCertFilter()
                .init(config(Map.of("trusted-ca", trustedCa.toString(), "crl", forged.toString()))));
        assertTrue(error.getMessage().contains("'crl'") && error.getMessage().contains("not signed by"),
                error.getMessage());
    }

    @Test
    void crlAndOcspNeedTrustedCa() throws IOException {
        Path crl = writePem(dir.resolve("root.crl"), crl(PKI.root));
        for (Map<String, String> params : List.of(Map.of("crl", crl.toString()), Map.of("ocsp", "hard-fail"))) {
            ServletException error = assertThrows(ServletException.class,
                    () -> new ClientCertFilter().init(config(params)));
            assertTrue(error.getMessage().contains("only applies with 'trusted-ca'"), error.getMessage());
        }
    }

    @Test
    void unknownOcspModeStopsInit() {
        ServletException error = assertThrows(ServletException.class, () -> new ClientCertFilter()
                .init(config(Map.of("trusted-ca", trustedCa.toString(), "ocsp", "hard"))));
        assertTrue(error.getMessage().contains("'ocsp'"), error.getMessage());
    }

    @Test
    void ocspHardFailDeniesWhenTheResponderIsDown() throws Exception {
        HeldCertificate client = HeldCertificate.builder().commonName("alice").clientAuth()
                .ocspResponderUrl(OcspTestResponder.deadUrl()).signedBy(PKI.root).build();
        ClientCertFilter filter = filter(Map.of("trusted-ca", trustedCa.toString(), "ocsp", "hard-fail"));
        assertDenied(filter, tls(client), "revocation-unknown");
    }

    @Test
    @WaitsOnTheClock
    void ocspSilentResponderCostsOneQuestionHardFailDeniesSoftFailAllows() throws Exception {
        try (OcspTestResponder responder = new OcspTestResponder(PKI.root)) {
            responder.silent();
            HeldCertificate client = HeldCertificate.builder().commonName("alice").clientAuth()
                    .ocspResponderUrl(responder.url()).signedBy(PKI.root).build();
            ClientCertFilter hard = filter(Map.of("trusted-ca", trustedCa.toString(), "ocsp", "hard-fail",
                    "ocsp-timeout", "300ms"));
            for (int i = 0; i < 5; i++) {
                assertDenied(hard, tls(client), "revocation-unknown");
            }
            assertEquals(1, responder.requests(), "a silent responder is asked once, then remembered");

            ClientCertFilter soft = filter(Map.of("trusted-ca", trustedCa.toString(), "ocsp", "soft-fail",
                    "ocsp-timeout", "300ms"));
            for (int i = 0; i < 5; i++) {
                assertAllowed(soft, tls(client));
            }
            assertEquals(2, responder.requests(), "one question for the second filter");
        }
    }

    @Test
    void ocspTimeoutIsCheckedAtInit() {
        for (String bad : List.of("2", "10ms", "1m", "fast")) {
            ServletException error = assertThrows(ServletException.class, () -> new ClientCertFilter().init(config(
                    Map.of("trusted-ca", trustedCa.toString(), "ocsp", "soft-fail", "ocsp-timeout", bad))));
            assertTrue(error.getMessage().contains("'ocsp-timeout'") && error.getMessage().contains("500ms or 2s"),
                    error.getMessage());
        }
        ServletException off = assertThrows(ServletException.class, () -> new ClientCertFilter().init(config(
                Map.of("trusted-ca", trustedCa.toString(), "ocsp-timeout", "2s"))));
        assertTrue(off.getMessage().contains("'ocsp-timeout'") && off.getMessage().contains("soft-fail or hard-fail"),
                off.getMessage());
    }

    @Test
    void ocspRevokedAnswerDeniesWithRevoked() throws Exception {
        try (OcspTestResponder responder = new OcspTestResponder(PKI.root)) {
            HeldCertificate client = HeldCertificate.builder().commonName("alice").clientAuth()
                    .ocspResponderUrl(responder.url()).signedBy(PKI.root).build();
            ClientCertFilter filter = filter(Map.of("trusted-ca", trustedCa.toString(), "ocsp", "soft-fail"));
            assertAllowed(filter, tls(client));
            responder.revoke(client);
            ClientCertFilter fresh = filter(Map.of("trusted-ca", trustedCa.toString(), "ocsp", "soft-fail"));
            assertDenied(fresh, tls(client), "revoked");
        }
    }

    @Test
    void denylistedFingerprintIsDeniedOverTlsWithoutTrustedCa() throws Exception {
        ClientCertFilter filter = filter(Map.of("denied-fingerprints", DenylistTest.opensslFingerprint(PKI.alice)));
        assertDenied(filter, tls(PKI.alice), "denylisted");
        assertAllowed(filter, tls(PKI.bob));
    }

    @Test
    void denylistedSerialIsDeniedFromAProxyHeader() throws Exception {
        String entry = "CN=Revocation Root CA # " + PKI.bob.certificate().getSerialNumber().toString(16);
        ClientCertFilter filter = filter(headerParams(Map.of("denied-serials", entry)));
        assertDenied(filter, proxied(PKI.bob, true), "denylisted");
        assertAllowed(filter, proxied(PKI.alice, true));
    }

    @Test
    void denylistWithADnOnlyProxyIsDeniedAsCertificateNotPassed() throws Exception {
        ClientCertFilter filter = filter(headerParams(
                Map.of("denied-fingerprints", DenylistTest.opensslFingerprint(PKI.bob))));
        assertDenied(filter, proxied(PKI.alice, false), "certificate-not-passed");
    }

    @Test
    void denylistedCertificateIsDeniedEvenIfOtherwiseValid() throws Exception {
        Path crl = writePem(dir.resolve("root.crl"), crl(PKI.root));
        ClientCertFilter filter = filter(Map.of("trusted-ca", trustedCa.toString(), "crl", crl.toString(),
                "denied-fingerprints", DenylistTest.opensslFingerprint(PKI.alice).toLowerCase().replace(":", "")));
        assertDenied(filter, tls(PKI.alice), "denylisted");
    }

    // --- helpers

    private static Map<String, String> headerParams(Map<String, String> extra) {
        Map<String, String> params = new LinkedHashMap<>(extra);
        params.put("sources", "header");
        params.put("trusted-proxies", PROXY);
        return params;
    }

    private static ClientCertFilter filter(Map<String, String> params) {
        ClientCertFilter.Builder builder = ClientCertFilter.builder().allowedCns("alice, bob").rules("/* any");
        params.forEach(builder::initParameter);
        return builder.build();
    }

    /** Polls (at 50 ms steps) until the filter denies {@code client}, as a reload needs the next check. */
    private boolean deniedWithin(ClientCertFilter filter, HeldCertificate client, long millis) throws Exception {
        return statusWithin(filter, client, 403, millis);
    }

    /** Polls (at 50 ms steps) until the filter answers {@code client} with {@code status} (200: passed on). */
    private boolean statusWithin(ClientCertFilter filter, HeldCertificate client, int status, long millis)
            throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            HttpServletResponse response = response();
            FilterChain chain = mock(FilterChain.class);
            filter.doFilter(tls(client), response, chain);
            boolean passed = org.mockito.Mockito.mockingDetails(chain).getInvocations().size() > 0;
            if (status == 403 ? response.getStatus() == 403 : passed) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private void assertDenied(ClientCertFilter filter, HttpServletRequest request, String reason) throws Exception {
        FilterChain chain = mock(FilterChain.class);
        HttpServletResponse response = response();
        long before = log.count(Level.INFO, "reason=" + reason + " ");
        filter.doFilter(request, response, chain);
        verify(chain, never()).doFilter(any(), any());
        verify(response).setStatus(403);
        assertTrue(log.has(Level.INFO, "reason=" + reason + " "), "expected reason=" + reason + " in " + log);
        assertEquals(before + 1, log.count(Level.INFO, "reason=" + reason + " "),
                "this request's denial, not an earlier one, logs reason=" + reason + ": " + log);
    }

    private static void assertAllowed(ClientCertFilter filter, HttpServletRequest request) throws Exception {
        FilterChain chain = mock(FilterChain.class);
        HttpServletResponse response = response();
        filter.doFilter(request, response, chain);
        verify(chain).doFilter(any(), any());
        verify(response, never()).setStatus(403);
    }

    private static HttpServletResponse response() throws IOException {
        return ServletMocks.response(new ByteArrayOutputStream());
    }

    private static HttpServletRequest tls(HeldCertificate client) {
        return request("192.0.2.7", client);
    }

    /** nginx's headers: verify, DN and, when {@code withCertificate}, {@code $ssl_client_escaped_cert}. */
    private static HttpServletRequest proxied(HeldCertificate client, boolean withCertificate) {
        HttpServletRequest request = request(PROXY, null);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Client-Verify", "SUCCESS");
        headers.put("X-Client-Dn", client.certificate().getSubjectX500Principal().getName());
        if (withCertificate) {
            headers.put("X-Client-Cert", URLEncoder.encode(client.certificatePem(), StandardCharsets.UTF_8)
                    .replace("+", "%20"));
        }
        when(request.getHeaders(anyString())).thenAnswer(call -> {
            String value = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(call.getArgument(0)))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            return value == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(value));
        });
        when(request.getHeader(anyString())).thenAnswer(call -> headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(call.getArgument(0))).map(Map.Entry::getValue)
                .findFirst().orElse(null));
        return request;
    }

    /** {@link ServletMocks#request} for GET /app, from {@code remoteAddr}, with no headers unless stubbed. */
    private static HttpServletRequest request(String remoteAddr, HeldCertificate client) {
        HttpServletRequest request = ServletMocks.request("GET", "/app", client);
        when(request.getRemoteAddr()).thenReturn(remoteAddr);
        when(request.getHeaders(anyString())).thenReturn(Collections.emptyEnumeration());
        return request;
    }

    private static FilterConfig config(Map<String, String> params) {
        return ServletMocks.config(null, params);
    }
}
