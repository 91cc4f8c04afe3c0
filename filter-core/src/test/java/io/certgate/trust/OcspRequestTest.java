package io.certgate.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.certgate.pki.HeldCertificate;

/** The OCSP request CertGate sends, read back by Bouncy Castle, and the responder URL it finds. */
class OcspRequestTest {
    private static final HeldCertificate CA = HeldCertificate.builder().commonName("OCSP Request CA")
            .certificateAuthority(0).build();

    @Test
    void requestAsksAboutTheCertificateWithTheCertIdBouncyCastleComputes() throws Exception {
        HeldCertificate client = HeldCertificate.builder().commonName("alice").clientAuth()
                .ocspResponderUrl("http://127.0.0.1:1/ocsp").signedBy(CA).build();
        OCSPReq request = new OCSPReq(OcspRequest.encode(client.certificate(), CA.certificate()));
        Req[] questions = request.getRequestList();
        assertEquals(1, questions.length);
        CertificateID expected = new CertificateID(
                new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(CA.certificate()), client.certificate().getSerialNumber());
        assertEquals(expected, questions[0].getCertID());
        assertNull(request.getExtension(org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers.id_pkix_ocsp_nonce));
    }

    @Test
    void responderUrlIsReadFromAuthorityInformationAccess() {
        HeldCertificate client = HeldCertificate.builder().commonName("alice").clientAuth()
                .ocspResponderUrl("http://ocsp.example.org/q").signedBy(CA).build();
        assertEquals("http://ocsp.example.org/q", OcspRequest.responderUrl(client.certificate()));
    }

    @Test
    void certificateWithoutAuthorityInformationAccessNamesNoResponder() {
        HeldCertificate client = HeldCertificate.builder().commonName("alice").clientAuth().signedBy(CA).build();
        assertNull(OcspRequest.responderUrl(client.certificate()));
    }

    @Test
    void longContentsGetALongFormLength() {
        byte[] content = new byte[300];
        byte[] element = OcspRequest.tlv(0x04, content);
        assertArrayEquals(new byte[] {0x04, (byte) 0x82, 0x01, 0x2C}, java.util.Arrays.copyOf(element, 4));
        assertEquals(304, element.length);
        OcspRequest.Element read = OcspRequest.Element.read(element, 0, element.length);
        assertEquals(300, read.contents().length);
    }

    @Test
    void malformedDerIsRefusedNotReadPastItsEnd() {
        byte[] cutShort = {0x30, 0x05, 0x04, 0x01};
        assertThrows(IllegalArgumentException.class, () -> OcspRequest.Element.read(cutShort, 0, cutShort.length));
        byte[] indefinite = {0x30, (byte) 0x80, 0x00, 0x00};
        assertThrows(IllegalArgumentException.class, () -> OcspRequest.Element.read(indefinite, 0, indefinite.length));
        byte[] childTooLong = {0x30, 0x02, 0x04, 0x05};
        assertThrows(IllegalArgumentException.class,
                () -> OcspRequest.Element.read(childTooLong, 0, childTooLong.length).children());
    }

    @Test
    void responderUrlSkipsCaIssuersAndNonHttpLocations() throws Exception {
        X509Certificate certificate = withAia(
                new AccessDescription(AccessDescription.id_ad_caIssuers, uri("http://ca.example.org/ca.crt")),
                new AccessDescription(AccessDescription.id_ad_ocsp, uri("ldap://ocsp.example.org/q")),
                new AccessDescription(AccessDescription.id_ad_ocsp,
                        new GeneralName(GeneralName.dNSName, "http://ocsp.example.org/dns")),
                new AccessDescription(AccessDescription.id_ad_ocsp, uri("https://ocsp.example.org/q")),
                new AccessDescription(AccessDescription.id_ad_ocsp, uri("http://ocsp.example.org/second")));
        assertEquals("https://ocsp.example.org/q", OcspRequest.responderUrl(certificate));
    }

    @Test
    void authorityInformationAccessWithOnlyCaIssuersNamesNoResponder() throws Exception {
        X509Certificate certificate = withAia(
                new AccessDescription(AccessDescription.id_ad_caIssuers, uri("http://ca.example.org/ca.crt")));
        assertNull(OcspRequest.responderUrl(certificate));
    }

    @Test
    void responderUrlMustBeHttpOrHttps() throws Exception {
        assertNull(OcspRequest.responderUrl(
                withAia(new AccessDescription(AccessDescription.id_ad_ocsp, uri("ftp://ocsp.example.org/q")))));
        assertEquals("http://ocsp.example.org/q", OcspRequest.responderUrl(
                withAia(new AccessDescription(AccessDescription.id_ad_ocsp, uri("http://ocsp.example.org/q")))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "a SET where the SEQUENCE belongs,             31 00,             tag 0x31 where 0x30",
        "something after the SEQUENCE,                  30 00 30 00,       data after the element",
        "an access description that is not a SEQUENCE, 30 02 04 00,       tag 0x4 where 0x30",
        "an access description cut short,              30 03 30 05 06,    longer than what holds it",
    })
    void malformedAuthorityInformationAccessIsRefusedSayingWhatIsWrong(String what, String hex, String message)
            throws Exception {
        X509Certificate certificate = withRawAia(bytes(hex));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> OcspRequest.responderUrl(certificate));
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }

