package io.certgate.source;

import static io.certgate.source.ExtractionAssertions.assertAbsent;
import static io.certgate.source.ExtractionAssertions.assertPresent;
import static io.certgate.source.ExtractionAssertions.assertRejected;
import static io.certgate.source.ExtractionAssertions.extract;
import static io.certgate.source.ExtractionAssertions.source;
import static io.certgate.source.ProxyEncodings.nginxEscapedCert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

import io.certgate.identity.DistinguishedName;
import io.certgate.pki.HeldCertificate;
import io.certgate.property.OpenSslRfc2253;
import io.certgate.verdict.Denial;
import io.certgate.verdict.Identified;
import io.certgate.verdict.ReasonCode;
import io.certgate.verdict.Verdict;

/**
 * nginx with {@code proxy_set_header X-Client-Verify $ssl_client_verify; X-Client-Dn $ssl_client_s_dn;
 * X-Client-Cert $ssl_client_escaped_cert;}. nginx sends an unset variable as an empty header value.
 */
class NginxFormatTest {
    private static final String VERIFY = "X-Client-Verify";
    private static final String DN = "X-Client-Dn";
    private static final String CERT = "X-Client-Cert";
    /** {@code $ssl_client_s_dn} of nginx 1.11.6 and later: RFC 2253 form. */
    private static final String CLIENT_NAME_RFC2253 = "CN=CLIENT NAME,O=CLIENT NAME,L=Orlando,ST=Florida,C=US";
    /** {@code $ssl_client_s_dn} before nginx 1.11.6, {@code $ssl_client_s_dn_legacy} since. */
    private static final String CLIENT_NAME_LEGACY = "/C=US/ST=Florida/L=Orlando/O=CLIENT NAME/CN=CLIENT NAME";

    private final HeaderSource nginx = source("nginx");

    private Verdict read(ProxyRequest request) {
        return extract(nginx, request.build());
    }

    @Test
    void escapedCertificateIsTheIdentity() {
        Identified present = assertPresent(read(ProxyRequest.fromProxy().header(VERIFY, "SUCCESS")
                .header(DN, "CN=alice").header(CERT, nginxEscapedCert(SourcePki.ALICE.certificate()))));
        assertEquals("alice", present.identity().commonName());
        assertEquals(SourcePki.ALICE_SERIAL, present.identity().serialNumber());
        assertEquals(SourcePki.ALICE.certificate(), present.identity().certificate());
        assertEquals(List.of(), present.intermediates());
    }

    @Test
    void escapedCertificateWithoutDnHeaderIsTheIdentity() {
        Identified present = assertPresent(read(ProxyRequest.fromProxy().header(VERIFY, "SUCCESS")
                .header(DN, "").header(CERT, nginxEscapedCert(SourcePki.CLIENT_NAME.certificate()))));
        assertEquals("CLIENT NAME", present.identity().commonName());
        assertEquals(List.of("Orlando"), present.identity().subject().values("L"));
    }

    @Test
    void rfc2253DnAloneIsTheIdentity() throws Exception {
        Identified present = assertPresent(read(ProxyRequest.fromProxy().header(VERIFY, "SUCCESS")
                .header(DN, CLIENT_NAME_RFC2253).header(CERT, "")));
        assertEquals("CLIENT NAME", present.identity().commonName());
        assertEquals(DistinguishedName.parse(CLIENT_NAME_RFC2253), present.identity().subject());
        assertNull(present.identity().certificate(), "a DN-only identity has no certificate");
        assertNull(present.identity().serialNumber());
    }

    @Test
    void legacyDnAloneIsTheIdentity() throws Exception {
        Identified present = assertPresent(read(ProxyRequest.fromProxy().header(VERIFY, "SUCCESS")
                .header(DN, CLIENT_NAME_LEGACY)));
        assertEquals("CLIENT NAME", present.identity().commonName());
        assertEquals(List.of("Florida"), present.identity().subject().values("ST"));
        assertEquals(DistinguishedName.parse(CLIENT_NAME_RFC2253), present.identity().subject(),
                "both nginx DN forms name the same subject");
    }

    @ParameterizedTest
    @ValueSource(strings = {CLIENT_NAME_RFC2253, CLIENT_NAME_LEGACY})
    void dnHeaderInEitherFormAgreesWithTheCertificate(String dn) {
        Identified present = assertPresent(read(ProxyRequest.fromProxy().header(VERIFY, "SUCCESS")
                .header(DN, dn).header(CERT, nginxEscapedCert(SourcePki.CLIENT_NAME.certificate()))));
        assertEquals("CLIENT NAME", present.identity().commonName());
    }

