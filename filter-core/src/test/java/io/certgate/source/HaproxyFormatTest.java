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
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.certgate.verdict.Denial;
import io.certgate.verdict.Identified;
import io.certgate.verdict.ReasonCode;
import io.certgate.verdict.Verdict;

/**
 * HAProxy with {@code http-request set-header X-SSL-Client-Cert %[ssl_c_der,base64]} and optionally
 * {@code http-request set-header X-SSL-Client-Verify %[ssl_c_verify]} (0 when verified, else OpenSSL's
 * X509_V_ERR code; 0 and an empty certificate when the client sent none), and, since HAProxy 2.3,
 * {@code http-request set-header X-SSL-Client-Chain %[ssl_c_chain_der,base64]}: the certificates the client
 * sent after its own (OpenSSL's {@code SSL_get_peer_cert_chain} on a server), their DER laid end to end, as
 * HAProxy's configuration manual describes {@code ssl_c_chain_der}
 * (https://docs.haproxy.org/2.8/configuration.html#7.3.4-ssl_c_chain_der) and the commit that added it
 * (https://www.mail-archive.com/haproxy@formilux.org/msg38121.html) shows.
 */
class HaproxyFormatTest {
    private static final String CERT = "X-SSL-Client-Cert";
    private static final String VERIFY = "X-SSL-Client-Verify";
    private static final String CHAIN = "X-SSL-Client-Chain";

    /** {@code %[ssl_c_chain_der,base64]}: the DER of each certificate, concatenated, then base64 on one line. */
    static String haproxyChain(X509Certificate... chain) {
        java.io.ByteArrayOutputStream der = new java.io.ByteArrayOutputStream();
        for (X509Certificate certificate : chain) {
            der.writeBytes(ProxyEncodings.der(certificate));
        }
        return Base64.getEncoder().encodeToString(der.toByteArray());
    }

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

    @Test
    void theChainHeaderGivesTheIntermediates() {
        X509Certificate dave = SourcePki.DAVE_UNDER_INTERMEDIATE.certificate();
        Identified present = assertPresent(read(ProxyRequest.fromProxy().header(VERIFY, "0")
                .header(CERT, ProxyEncodings.haproxyCert(dave))
                .header(CHAIN, haproxyChain(SourcePki.INTERMEDIATE.certificate()))));
        assertEquals("dave", present.identity().commonName());
        assertEquals(List.of(SourcePki.INTERMEDIATE.certificate()), present.intermediates());

        Identified both = assertPresent(read(ProxyRequest.fromProxy().header(CERT, ProxyEncodings.haproxyCert(dave))
                .header(CHAIN, haproxyChain(SourcePki.INTERMEDIATE.certificate(), SourcePki.ROOT.certificate()))));
        assertEquals(List.of(SourcePki.INTERMEDIATE.certificate(), SourcePki.ROOT.certificate()), both.intermediates());
    }

    @Test
    void theSameCertificateWithAnotherChainIsReadAgain() {
        String dave = ProxyEncodings.haproxyCert(SourcePki.DAVE_UNDER_INTERMEDIATE.certificate());
        assertEquals(List.of(), assertPresent(read(ProxyRequest.fromProxy().header(CERT, dave))).intermediates());
        assertEquals(List.of(SourcePki.INTERMEDIATE.certificate()), assertPresent(read(ProxyRequest.fromProxy()
                .header(CERT, dave).header(CHAIN, haproxyChain(SourcePki.INTERMEDIATE.certificate())))).intermediates());
        assertEquals(List.of(), assertPresent(read(ProxyRequest.fromProxy().header(CERT, dave).header(CHAIN, "")))
                .intermediates(), "an empty chain header: the client sent no intermediates");
    }

