package io.certgate.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERNumericString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERT61String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.DERUniversalString;
import org.bouncycastle.asn1.DERVisibleString;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.certgate.pki.HeldCertificate;

/**
 * {@link DerName}: certificate names read from DER, each string type decoded by its tag, agreeing with the
 * RFC 4514 parser wherever the JDK prints a name faithfully, and refusing malformed DER with nothing but a
 * {@link DnParseException}.
 */
class DerNameTest {
    private static final Charset UTF_32BE = Charset.forName("UTF-32BE");
    private static final HeldCertificate CA = HeldCertificate.builder().commonName("DER Test CA")
            .certificateAuthority(0).build();
    /** One key for every test certificate: generating a key per row would cost more than the test. */
    private static final KeyPair KEY = CA.keyPair();

    static Stream<Arguments> stringTypes() {
        return Stream.of(
                arguments("UTF8String", new DERUTF8String("Jos\u00e9 \u4e2d\u6587"), "Jos\u00e9 \u4e2d\u6587"),
                arguments("PrintableString", new DERPrintableString("alice"), "alice"),
                arguments("TeletexString (Latin-1, as OpenSSL reads it)", new DERT61String("caf\u00e9"), "caf\u00e9"),
                arguments("IA5String", new DERIA5String("alice@example.com"), "alice@example.com"),
                arguments("BMPString", new DERBMPString("alice"), "alice"),
                arguments("BMPString, non-ASCII", new DERBMPString("\u0430lice \u4e2d"), "\u0430lice \u4e2d"),
                arguments("BMPString, surrogate pair", new DERBMPString("a\ud83d\ude00"), "a\ud83d\ude00"),
                arguments("UniversalString", new DERUniversalString("a\u00e9\ud83d\ude00".getBytes(UTF_32BE)),
                        "a\u00e9\ud83d\ude00"),
                arguments("VisibleString", new DERVisibleString("vis"), "vis"),
                arguments("NumericString", new DERNumericString("0123"), "0123"),
                arguments("empty UTF8String", new DERUTF8String(""), ""));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("stringTypes")
    void eachStringTypeOfACertificateCnIsDecodedByItsTag(String type, ASN1Encodable value, String expected)
            throws Exception {
        ClientIdentity identity = ClientIdentity.of(certificate(name(BCStyle.CN, value)));

        assertEquals(expected, identity.commonName(), type);
    }

    @Test
    void bmpStringCnAliceIsAlice() throws Exception {
        X509Certificate bmp = certificate(name(BCStyle.CN, new DERBMPString("alice")));

        ClientIdentity identity = ClientIdentity.of(bmp);

        assertEquals("alice", identity.commonName(),
                "the JDK prints this CN as " + bmp.getSubjectX500Principal().getName(X500Principal.RFC2253));
        assertEquals(DistinguishedName.parse("CN=alice"), identity.subject(), "the name nginx sends for it");
    }

    @Test
    void issuerIsReadFromDerToo() throws Exception {
        HeldCertificate ca = HeldCertificate.builder()
                .subject(new X500Name(new RDN[] {rdn(BCStyle.O, new DERT61String("Soci\u00e9t\u00e9")),
                        rdn(BCStyle.CN, new DERBMPString("BMP CA"))}))
                .certificateAuthority(0).build();
        X509Certificate client = HeldCertificate.builder().commonName("alice").signedBy(ca).build().certificate();

        assertEquals(DistinguishedName.parse("CN=BMP CA,O=Soci\u00e9t\u00e9"), ClientIdentity.of(client).issuer());
    }

    static Stream<Arguments> nonStringValues() {
        return Stream.of(
                arguments(new DEROctetString(new byte[] {1, 2}), "#04020102"),
                arguments(new ASN1Integer(5), "#020105"),
                arguments(new DERSequence(new DERUTF8String("a")), "#30030c0161"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("nonStringValues")
    void valueOfAnotherTypeKeepsItsHexFormAsTheJdkPrintsIt(ASN1Encodable value, String hex) throws Exception {
        X509Certificate certificate = certificate(name(BCStyle.CN, value));

        DistinguishedName subject = ClientIdentity.of(certificate).subject();

        assertEquals(List.of(hex), subject.values("CN"));
        assertEquals(jdkParse(certificate.getSubjectX500Principal()), subject);
    }

    static Stream<X500Name> ordinaryNames() {
        ASN1ObjectIdentifier unknownType = new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1");
        return Stream.of(
                new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "US").addRDN(BCStyle.ST, "Florida")
                        .addRDN(BCStyle.L, "Orlando").addRDN(BCStyle.O, "CLIENT NAME").addRDN(BCStyle.CN, "CLIENT NAME")
                        .build(),
                new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Acme, Inc.")
                        .addRDN(BCStyle.OU, "a+b=c;d<e>\"f\\g").addRDN(BCStyle.CN, " #lead and trail ").build(),
                new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.DC, "com").addRDN(BCStyle.DC, "example")
                        .addRDN(BCStyle.UID, "alice").addRDN(BCStyle.EmailAddress, "alice@example.com")
                        .addRDN(BCStyle.SERIALNUMBER, "1234").build(),
                new X500NameBuilder(BCStyle.INSTANCE).addMultiValuedRDN(
                        new ASN1ObjectIdentifier[] {BCStyle.CN, BCStyle.UID}, new String[] {"alice", "a1"})
                        .addRDN(BCStyle.CN, "Jos\u00e9").build(),
                new X500Name(new RDN[] {rdn(unknownType, new DERUTF8String("private")),
                        rdn(BCStyle.CN, new DERUTF8String("a\u0000b\nc"))}),
                new X500Name(new RDN[0]));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("ordinaryNames")
    void ordinaryNameEqualsTheRfc4514ParseOfTheJdkPrinting(X500Name name) throws Exception {
        X500Principal principal = new X500Principal(name.getEncoded());

        assertEquals(jdkParse(principal), DerName.parse(principal.getEncoded()));
    }

    @Test
    void controlCharactersInACnAreKeptForThePolicyToRefuse() throws Exception {
        DistinguishedName dn = DerName.parse(name(BCStyle.CN, new DERBMPString("ali\u0000ce")).getEncoded());

        assertEquals(List.of("ali\u0000ce"), dn.values("CN"),
                "kept, as the RFC 4514 parser keeps \\00; the policy denies it with cn-control-characters");
    }

    @Test
    void rdnsAreInRfc4514OrderAndMultiValuedRdnsInEncodingOrder() throws Exception {
        String der = name(rdn(atv(O, utf8("Example"))), rdn(atv(CN, utf8("alice")), atv(UID, utf8("a1"))));

        assertEquals("CN=alice+UID=a1,O=Example", DerName.parse(hex(der)).toString());
    }

    @Test
    void largeArcsOfAnAttributeTypeAreRead() throws Exception {
        ASN1ObjectIdentifier uuid = new ASN1ObjectIdentifier("2.25.329800735698586629295641978511506172918");

        DistinguishedName dn = DerName.parse(name(uuid, new DERUTF8String("x")).getEncoded());

        assertEquals(List.of("x"), dn.values("2.25.329800735698586629295641978511506172918"));
    }

    @Test
    void maxAttributesAreAcceptedAndOneMoreIsRejected() throws Exception {
        String cn = rdn(atv(CN, utf8("a")));

        assertEquals(DistinguishedName.MAX_ATTRIBUTES,
                DerName.parse(hex(name(cn.repeat(DistinguishedName.MAX_ATTRIBUTES)))).count("CN"));
        assertRefused(name(cn.repeat(DistinguishedName.MAX_ATTRIBUTES + 1)));
    }

    @Test
    void attributeLimitCountsEveryValueOfMultiValuedRdns() {
        assertRefused(name(rdn(atv(CN, utf8("a")).repeat(DistinguishedName.MAX_ATTRIBUTES + 1))));
    }

    @Test
    void rfc4514FormOfMaxLengthIsAcceptedAndOneMoreIsRejected() throws Exception {
        String longest = "a".repeat(DistinguishedName.MAX_LENGTH - "CN=".length());

        DistinguishedName dn = DerName.parse(name(BCStyle.CN, new DERBMPString(longest)).getEncoded());

        assertEquals(DistinguishedName.MAX_LENGTH, dn.toString().length());
        assertThrows(DnParseException.class,
                () -> DerName.parse(name(BCStyle.CN, new DERBMPString(longest + "a")).getEncoded()));
    }

    @Test
    void lengthBoundCountsEscapesAsToStringPrintsThem() throws Exception {
        String commas = ",".repeat((DistinguishedName.MAX_LENGTH - "CN=".length()) / 2);

        DistinguishedName dn = DerName.parse(name(BCStyle.CN, new DERUTF8String(commas)).getEncoded());

        assertEquals(DistinguishedName.MAX_LENGTH - 1, dn.toString().length());
        assertThrows(DnParseException.class,
                () -> DerName.parse(name(BCStyle.CN, new DERUTF8String(commas + ",")).getEncoded()));
    }

    @Test
    void certificateWithAnUnpairedSurrogateInItsCnIsMalformed() {
        X509Certificate certificate = certificate(name(BCStyle.CN, new DERBMPString("a\ud800")));

        assertThrows(DnParseException.class, () -> ClientIdentity.of(certificate));
    }

    private static final String CN = "0603550403";
    private static final String O = "060355040a";
    private static final String UID = "060a0992268993f22c640101";

    static Stream<Arguments> malformed() {
        String alice = atv(CN, utf8("alice"));
        return Stream.of(
                arguments("no bytes", ""),
                arguments("a SET, not a SEQUENCE", "3100"),
                arguments("bytes after the name", name(rdn(alice)) + "00"),
                arguments("truncated name", name(rdn(alice)).substring(0, 20)),
                arguments("name length past the end", "3005" + rdn(alice).substring(0, 6)),
                arguments("RDN length past its name", "3004" + "3105" + "3003"),
                arguments("indefinite length", "3080" + rdn(alice) + "0000"),
                arguments("non-minimal length 81 05", "308105" + rdn(atv(CN, "0c00"))),
                arguments("non-minimal length 82 00 80", "30820080" + "00".repeat(0x80)),
                arguments("length of five bytes", "30850000000005" + rdn(atv(CN, "0c00"))),
                arguments("empty RDN", name("3100")),
                arguments("RDN holding a string, not an attribute", name(rdn(utf8("alice")))),
                arguments("attribute without a value", name(rdn(tlv("30", CN)))),
                arguments("attribute with two values", name(rdn(tlv("30", CN + utf8("a") + utf8("b"))))),
                arguments("type that is not an OID", name(rdn(tlv("30", utf8("CN") + utf8("alice"))))),
                arguments("empty OID", name(rdn(atv("0600", utf8("a"))))),
                arguments("OID with a non-minimal arc", name(rdn(atv("060355800403", utf8("a"))))),
                arguments("OID ending inside an arc", name(rdn(atv("06025584", utf8("a"))))),
                arguments("OID of 65 bytes", name(rdn(atv(tlv("06", "55" + "01".repeat(64)), utf8("a"))))),
                arguments("value length past the attribute", name(rdn(tlv("30", CN + "0c05616c")))),
                arguments("value of indefinite length", name(rdn(tlv("30", CN + "2c80" + utf8("a") + "0000")))),
                arguments("value with a non-minimal high tag", name(rdn(atv(CN, "1f800100")))),
                arguments("value with an endless high tag", name(rdn(atv(CN, "1f8181818100")))),
                arguments("value with a tag number of five bytes", name(rdn(atv(CN, "1f81818181010161")))),
                arguments("high tag cut short at the end", name(rdn(atv(CN, "1f")))),
                arguments("bad UTF-8", name(rdn(atv(CN, "0c02c328")))),
                arguments("overlong UTF-8 '/'", name(rdn(atv(CN, "0c02c0af")))),
                arguments("UTF-8 surrogate", name(rdn(atv(CN, "0c03eda080")))),
                arguments("truncated UTF-8", name(rdn(atv(CN, "0c0161c3")))),
                arguments("BMPString unpaired high surrogate", name(rdn(atv(CN, "1e04d8000061")))),
                arguments("BMPString unpaired low surrogate", name(rdn(atv(CN, "1e02dc00")))),
                arguments("BMPString of odd length", name(rdn(atv(CN, "1e03006100")))),
                arguments("UniversalString beyond U+10FFFF", name(rdn(atv(CN, "1c0400110000")))),
                arguments("UniversalString surrogate", name(rdn(atv(CN, "1c040000d800")))),
                arguments("UniversalString surrogate pair", name(rdn(atv(CN, "1c080000d83d0000de00")))),
                arguments("UniversalString of 3 bytes", name(rdn(atv(CN, "1c03000061")))),
                arguments("PrintableString with a Latin-1 byte", name(rdn(atv(CN, "130261e9")))),
                arguments("IA5String with a byte over 0x7f", name(rdn(atv(CN, "160161ff")))),
                arguments("value of another type over the length bound",
                        name(rdn(atv(CN, "0482" + String.format("%04x", 0x4001) + "00".repeat(0x4001))))));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformed")
    void malformedDerIsRefused(String why, String der) {
        assertRefused(der);
    }

    /** Tag numbers of 31 and more take more bytes; such a value is no string, so it keeps its #hex form. */
    @ParameterizedTest(name = "[{index}] {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"1f210161", "1f81000161", "1f818181010161"})
    void valueWithAHighTagNumberKeepsItsHexForm(String value) throws Exception {
        assertEquals(List.of("#" + value), DerName.parse(hex(name(rdn(atv(CN, value))))).values("CN"));
    }

    static Stream<Arguments> malformedLengths() {
        String rdn = rdn(atv(CN, utf8("alice")));
        return Stream.of(
                arguments("tag without a length", "30", "length missing at byte 1"),
                arguments("indefinite length", "3080" + rdn + "0000",
                        "indefinite length at byte 1; DER needs definite lengths"),
                arguments("short length written long", "308105" + rdn(atv(CN, "0c00")), "non-minimal length at byte 1"),
                arguments("one-byte length written in two", "30820080" + "00".repeat(0x80),
                        "non-minimal length at byte 1"),
                arguments("length of five bytes", "30850000000005" + rdn(atv(CN, "0c00")), "bad length at byte 1"),
                arguments("length cut short", "308201", "bad length at byte 1"),
                arguments("two-byte length past the end", "30820100", "length at byte 3 runs past its container"),
                arguments("four-byte length past the end", "308401000000", "length at byte 5 runs past its container"));
    }

    /** What a refused certificate's log line says about its name: the fault and the byte it is at. */
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformedLengths")
    void malformedLengthIsRefusedNamingTheFaultAndItsByte(String why, String der, String message) {
        DnParseException e = assertThrows(DnParseException.class, () -> DerName.parse(hex(der)), der);
        assertEquals(message, e.getMessage());
    }

    @Test
    void nameOfExactly128BytesHasTheFirstLongFormLength() throws Exception {
        String der = name(rdn(atv(CN, utf8("a".repeat(117)))));
        assertEquals("308180", der.substring(0, 6), "the smallest length DER writes in two bytes");
        assertEquals(List.of("a".repeat(117)), DerName.parse(hex(der)).values("CN"));
    }

    @Test
    void attributeTypeOf64BytesIsReadAndOneMoreIsRefused() throws Exception {
        String longest = "55" + "01".repeat(63);
        DistinguishedName dn = DerName.parse(hex(name(rdn(atv(tlv("06", longest), utf8("a"))))));
        assertEquals(List.of("a"), dn.values("2.5" + ".1".repeat(63)));
        assertRefused(name(rdn(atv(tlv("06", longest + "01"), utf8("a")))));
    }

    private static void assertRefused(String der) {
        assertThrows(DnParseException.class, () -> DerName.parse(hex(der)), () -> "accepted " + der);
    }

    private static DistinguishedName jdkParse(X500Principal principal) throws DnParseException {
        return DistinguishedName.parseRfc4514(principal.getName(X500Principal.RFC2253));
    }

    private static X509Certificate certificate(X500Name subject) {
        return HeldCertificate.builder().subject(subject).keyPair(KEY).signedBy(CA).build().certificate();
    }

    private static X500Name name(ASN1ObjectIdentifier type, ASN1Encodable value) {
        return new X500Name(new RDN[] {rdn(type, value)});
    }

    private static RDN rdn(ASN1ObjectIdentifier type, ASN1Encodable value) {
        return new RDN(new AttributeTypeAndValue(type, value));
    }

    // Hand-made DER, as hex, for the forms no encoder writes.

    private static String name(String... rdns) {
        return tlv("30", String.join("", rdns));
    }

    private static String rdn(String... attributes) {
        return tlv("31", String.join("", attributes));
    }

    private static String atv(String type, String value) {
        return tlv("30", type + value);
    }

    private static String utf8(String text) {
        return tlv("0c", HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Tag, minimal DER length, content. */
    private static String tlv(String tag, String contentHex) {
        int length = contentHex.length() / 2;
        String lengthHex = length < 0x80 ? String.format("%02x", length)
                : length < 0x100 ? String.format("81%02x", length) : String.format("82%04x", length);
        return tag + lengthHex + contentHex;
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
