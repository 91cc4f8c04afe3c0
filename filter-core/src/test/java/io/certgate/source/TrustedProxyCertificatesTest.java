package io.certgate.source;

import static io.certgate.source.ExtractionAssertions.assertAbsent;
import static io.certgate.source.ExtractionAssertions.assertPresent;
import static io.certgate.source.ExtractionAssertions.assertRejected;
import static io.certgate.source.ExtractionAssertions.extract;
import static io.certgate.source.ExtractionAssertions.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.certgate.config.ConfigException;
import io.certgate.decision.Gate;
import io.certgate.servlet.ServletRequestReader;
import io.certgate.verdict.Denial;
import io.certgate.verdict.Identified;
import io.certgate.verdict.ReasonCode;
import io.certgate.verdict.Verdict;

/**
 * {@code trusted-proxy-certs}: the forms it accepts and refuses, and that headers count only from a trusted
 * address that also presented the proxy's certificate over TLS.
 */
class TrustedProxyCertificatesTest {
    private static final X509Certificate PROXY = SourcePki.PROXY.certificate();
    private static final X509Certificate ALICE = SourcePki.ALICE.certificate();

    /** {@code sha256sum} of the DER: lower case, no colons. */
    static String sha256sum(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** {@code openssl x509 -noout -fingerprint -sha256}: upper case, colon-separated, after {@code sha256 Fingerprint=}. */
    static String opensslColons(X509Certificate certificate) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(HexFormat.of().parseHex(sha256sum(certificate)));
    }

    static Stream<String> acceptedFormsOfTheProxyCertificate() {
        String plain = sha256sum(PROXY);
        String colons = opensslColons(PROXY);
        return Stream.of(
                plain,
                plain.toUpperCase(Locale.ROOT),
                colons,
                colons.toLowerCase(Locale.ROOT),
                "sha256 Fingerprint=" + colons,             // OpenSSL 3
                "SHA256 Fingerprint=" + colons,             // OpenSSL 1.1
                "  " + colons + "  ",
                "CN=proxy,O=Example",
                "CN=proxy, O=Example",
                "/O=Example/CN=proxy",
                sha256sum(ALICE) + "; " + colons,
                "CN=other; CN=proxy,O=Example",
                "CN=proxy,O=Example;\n" + sha256sum(ALICE));
    }

    @ParameterizedTest(name = "trusted-proxy-certs={0}")
    @MethodSource("acceptedFormsOfTheProxyCertificate")
    void everyAcceptedFormRecognisesTheProxyAndOnlyIt(String entries) {
        TrustedProxyCertificates certificates = TrustedProxyCertificates.parse(entries);
        assertTrue(certificates.presentedBy(new X509Certificate[] {PROXY}), entries);
        assertTrue(certificates.presentedBy(new X509Certificate[] {PROXY, SourcePki.ROOT.certificate()}), entries);
        assertFalse(certificates.presentedBy(new X509Certificate[] {SourcePki.BOB.certificate()}), entries);
        assertFalse(certificates.presentedBy(new X509Certificate[] {SourcePki.ROOT.certificate(), PROXY}),
                "only the peer's own certificate, first in the chain, counts");
        assertFalse(certificates.presentedBy(null));
        assertFalse(certificates.presentedBy(new X509Certificate[0]));
        assertFalse(certificates.presentedBy(new X509Certificate[] {null}));
        assertFalse(certificates.presentedBy("not a chain"));
    }

    @Test
    void aFingerprintNamesOneCertificateNotItsSubject() {
        // Another certificate for the same subject (re-issued, or from any CA the container trusts).
        X509Certificate sameName = io.certgate.pki.HeldCertificate.builder()
                .subject(SourcePki.PROXY_SUBJECT).clientAuth()
                .signedBy(SourcePki.ROOT).build().certificate();
        assertFalse(TrustedProxyCertificates.parse(sha256sum(PROXY)).presentedBy(new X509Certificate[] {sameName}));
        assertTrue(TrustedProxyCertificates.parse("CN=proxy,O=Example").presentedBy(new X509Certificate[] {sameName}));
    }

    @Test
    void aDnIsComparedAttributeByAttributeNeverAsText() {
        for (String other : new String[] {"CN=proxy", "CN=Proxy,O=Example", "CN=proxy,O=Example,C=US",
                "O=Example,CN=proxy", "CN=proxy+O=Example", "CN=proxy\\,O=Example"}) {
            assertFalse(TrustedProxyCertificates.parse(other).presentedBy(new X509Certificate[] {PROXY}), other);
        }
    }