    @Test
    void aChainThatIsNotWholeDerCertificatesIsRejected() {
        String dave = ProxyEncodings.haproxyCert(SourcePki.DAVE_UNDER_INTERMEDIATE.certificate());
        byte[] intermediate = ProxyEncodings.der(SourcePki.INTERMEDIATE.certificate());
        byte[] longForm = {0x30, (byte) 0x84, 0, 0, 0, 1, 0};
        for (byte[] chain : new byte[][] {
            Arrays.copyOf(intermediate, intermediate.length - 1),             // truncated
            Arrays.copyOf(intermediate, intermediate.length + 1),             // a trailing byte
            "not DER".getBytes(StandardCharsets.US_ASCII),
            {0x30},                                                            // a tag without a length
            {0x30, (byte) 0x80, 0, 0},                                         // indefinite length
            longForm,                                                          // a four-byte length
            {0x30, 0x03, 0x02, 0x01, 0x00},                                    // a SEQUENCE, not a certificate
        }) {
            assertRejected(ReasonCode.MALFORMED_HEADER, read(ProxyRequest.fromProxy().header(CERT, dave)
                    .header(CHAIN, Base64.getEncoder().encodeToString(chain))));
        }
        assertRejected(ReasonCode.MALFORMED_HEADER, read(ProxyRequest.fromProxy().header(CERT, dave)
                .header(CHAIN, "*" + haproxyChain(SourcePki.INTERMEDIATE.certificate()))));
    }

    @Test
    void aChainOfMoreThanEightCertificatesIsRejected() {
        X509Certificate[] nine = new X509Certificate[9];
        Arrays.fill(nine, SourcePki.INTERMEDIATE.certificate());
        String dave = ProxyEncodings.haproxyCert(SourcePki.DAVE_UNDER_INTERMEDIATE.certificate());
        assertRejected(ReasonCode.MALFORMED_HEADER, read(ProxyRequest.fromProxy().header(CERT, dave)
                .header(CHAIN, haproxyChain(nine))));
        assertPresent(read(ProxyRequest.fromProxy().header(CERT, dave)
                .header(CHAIN, haproxyChain(Arrays.copyOf(nine, 8)))));
    }

    @Test
    void aChainWithoutACertificateIsRejected() {
        assertRejected(ReasonCode.MALFORMED_HEADER, read(ProxyRequest.fromProxy().header(VERIFY, "0")
                .header(CHAIN, haproxyChain(SourcePki.INTERMEDIATE.certificate()))));
    }

    @Test
    void theChainHeaderIsHiddenFromUntrustedPeersAndSentOnce() {
        assertTrue(haproxy.headerNames().contains(CHAIN));
        String chain = haproxyChain(SourcePki.INTERMEDIATE.certificate());
        assertRejected(ReasonCode.MALFORMED_HEADER, read(ProxyRequest.fromProxy()
                .header(CERT, ProxyEncodings.haproxyCert(SourcePki.DAVE_UNDER_INTERMEDIATE.certificate()))
                .header(CHAIN, chain).header(CHAIN, chain)));
    }

    @Test
    void withTrustedCaTheChainHeaderCompletesThePath() throws Exception {
        java.nio.file.Path root = java.nio.file.Files.createTempFile("haproxy-root", ".pem");
        try {
            java.nio.file.Files.writeString(root, ProxyEncodings.opensslPem(SourcePki.ROOT.certificate()));
            io.certgate.decision.Gate gate = io.certgate.decision.Gate.fromParameters(Map.of("sources", "header",
                    "trusted-proxies", ProxyRequest.PROXY, "proxy-format", "haproxy", "trusted-ca", root.toString(),
                    "rules", "/* any"), getClass().getClassLoader());
            String dave = ProxyEncodings.haproxyCert(SourcePki.DAVE_UNDER_INTERMEDIATE.certificate());
            assertEquals(ReasonCode.UNTRUSTED_ISSUER, ((Denial) decide(gate, ProxyRequest.fromProxy()
                    .header(CERT, dave))).reason());
            assertTrue(decide(gate, ProxyRequest.fromProxy().header(CERT, dave)
                    .header(CHAIN, haproxyChain(SourcePki.INTERMEDIATE.certificate()))) instanceof Identified);
        } finally {
            java.nio.file.Files.delete(root);
        }
    }

    private static Verdict decide(io.certgate.decision.Gate gate, ProxyRequest proxyRequest) {
        jakarta.servlet.http.HttpServletRequest request = proxyRequest.build();
        org.mockito.Mockito.when(request.getMethod()).thenReturn("GET");
        org.mockito.Mockito.when(request.getRequestURI()).thenReturn("/");
        org.mockito.Mockito.when(request.getContextPath()).thenReturn("");
        org.mockito.Mockito.when(request.getServletPath()).thenReturn("/");
        return gate.decide(request, io.certgate.servlet.ServletRequestReader.INSTANCE,
                gate.peerIsTrustedProxy(request, io.certgate.servlet.ServletRequestReader.INSTANCE));
    }
}
