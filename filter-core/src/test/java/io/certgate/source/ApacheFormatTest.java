package io.certgate.source;

import static io.certgate.source.ExtractionAssertions.assertAbsent;
import static io.certgate.source.ExtractionAssertions.assertPresent;
import static io.certgate.source.ExtractionAssertions.assertRejected;
import static io.certgate.source.ExtractionAssertions.extract;
import static io.certgate.source.ExtractionAssertions.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.certgate.verdict.Denial;
import io.certgate.verdict.Identified;
import io.certgate.verdict.ReasonCode;
import io.certgate.verdict.Verdict;

/**
 * Apache httpd with {@code RequestHeader set SSL_CLIENT_CERT "%{SSL_CLIENT_CERT}s"} and optionally
 * {@code RequestHeader set SSL_CLIENT_VERIFY "%{SSL_CLIENT_VERIFY}s"}: mod_headers turns the PEM's line
 * breaks into spaces, and prints {@code (null)} for a variable that is not set.
 */
class ApacheFormatTest {
    private static final String CERT = "SSL_CLIENT_CERT";
    private static final String VERIFY = "SSL_CLIENT_VERIFY";

    private final HeaderSource apache = source("apache");

    private Verdict read(ProxyRequest request) {
        return extract(apache, request.build());
    }

    @Test
    void pemWithSpacesForLineBreaksIsTheIdentity() {
        String value = ProxyEncodings.apacheCert(SourcePki.ALICE.certificate());
        assertTrue(value.startsWith("-----BEGIN CERTIFICATE----- MII"), value);
        Identified present = assertPresent(read(ProxyRequest.fromProxy().header(CERT, value)));
        assertEquals("alice", present.identity().commonName());
        assertEquals(SourcePki.ALICE_SERIAL, present.identity().serialNumber());
    }

    @Test
    void trailingSpaceIsTolerated() {
        String value = ProxyEncodings.opensslPem(SourcePki.ALICE.certificate()).replace('\n', ' ');
        assertEquals("alice", assertPresent(read(ProxyRequest.fromProxy().header(CERT, value))).identity().commonName());
    }

    @Test
    void successVerifyWithCertificateIsTheIdentity() {
        Identified present = assertPresent(read(ProxyRequest.fromProxy().header(VERIFY, "SUCCESS")
                .header(CERT, ProxyEncodings.apacheCert(SourcePki.CLIENT_NAME.certificate()))));
        assertEquals("CLIENT NAME", present.identity().commonName());
    }

    @Test
    void nullMeansNoCertificate() {
        assertAbsent(read(ProxyRequest.fromProxy().header(CERT, "(null)")));
        assertAbsent(read(ProxyRequest.fromProxy().header(CERT, "(null)").header(VERIFY, "NONE")));
        assertAbsent(read(ProxyRequest.fromProxy()));
    }

    @Test
    void failedVerifyIsRejected() {
        Denial rejected = assertRejected(ReasonCode.PROXY_VERIFY_FAILED, read(ProxyRequest.fromProxy()
                .header(VERIFY, "FAILED:certificate has expired")
                .header(CERT, ProxyEncodings.apacheCert(SourcePki.ALICE.certificate()))));
        assertTrue(rejected.detail().contains("expired"), rejected.detail());
    }

    @ParameterizedTest(name = "verify \"{0}\"")
    @ValueSource(strings = {"GENEROUS", "success", "SUCCESS ", "(null)"})
    void verifyOtherThanSuccessWithCertificateIsRejected(String verify) {
        assertRejected(ReasonCode.MALFORMED_HEADER, read(ProxyRequest.fromProxy().header(VERIFY, verify)
                .header(CERT, ProxyEncodings.apacheCert(SourcePki.ALICE.certificate()))));
    }

    @Test
    void noneWithCertificateIsRejected() {
        assertRejected(ReasonCode.MALFORMED_HEADER, read(ProxyRequest.fromProxy().header(VERIFY, "NONE")
                .header(CERT, ProxyEncodings.apacheCert(SourcePki.ALICE.certificate()))));
    }

    @Test
    void pemWithTrailingJunkIsRejected() {
        assertRejected(ReasonCode.MALFORMED_HEADER, read(ProxyRequest.fromProxy()
                .header(CERT, ProxyEncodings.apacheCert(SourcePki.ALICE.certificate()) + " junk")));
    }

    @Test
    void pemWithLeadingJunkIsRejected() {
        assertRejected(ReasonCode.MALFORMED_HEADER, read(ProxyRequest.fromProxy()
                .header(CERT, "junk " + ProxyEncodings.apacheCert(SourcePki.ALICE.certificate()))));
    }

    @Test
    void twoCertificatesAreRejected() {
        assertRejected(ReasonCode.MALFORMED_HEADER, read(ProxyRequest.fromProxy()
                .header(CERT, ProxyEncodings.apacheCert(SourcePki.ALICE.certificate()) + " "
                        + ProxyEncodings.apacheCert(SourcePki.BOB.certificate()))));
    }

    @Test
    void truncatedPemIsRejected() {
        String pem = ProxyEncodings.apacheCert(SourcePki.ALICE.certificate());
        String body = pem.substring("-----BEGIN CERTIFICATE----- ".length(), pem.length() / 2);
        assertRejected(ReasonCode.MALFORMED_HEADER, read(ProxyRequest.fromProxy()
                .header(CERT, "-----BEGIN CERTIFICATE----- " + body + " -----END CERTIFICATE-----")));
    }

    @Test
    void emptyPemIsRejected() {
        assertRejected(ReasonCode.MALFORMED_HEADER, read(ProxyRequest.fromProxy()
                .header(CERT, "-----BEGIN CERTIFICATE----- -----END CERTIFICATE-----")));
    }
}