    @ParameterizedTest(name = "trusted-proxy-certs={0} ({1})")
    @CsvSource(delimiter = '|', value = {
        "abc                          | neither a SHA-256 fingerprint",
        "'                           '| is empty",
        "'CN=proxy;;CN=other'         | empty entry",
        "'CN=proxy;'                  | empty entry",
        "';CN=proxy'                  | empty entry",
        "proxy.example.com            | neither a SHA-256 fingerprint",
        "CN                           | neither a SHA-256 fingerprint",
        "sha256 Fingerprint=          | neither a SHA-256 fingerprint",
        "sha1 Fingerprint=AB:CD       | does not parse",
        "'CN=proxy\\'                 | does not parse",
        "'CN=a;b=c\\'                 | does not parse",
        "=proxy                       | does not parse",
    })
    void badEntriesAreRefusedQuotingThem(String entries, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrustedProxyCertificates.parse(entries));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    static Stream<String> badFingerprints() {
        String plain = sha256sum(PROXY);
        String colons = opensslColons(PROXY);
        return Stream.of(
                plain.substring(1),                                     // 63 digits
                plain + "0",                                            // 65 digits
                plain.substring(0, 63) + "g",                           // not hex
                plain.substring(0, 63) + "\uff10",                      // a fullwidth digit
                colons.substring(3),                                    // 31 pairs
                colons.replaceFirst(":", ""),                           // colons not between every pair
                colons.substring(0, 2) + ":" + colons.substring(2).replace(":", ""),
                colons.replace(":", "::"),
                colons.replace(":", " "),
                ":" + colons,
                colons + ":",
                colons.replace(":", "-"),
                "0x" + plain,
                "sha256:" + plain);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFingerprints")
    void malformedFingerprintsAreRefused(String entry) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrustedProxyCertificates.parse(entry));
        assertTrue(e.getMessage().contains("\"" + entry.strip() + "\""), "quotes the entry: " + e.getMessage());
    }

    @Test
    void initFailsNamingTrustedProxyCertsForABadEntry() {
        ConfigException e = assertThrows(ConfigException.class, () -> HeaderSourceConfig.from(Map.of(
                "trusted-proxies", "127.0.0.2", "trusted-proxy-certs", "AB:CD")));
        assertEquals("trusted-proxy-certs", e.parameter());
    }

    @Test
    void initFailsNamingTrustedProxyCertsWithoutTrustedProxies() {
        ConfigException e = assertThrows(ConfigException.class, () -> HeaderSourceConfig.from(Map.of(
                "trusted-proxy-certs", sha256sum(PROXY))));
        assertEquals("trusted-proxy-certs", e.parameter());
        assertTrue(e.getMessage().contains("trusted-proxies"), e.getMessage());
    }

    @Test
    void initFailsNamingTrustedProxyCertsWithoutTheHeaderSource() {
        for (String sources : new String[] {null, "tls"}) {
            Map<String, String> parameters = new java.util.HashMap<>(Map.of("trusted-proxy-certs", sha256sum(PROXY)));
            if (sources != null) {
                parameters.put("sources", sources);
            }
            ConfigException e = assertThrows(ConfigException.class,
                    () -> Gate.fromParameters(parameters, getClass().getClassLoader()));
            assertEquals("trusted-proxy-certs", e.parameter());
            assertTrue(e.getMessage().contains("header"), e.getMessage());
        }
    }

    private static HeaderSource nginxTrusting(String proxyCertificates) {
        return source("nginx", "trusted-proxy-certs", proxyCertificates);
    }

    private static ProxyRequest aliceHeaders(String remoteAddress) {
        return ProxyRequest.from(remoteAddress)
                .header("X-Client-Verify", "SUCCESS")
                .header("X-Client-Cert", ProxyEncodings.nginxEscapedCert(ALICE));
    }

    @Test
    void headersCountFromTheProxyAddressWithTheProxyCertificate() {
        HeaderSource source = nginxTrusting(opensslColons(PROXY));
        HttpServletRequest request = aliceHeaders(ProxyRequest.PROXY).tls(PROXY).build();
        assertTrue(source.trusts(request, ServletRequestReader.INSTANCE));
        assertEquals("alice", assertPresent(extract(source, request)).identity().commonName());
    }

    @Test
    void headersFromTheProxyAddressWithoutTheProxyCertificateAreDenied() {
        HeaderSource source = nginxTrusting(opensslColons(PROXY) + "; CN=proxy,O=Example");
        for (X509Certificate[] presented : new X509Certificate[][] {null, {ALICE}, {SourcePki.BOB.certificate(), PROXY}}) {
            HttpServletRequest request = aliceHeaders(ProxyRequest.PROXY).tls(presented).build();
            assertFalse(source.trusts(request, ServletRequestReader.INSTANCE), "the headers are hidden from the app");
            Denial denial = assertRejected(ReasonCode.UNVERIFIED_PROXY, extract(source, request));
            assertTrue(denial.detail().contains("trusted-proxy-certs"), denial.detail());
        }
        // Any one of the headers is enough to be refused: a forger need not send them all.
        assertRejected(ReasonCode.UNVERIFIED_PROXY, extract(source,
                ProxyRequest.fromProxy().header("X-Client-Dn", "CN=alice").build()));
        assertRejected(ReasonCode.UNVERIFIED_PROXY, extract(source,
                ProxyRequest.fromProxy().header("x-client-verify", "").build()));
    }

    @Test
    void withoutCertificateHeadersOrFromElsewhereNothingIsDenied() {
        HeaderSource source = nginxTrusting(sha256sum(PROXY));
        // A request without certificate headers from the proxy's address: no client certificate, not an attack.
        assertAbsent(extract(source, ProxyRequest.fromProxy().build()));
        // From an untrusted address, headers are ignored and hidden, as without trusted-proxy-certs.
        assertAbsent(extract(source, aliceHeaders("127.0.0.9").build()));
        assertAbsent(extract(source, aliceHeaders("127.0.0.9").tls(PROXY).build()));
        assertFalse(source.trusts(aliceHeaders("127.0.0.9").tls(PROXY).build(), ServletRequestReader.INSTANCE),
                "the proxy's certificate from an address outside trusted-proxies is not the proxy");
    }

    @Test
    void withoutTrustedProxyCertsTheAddressAloneStillDecides() {
        HeaderSource source = source("nginx");
        assertEquals("alice", assertPresent(extract(source, aliceHeaders(ProxyRequest.PROXY).build()))
                .identity().commonName());
    }

    private static Gate gate(String... extra) {
        Map<String, String> parameters = new java.util.HashMap<>(Map.of("sources", "tls,header",
                "trusted-proxies", ProxyRequest.PROXY, "allowed-cns", "alice"));
        for (int i = 0; i < extra.length; i += 2) {
            parameters.put(extra[i], extra[i + 1]);
        }
        try {
            return Gate.fromParameters(parameters, TrustedProxyCertificatesTest.class.getClassLoader());
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
    }

    private static Verdict decide(Gate gate, HttpServletRequest request) {
        when(request.getMethod()).thenReturn("GET");
        when(request.getRequestURI()).thenReturn("/");
        when(request.getContextPath()).thenReturn("");
        when(request.getServletPath()).thenReturn("/");
        return gate.decide(request, ServletRequestReader.INSTANCE, gate.peerIsTrustedProxy(request,
                ServletRequestReader.INSTANCE));
    }

    private static <T> org.mockito.stubbing.OngoingStubbing<T> when(T call) {
        return org.mockito.Mockito.when(call);
    }

    @Test
    void tlsThenHeaderNoLongerTakesTheProxyCertificateAsTheClients() {
        Gate gate = gate("trusted-proxy-certs", sha256sum(PROXY));
        Verdict verdict = decide(gate, aliceHeaders(ProxyRequest.PROXY).tls(PROXY).build());
        Identified alice = (Identified) verdict;
        assertEquals("alice", alice.identity().commonName());
        assertEquals("header", alice.source());
    }

    @Test
    void withoutTrustedProxyCertsTlsThenHeaderTakesTheProxyCertificate() {
        // The pitfall trusted-proxy-certs removes: the first source that finds a certificate wins.
        Verdict verdict = decide(gate(), aliceHeaders(ProxyRequest.PROXY).tls(PROXY).build());
        Denial denial = (Denial) verdict;
        assertEquals(ReasonCode.CN_NOT_ALLOWED, denial.reason());
        assertEquals("proxy", denial.presented().identity().commonName());
    }

    @Test
    void theProxyCertificateIsNeverAClientIdentity() {
        Gate gate = gate("trusted-proxy-certs", "CN=proxy,O=Example");
        // The proxy's certificate from an address outside trusted-proxies: not a client, not the proxy.
        Verdict verdict = decide(gate, ProxyRequest.from("127.0.0.9").tls(PROXY).build());
        assertEquals(ReasonCode.NO_CERTIFICATE, ((Denial) verdict).reason());
        // A client's own certificate over TLS is still the client's.
        Identified alice = (Identified) decide(gate, ProxyRequest.from("127.0.0.9").tls(ALICE).build());
        assertEquals("tls", alice.source());
        assertSame(ALICE, alice.identity().certificate());
    }
}
