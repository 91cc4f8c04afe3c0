package io.certgate.source;

import static io.certgate.source.ExtractionAssertions.assertAbsent;
import static io.certgate.source.ExtractionAssertions.assertPresent;
import static io.certgate.source.ExtractionAssertions.assertRejected;
import static io.certgate.source.ExtractionAssertions.extract;
import static io.certgate.source.ExtractionAssertions.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;

import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.certgate.servlet.ServletRequestReader;
import io.certgate.verdict.Denial;
import io.certgate.verdict.Identified;
import io.certgate.verdict.ReasonCode;
import io.certgate.verdict.Verdict;

/**
 * What every format shares: trust only in the configured proxy, and refusal (never an exception, never an
 * identity) of headers a proxy that overwrites its headers never sends.
 */
class HeaderSourceTest {
    /** A format, the headers its proxy sends for alice, and the header holding the certificate. */
    record Case(String format, Map<String, String> headers, String certificateHeader) {
        @Override
        public String toString() {
            return format;
        }

        ProxyRequest request(String remoteAddress) {
            ProxyRequest request = ProxyRequest.from(remoteAddress);
            headers.forEach(request::header);
            return request;
        }

        ProxyRequest requestWith(String header, String value) {
            ProxyRequest request = ProxyRequest.fromProxy();
            headers.forEach((name, v) -> request.header(name, name.equals(header) ? value : v));
            return request;
        }
    }