    @Test
    void utf8EscapesInTheDnAgreeWithTheCertificate() {
        // nginx prints non-ASCII bytes of $ssl_client_s_dn as \XX (OpenSSL's ASN1_STRFLGS_ESC_MSB).
        Identified present = assertPresent(read(ProxyRequest.fromProxy().header(VERIFY, "SUCCESS")
                .header(DN, "CN=Jos\\C3\\A9").header(CERT, nginxEscapedCert(SourcePki.JOSE.certificate()))));
        assertEquals("Jos\u00e9", present.identity().commonName());
    }

    @Test
    void escapedCommaInTheDnAgreesWithTheCertificate() {
        Identified present = assertPresent(read(ProxyRequest.fromProxy().header(VERIFY, "SUCCESS")
                .header(DN, "CN=carol,O=Acme\\, Inc.").header(CERT, nginxEscapedCert(SourcePki.ACME.certificate()))));
        assertEquals(List.of("Acme, Inc."), present.identity().subject().values("O"));
    }

    @Test
    void noneWithEmptyVariablesIsAbsent() {
        assertAbsent(read(ProxyRequest.fromProxy().header(VERIFY, "NONE").header(DN, "").header(CERT, "")));
    }

    @Test
    void noHeadersAtAllIsAbsent() {
        assertAbsent(read(ProxyRequest.fromProxy()));
    }

    @Test
    void failedVerificationIsRejectedWithNginxReason() {
        Denial rejected = assertRejected(ReasonCode.PROXY_VERIFY_FAILED, read(ProxyRequest.fromProxy()
                .header(VERIFY, "FAILED:certificate has expired").header(DN, "CN=alice")
                .header(CERT, nginxEscapedCert(SourcePki.ALICE.certificate()))));
        assertTrue(rejected.detail().contains("certificate has expired"), rejected.detail());
    }

    @Test
    void failedVerificationWithoutCertificateIsStillRejected() {
        assertRejected(ReasonCode.PROXY_VERIFY_FAILED, read(ProxyRequest.fromProxy()
                .header(VERIFY, "FAILED:unable to get local issuer certificate").header(DN, "").header(CERT, "")));
    }

    @ParameterizedTest(name = "verify \"{0}\"")
    @ValueSource(strings = {"success", "Success", "SUCCESS ", " SUCCESS", "SUCCESS\t", "OK", "", "FAILED", "GENEROUS",
            "SUCCESS,SUCCESS"})
    void verifyValueOtherThanExactlySuccessIsRejected(String verify) {
        assertRejected(ReasonCode.MALFORMED_HEADER, read(ProxyRequest.fromProxy().header(VERIFY, verify)
                .header(DN, "CN=alice").header(CERT, nginxEscapedCert(SourcePki.ALICE.certificate()))));
    }

    @Test
    void noneWithCertificateHeadersIsRejected() {
        assertRejected(ReasonCode.MALFORMED_HEADER, read(ProxyRequest.fromProxy().header(VERIFY, "NONE")
                .header(DN, "CN=alice")));
    }

    @Test
    void successWithoutDnOrCertificateIsRejected() {
        assertRejected(ReasonCode.MALFORMED_HEADER, read(ProxyRequest.fromProxy().header(VERIFY, "SUCCESS")
                .header(DN, "").header(CERT, "")));
        assertRejected(ReasonCode.MALFORMED_HEADER, read(ProxyRequest.fromProxy().header(VERIFY, "SUCCESS")));
    }

    @Test
    void dnHeaderNamingAnotherSubjectThanTheCertificateIsRejected() {
        assertRejected(ReasonCode.DN_MISMATCH, read(ProxyRequest.fromProxy().header(VERIFY, "SUCCESS")
                .header(DN, "CN=bob").header(CERT, nginxEscapedCert(SourcePki.ALICE.certificate()))));
    }

