package io.certgate.source;

import static io.certgate.source.ExtractionAssertions.assertAbsent;
import static io.certgate.source.ExtractionAssertions.assertPresent;
import static io.certgate.source.ExtractionAssertions.assertRejected;
import static io.certgate.source.ExtractionAssertions.extract;
import static io.certgate.source.ExtractionAssertions.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.certgate.verdict.Denial;
import io.certgate.verdict.Identified;
import io.certgate.verdict.ReasonCode;
import io.certgate.verdict.Verdict;

/**
 * HAProxy with {@code http-request set-header X-SSL-Client-Cert %[ssl_c_der,base64]} and optionally
 * {@code http-request set-header X-SSL-Client-Verify %[ssl_c_verify]} (0 when verified, else OpenSSL's
 * X509_V_ERR code; 0 and an empty certificate when the client sent none).
 */
class HaproxyFormatTest {
    private static final String CERT = "X-SSL-Client-Cert";
    private static final String VERIFY = "X-SSL-Client-Verify";

    private final HeaderSource haproxy = source("haproxy");

    private Verdict read(ProxyRequest request) {
        return extract(haproxy, request.build());
    }

    @Test
    void base64DerIsTheIdentity() {
        Identified present = assertPresent(read(ProxyRequest.fromProxy()
                .header(CERT, ProxyEncodings.haproxyCert(SourcePki.ALICE.certificate()))));
        assertEquals("alice", present.identity().commonName());
        assertEquals(SourcePki.ALICE_SERIAL, present.identity().serialNumber());
        assertEquals(SourcePki.ALICE.certificate(), present.identity().certificate());
    }

    @Test
    void verifiedZeroWithCertificateIsTheIdentity() {
        Identified present = assertPresent(read(ProxyRequest.fromProxy().header(VERIFY, "0")
                .header(CERT, ProxyEncodings.haproxyCert(SourcePki.CLIENT_NAME.certificate()))));
        assertEquals("CLIENT NAME", present.identity().commonName());
    }

    @Test
    void noClientCertificateIsAbsent() {
        assertAbsent(read(ProxyRequest.fromProxy().header(VERIFY, "0").header(CERT, "")));
        assertAbsent(read(ProxyRequest.fromProxy()));
    }

    @Test
    void nonZeroVerifyIsRejected() {
        // 10 is X509_V_ERR_CERT_HAS_EXPIRED.
        Denial rejected = assertRejected(ReasonCode.PROXY_VERIFY_FAILED, read(ProxyRequest.fromProxy()
                .header(VERIFY, "10").header(CERT, ProxyEncodings.haproxyCert(SourcePki.ALICE.certificate()))));
        assertTrue(rejected.detail().contains("10"), rejected.detail());
    }

    @Test
    void verifyThatIsNotANumberIsRejected() {
        assertRejected(ReasonCode.PROXY_VERIFY_FAILED, read(ProxyRequest.fromProxy().header(VERIFY, "SUCCESS")
                .header(CERT, ProxyEncodings.haproxyCert(SourcePki.ALICE.certificate()))));
    }

    @Test
    void truncatedDerIsRejected() {
        byte[] der = ProxyEncodings.der(SourcePki.ALICE.certificate());
        String truncated = Base64.getEncoder().encodeToString(Arrays.copyOf(der, der.length - 10));
        assertRejected(ReasonCode.MALFORMED_HEADER, read(ProxyRequest.fromProxy().header(CERT, truncated)));
    }

    @Test
    void derWithTrailingBytesIsRejected() {
        byte[] der = ProxyEncodings.der(SourcePki.ALICE.certificate());
        byte[] longer = Arrays.copyOf(der, der.length + 2);
        assertRejected(ReasonCode.MALFORMED_HEADER, read(ProxyRequest.fromProxy()
                .header(CERT, Base64.getEncoder().encodeToString(longer))));
    }

    @Test
    void base64OfGarbageIsRejected() {
        assertRejected(ReasonCode.MALFORMED_HEADER, read(ProxyRequest.fromProxy()
                .header(CERT, Base64.getEncoder().encodeToString("not a certificate".getBytes(StandardCharsets.US_ASCII)))));
    }

    @Test
    void base64OfAPemTextIsNotDer() {
        String pem = "junk\n" + ProxyEncodings.opensslPem(SourcePki.ALICE.certificate());
        assertRejected(ReasonCode.MALFORMED_HEADER, read(ProxyRequest.fromProxy()
                .header(CERT, Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII)))));
    }

    @Test
    void nonBase64CharactersAreRejected() {
        String value = ProxyEncodings.haproxyCert(SourcePki.ALICE.certificate());
        assertRejected(ReasonCode.MALFORMED_HEADER, read(ProxyRequest.fromProxy()
                .header(CERT, value.substring(0, 20) + "*" + value.substring(20))));
        assertRejected(ReasonCode.MALFORMED_HEADER, read(ProxyRequest.fromProxy()
                .header(CERT, Base64.getUrlEncoder().encodeToString(ProxyEncodings.der(SourcePki.ALICE.certificate()))
                        .replace('+', '-').replace('/', '_') + "-_")));
    }
}