    @ParameterizedTest(name = "{0} content bytes")
    @CsvSource({
        "0,     04 00",
        "127,   04 7F",
        "128,   04 81 80",
        "255,   04 81 FF",
        "256,   04 82 01 00",
        "65535, 04 82 FF FF",
        "65536, 04 83 01 00 00",
    })
    void lengthIsWrittenInTheShortestDerForm(int length, String header) {
        byte[] element = OcspRequest.tlv(0x04, new byte[length]);
        byte[] expected = bytes(header);
        assertArrayEquals(expected, Arrays.copyOf(element, expected.length));
        assertEquals(expected.length + length, element.length);
        OcspRequest.Element read = OcspRequest.Element.read(element, 0, element.length);
        assertEquals(length, read.contents().length);
        assertEquals(element.length, read.end());
    }

    @Test
    void contentsOfSeveralPartsAreConcatenated() {
        assertArrayEquals(bytes("30 05 01 02 03 04 05"), OcspRequest.tlv(0x30, bytes("01 02"), bytes("03 04 05")));
    }

    @Test
    void elementThatFillsItsLimitExactlyIsRead() {
        OcspRequest.Element empty = OcspRequest.Element.read(bytes("05 00"), 0, 2);
        assertEquals(0x05, empty.tag());
        assertEquals(0, empty.contents().length);
        OcspRequest.Element longForm = OcspRequest.Element.read(bytes("04 81 01 AA"), 0, 4);
        assertArrayEquals(bytes("AA"), longForm.contents());
        OcspRequest.Element emptyLongForm = OcspRequest.Element.read(bytes("04 81 00"), 0, 3);
        assertEquals(3, emptyLongForm.end());
        OcspRequest.Element inside = OcspRequest.Element.read(bytes("FF 04 01 AA FF"), 1, 4);
        assertArrayEquals(bytes("AA"), inside.contents());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "no length byte,                          04,             cut short",
        "nothing,                                 '',             cut short",
        "a high tag number,                       1F 01 00,       high-tag-number",
        "an indefinite length,                    30 80 00 00,    indefinite or too long",
        "a four-byte length,                      04 84 00 00 00 01 AA, indefinite or too long",
        "a long-form length cut short,            04 82 01,       indefinite or too long",
        "contents one byte short,                 04 02 AA,       longer than what holds it",
        "a long-form length past the end,         04 81 02 AA,    longer than what holds it",
        "a three-byte length past the end,        04 83 FF FF FF AA, longer than what holds it",
    })
    void malformedDerIsRefusedSayingWhatIsWrong(String what, String hex, String message) {
        byte[] der = bytes(hex);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> OcspRequest.Element.read(der, 0, der.length));
        assertTrue(error.getMessage().contains(message), what + ": " + error.getMessage());
    }

    @Test
    void elementIsNotReadPastTheLimitItIsGivenEvenIfTheArrayGoesOn() {
        byte[] der = bytes("30 03 04 01 AA 00 00");
        assertThrows(IllegalArgumentException.class, () -> OcspRequest.Element.read(der, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> OcspRequest.Element.read(der, 5, 6));
    }

    @Test
    void childrenAreReadOneAfterAnother() {
        byte[] der = bytes("30 07 02 01 05 04 02 AA BB");
        var children = OcspRequest.Element.read(der, 0, der.length).expect(0x30).children();
        assertEquals(2, children.size());
        assertArrayEquals(bytes("05"), children.get(0).expect(0x02).contents());
        assertArrayEquals(bytes("AA BB"), children.get(1).expect(0x04).contents());
    }

    @Test
    void unexpectedTagIsNamedWithTheExpectedOne() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> OcspRequest.Element.read(bytes("04 00"), 0, 2).expect(0x30));
        assertEquals("DER tag 0x4 where 0x30 was expected", error.getMessage());
    }

    @Test
    void insideRefusesATrailingByteAndTheWrongTag() {
        OcspRequest.Element exact = OcspRequest.Element.read(bytes("04 02 05 00"), 0, 4);
        assertEquals(0x05, exact.inside(0x05).tag());
        IllegalArgumentException trailing = assertThrows(IllegalArgumentException.class,
                () -> OcspRequest.Element.read(bytes("04 03 05 00 00"), 0, 5).inside(0x05));
        assertTrue(trailing.getMessage().contains("data after the element"), trailing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> exact.inside(0x30));
    }

    private static GeneralName uri(String uri) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, uri);
    }

    private static X509Certificate withAia(AccessDescription... descriptions) throws Exception {
        return certificate(builder -> builder.addExtension(Extension.authorityInfoAccess, false,
                new AuthorityInformationAccess(descriptions)));
    }

    private static X509Certificate withRawAia(byte[] value) throws Exception {
        return withRawAia(CA, value);
    }

    /**
     * A client certificate {@code CN=alice} from {@code issuer} (an EC CA) whose Authority Information Access
     * extension holds exactly {@code value}, malformed or not: what a careless CA could issue.
     */
    static X509Certificate withRawAia(HeldCertificate issuer, byte[] value) throws Exception {
        return certificate(issuer, builder -> builder.addExtension(Extension.authorityInfoAccess, false, value));
    }

    private interface Extensions {
        void add(X509v3CertificateBuilder builder) throws Exception;
    }

    private static X509Certificate certificate(Extensions extensions) throws Exception {
        return certificate(CA, extensions);
    }

    /** A client certificate from {@code issuer} with the extensions {@code extensions} adds, built with Bouncy Castle. */
    private static X509Certificate certificate(HeldCertificate issuer, Extensions extensions) throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()), BigInteger.TEN,
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))),
                new X500Name("CN=alice"), issuer.keyPair().getPublic());
        extensions.add(builder);
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.keyPair().getPrivate())));
    }

    static byte[] bytes(String hex) {
        return java.util.HexFormat.of().parseHex(hex.replace(" ", ""));
    }
}