    /**
     * OpenSSL prints a multi-valued RDN in the reverse of its DER order (as it prints the RDNs), so nginx's
     * {@code $ssl_client_s_dn} for a {@code CN=alice+OU=ops} subject lists OU first: still the same subject.
     */
    @Test
    void dnHeaderListingAMultiValuedRdnInOpenSslOrderMatchesTheCertificate() {
        HeldCertificate certificate = HeldCertificate.builder().subject(new X500Name(new RDN[] {new RDN(
                new AttributeTypeAndValue[] {new AttributeTypeAndValue(BCStyle.CN, new DERUTF8String("alice")),
                        new AttributeTypeAndValue(BCStyle.OU, new DERUTF8String("ops"))})}))
                .clientAuth().signedBy(SourcePki.ROOT).build();
        String opensslOrder = OpenSslRfc2253.print(certificate.certificate().getSubjectX500Principal());
        Identified present = assertPresent(read(ProxyRequest.fromProxy().header(VERIFY, "SUCCESS")
                .header(DN, opensslOrder).header(CERT, nginxEscapedCert(certificate.certificate()))));
        assertEquals(List.of("alice"), present.identity().subject().values("CN"), opensslOrder);
    }

    @Test
    void dnHeaderWithAnExtraAttributeIsRejected() {
        assertRejected(ReasonCode.DN_MISMATCH, read(ProxyRequest.fromProxy().header(VERIFY, "SUCCESS")
                .header(DN, "CN=alice,O=Example").header(CERT, nginxEscapedCert(SourcePki.ALICE.certificate()))));
    }

    @ParameterizedTest(name = "DN \"{0}\"")
    @ValueSource(strings = {"alice", "CN=alice,", "=alice", "CN=alice,,O=x", "/CN", "CN=Jos\\C3", "CN=alice\\"})
    void dnThatDoesNotParseIsRejected(String dn) {
        assertRejected(ReasonCode.MALFORMED_DN, read(ProxyRequest.fromProxy().header(VERIFY, "SUCCESS").header(DN, dn)));
    }

    @Test
    void dnThatDoesNotParseIsRejectedEvenWithACertificate() {
        assertRejected(ReasonCode.MALFORMED_DN, read(ProxyRequest.fromProxy().header(VERIFY, "SUCCESS")
                .header(DN, "CN=alice,").header(CERT, nginxEscapedCert(SourcePki.ALICE.certificate()))));
    }

    @Test
    void certificateWhoseSubjectCannotBeReadIsRejectedNotTaken() {
        // A real certificate, signed by the CA, whose subject has more attributes than CertGate reads.
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        for (int i = 0; i <= DistinguishedName.MAX_ATTRIBUTES; i++) {
            subject.addRDN(BCStyle.OU, "unit" + i);
        }
        HeldCertificate crowded = HeldCertificate.builder().subject(subject.addRDN(BCStyle.CN, "alice").build())
                .clientAuth().signedBy(SourcePki.ROOT).build();
        ProxyRequest request = ProxyRequest.fromProxy().header(VERIFY, "SUCCESS")
                .header(CERT, nginxEscapedCert(crowded.certificate()));
        for (int i = 0; i < 2; i++) {
            Denial rejected = assertRejected(ReasonCode.MALFORMED_DN, read(request));
            assertTrue(rejected.detail().startsWith("certificate subject:"), rejected.detail());
        }
    }

    @Test
    void certificateHeadersWithoutVerifyHeaderAreRejected() {
        assertRejected(ReasonCode.MALFORMED_HEADER, read(ProxyRequest.fromProxy().header(DN, "CN=alice")));
        assertRejected(ReasonCode.MALFORMED_HEADER, read(ProxyRequest.fromProxy()
                .header(CERT, nginxEscapedCert(SourcePki.ALICE.certificate()))));
    }

    @Test
    void unescapedPemIsAcceptedBecausePercentDecodingIsANoOpOnIt() {
        // $ssl_client_raw_cert cannot be sent in a header (it has LFs); what arrives after a proxy folded it to
        // spaces still reads as a PEM.
        String folded = ProxyEncodings.opensslPem(SourcePki.ALICE.certificate()).replace('\n', ' ').strip();
        assertEquals("alice", assertPresent(read(ProxyRequest.fromProxy().header(VERIFY, "SUCCESS")
                .header(CERT, folded))).identity().commonName());
    }

    @Test
    void configuredHeaderNamesAreRead() {
        HeaderSource custom = source("nginx", "header.verify", "SSL-Client-Verify", "header.dn", "SSL-Client-S-DN",
                "header.cert", "SSL-Client-Cert");
        Identified present = assertPresent(extract(custom, ProxyRequest.fromProxy()
                .header("SSL-Client-Verify", "SUCCESS").header("SSL-Client-S-DN", "CN=bob").build()));
        assertEquals("bob", present.identity().commonName());
        assertAbsent(extract(custom, ProxyRequest.fromProxy().header(VERIFY, "SUCCESS").header(DN, "CN=bob").build()));
    }
}