    static Stream<Case> formats() {
        X509Certificate alice = SourcePki.ALICE.certificate();
        Map<String, String> nginx = new LinkedHashMap<>();
        nginx.put("X-Client-Verify", "SUCCESS");
        nginx.put("X-Client-Dn", "CN=alice");
        nginx.put("X-Client-Cert", ProxyEncodings.nginxEscapedCert(alice));
        Map<String, String> apache = new LinkedHashMap<>();
        apache.put("SSL_CLIENT_VERIFY", "SUCCESS");
        apache.put("SSL_CLIENT_CERT", ProxyEncodings.apacheCert(alice));
        Map<String, String> haproxy = new LinkedHashMap<>();
        haproxy.put("X-SSL-Client-Verify", "0");
        haproxy.put("X-SSL-Client-Cert", ProxyEncodings.haproxyCert(alice));
        return Stream.of(
                new Case("nginx", nginx, "X-Client-Cert"),
                new Case("envoy", Map.of("x-forwarded-client-cert", "By=spiffe://mesh;Cert=\""
                        + ProxyEncodings.envoyCert(alice) + "\";Subject=\"CN=alice\";URI="), "x-forwarded-client-cert"),
                new Case("traefik", Map.of("X-Forwarded-Tls-Client-Cert", ProxyEncodings.traefikV2(alice)),
                        "X-Forwarded-Tls-Client-Cert"),
                new Case("apache", apache, "SSL_CLIENT_CERT"),
                new Case("haproxy", haproxy, "X-SSL-Client-Cert"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void validHeadersFromTheProxyGiveAlice(Case format) {
        Identified present = assertPresent(extract(source(format.format()),
                format.request(ProxyRequest.PROXY).build()));
        assertEquals("alice", present.identity().commonName());
        assertEquals(SourcePki.ALICE_SERIAL, present.identity().serialNumber());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void validHeadersFromAnUntrustedPeerAreAbsent(Case format) {
        HeaderSource source = source(format.format());
        for (String peer : new String[] {"127.0.0.1", "127.0.0.3", "10.0.0.2", "::1", "", "unknown", "127.0.0.2.evil"}) {
            assertAbsent(extract(source, format.request(peer).build()));
            assertFalse(source.trusts(format.request(peer).build(), ServletRequestReader.INSTANCE), peer);
        }
        assertTrue(source.trusts(format.request(ProxyRequest.PROXY).build(), ServletRequestReader.INSTANCE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void headersAreAbsentWhenThePeerAddressIsMissing(Case format) {
        assertAbsent(extract(source(format.format()), format.request(null).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void everyHeaderSentTwiceIsRejected(Case format) {
        HeaderSource source = source(format.format());
        for (String name : format.headers().keySet()) {
            ProxyRequest request = format.request(ProxyRequest.PROXY).header(name, format.headers().get(name));
            assertRejected(ReasonCode.MALFORMED_HEADER, extract(source, request.build()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void certificateHeaderSentTwiceWithDifferentCaseIsRejected(Case format) {
        ProxyRequest request = format.request(ProxyRequest.PROXY)
                .header(format.certificateHeader().toUpperCase(java.util.Locale.ROOT),
                        format.headers().get(format.certificateHeader()));
        assertRejected(ReasonCode.MALFORMED_HEADER, extract(source(format.format()), request.build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void headerLongerThan16KiBIsRejected(Case format) {
        String value = format.headers().get(format.certificateHeader());
        String padded = value + " ".repeat(ProxyHeaders.MAX_VALUE_LENGTH + 1 - value.length());
        assertEquals(16 * 1024 + 1, padded.length());
        assertRejected(ReasonCode.MALFORMED_HEADER, extract(source(format.format()),
                format.requestWith(format.certificateHeader(), padded).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void headerOfExactly16KiBIsNotRefusedForItsLength(Case format) {
        String value = format.headers().get(format.certificateHeader());
        // Trailing blanks are allowed in every encoding, so the padded value still holds alice's certificate;
        // Envoy's element ends with "URI=", where a blank would be part of the value, so pad before it.
        String padded = format.format().equals("envoy")
                ? value.replace(";URI=", " ".repeat(ProxyHeaders.MAX_VALUE_LENGTH - value.length()) + ";URI=")
                : value + " ".repeat(ProxyHeaders.MAX_VALUE_LENGTH - value.length());
        assertEquals(16 * 1024, padded.length());
        Verdict extraction = extract(source(format.format()), format.requestWith(format.certificateHeader(), padded)
                .build());
        if (extraction instanceof Denial rejected) {
            assertFalse(rejected.detail().contains("longer than"), rejected.detail());
        }
    }

    /** The formats whose certificate header is percent-encoded. */
    static Stream<Case> escapedFormats() {
        return formats().filter(c -> !c.format().equals("apache") && !c.format().equals("haproxy"));
    }

    private static String replaceAfterFirstPercent(String value, int offset, char replacement) {
        int percent = value.indexOf('%');
        assertTrue(percent >= 0, "the value must be percent-encoded: " + value);
        return value.substring(0, percent + offset) + replacement + value.substring(percent + offset + 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("escapedFormats")
    void badPercentEncodingIsRejected(Case format) {
        String value = format.headers().get(format.certificateHeader());
        assertRejected(ReasonCode.MALFORMED_HEADER, extract(source(format.format()),
                format.requestWith(format.certificateHeader(), replaceAfterFirstPercent(value, 2, 'G')).build()));
        assertRejected(ReasonCode.MALFORMED_HEADER, extract(source(format.format()),
                format.requestWith(format.certificateHeader(), replaceAfterFirstPercent(value, 1, '%')).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("escapedFormats")
    void percentSignAtTheEndIsRejected(Case format) {
        String value = format.headers().get(format.certificateHeader());
        String cut = format.format().equals("envoy") ? value.replace("\";Subject", "%\";Subject") : value + "%4";
        assertRejected(ReasonCode.MALFORMED_HEADER, extract(source(format.format()),
                format.requestWith(format.certificateHeader(), cut).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("escapedFormats")
    void fullwidthHexDigitsAreNotPercentEncoding(Case format) {
        String value = format.headers().get(format.certificateHeader());
        int percent = value.indexOf('%');
        char high = value.charAt(percent + 1);
        // FULLWIDTH DIGIT ZERO (U+FF10) and FULLWIDTH LATIN CAPITAL A (U+FF21) are hex digits to
        // Character.digit, but never part of a percent-escape.
        char fullwidth = high <= '9' ? (char) ('\uFF10' + (high - '0')) : (char) ('\uFF21' + (high - 'A'));
        assertRejected(ReasonCode.MALFORMED_HEADER, extract(source(format.format()),
                format.requestWith(format.certificateHeader(), replaceAfterFirstPercent(value, 1, fullwidth)).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void headerTheContainerCannotReadIsRejectedNotThrown(Case format) {
        // A container may throw while decoding header bytes; that is a malformed request, never a 500.
        HttpServletRequest request = format.request(ProxyRequest.PROXY).build();
        doThrow(new IllegalArgumentException("invalid header bytes")).when(request).getHeaders(anyString());
        Denial rejected = assertRejected(ReasonCode.MALFORMED_HEADER, extract(source(format.format()), request));
        assertEquals("unreadable: IllegalArgumentException", rejected.detail());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void garbageCertificateIsRejected(Case format) {
        String garbage = format.format().equals("envoy") ? "By=x;Cert=\"garbage\";Subject=\"CN=alice\"" : "garbage!";
        assertRejected(ReasonCode.MALFORMED_HEADER, extract(source(format.format()),
                format.requestWith(format.certificateHeader(), garbage).build()));
    }
}
