package io.certgate.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.certgate.pki.HeldCertificate;

/**
 * The fields beyond the names, read once per certificate: the UPN otherName, IP subjectAltNames as
 * addresses, the public key's SHA-256 and the certificate policies, from real certificates; and the DER
 * readers' refusals, byte by byte.
 */
class CertificateFieldsTest {
    private static final HeldCertificate CA = HeldCertificate.builder().commonName("Fields CA").certificateAuthority(0)
            .build();
    private static final String UPN_OID_DER = "060a2b060104018237140203";

    @Test
    void readsTheUpnOtherNameInCertificateOrder() throws Exception {
        ClientIdentity identity = ClientIdentity.of(HeldCertificate.builder().commonName("alice")
                .addSubjectAlternativeName("alice.example").addUpnAlternativeName("alice@corp.example")
                .signedBy(CA).build().certificate());
        assertEquals(List.of(new SubjectAltName(SubjectAltName.Type.DNS, "alice.example"),
                new SubjectAltName(SubjectAltName.Type.UPN, "alice@corp.example")), identity.subjectAltNames());
    }

    @Test
    void skipsOtherNamesOfAnotherType() throws Exception {
        ClientIdentity identity = ClientIdentity.of(HeldCertificate.builder().commonName("alice")
                .addOtherName("1.3.6.1.5.5.7.8.9", new DERUTF8String("alice@corp.example"))
                .signedBy(CA).build().certificate());
        assertEquals(List.of(), identity.subjectAltNames());
    }

    @Test
    void refusesACertificateWhoseUpnIsNotAUtf8String() {
        X509Certificate certificate = HeldCertificate.builder().commonName("alice")
                .addOtherName(CertificateFields.UPN_OID, new DERIA5String("alice@corp.example"))
                .signedBy(CA).build().certificate();
        CertificateParsingException e = assertThrows(CertificateParsingException.class,
                () -> ClientIdentity.of(certificate));
        assertTrue(e.getMessage().startsWith("malformed UPN otherName: UPN UTF8String has tag 0x16"), e.getMessage());
    }

    @Test
    void refusesACertificateWhoseUpnHoldsAControlCharacter() {
        X509Certificate certificate = HeldCertificate.builder().commonName("alice")
                .addUpnAlternativeName("alice@corp.example\u0000admin@corp.example").signedBy(CA).build().certificate();
        assertThrows(CertificateParsingException.class, () -> ClientIdentity.of(certificate));
    }

    @Test
    void readsIpSubjectAltNamesAsAddresses() throws Exception {
        ClientIdentity identity = ClientIdentity.of(HeldCertificate.builder().commonName("agent")
                .addSubjectAlternativeName("10.1.2.3").addSubjectAlternativeName("2001:db8::7")
                .signedBy(CA).build().certificate());
        assertEquals(2, identity.ipAddresses().size());
        assertArrayEquals(new byte[] {10, 1, 2, 3}, identity.ipAddresses().get(0).getAddress());
        assertEquals("2001:db8:0:0:0:0:0:7", identity.ipAddresses().get(1).getHostAddress());
    }

    @Test
    void spkiIsTheSha256OfTheSubjectPublicKeyInfoAndSurvivesReissuing() throws Exception {
        HeldCertificate first = HeldCertificate.builder().commonName("svc").signedBy(CA).build();
        HeldCertificate again = HeldCertificate.builder().commonName("svc").keyPair(first.keyPair())
                .serialNumber(BigInteger.TEN).signedBy(CA).build();
        HeldCertificate otherKey = HeldCertificate.builder().commonName("svc").signedBy(CA).build();
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(first.certificate().getPublicKey().getEncoded()));
        assertEquals(expected, ClientIdentity.of(first.certificate()).spkiSha256());
        assertEquals(expected, ClientIdentity.of(again.certificate()).spkiSha256());
        assertTrue(!expected.equals(ClientIdentity.of(otherKey.certificate()).spkiSha256()));
    }

    @Test
    void readsCertificatePoliciesInOrder() throws Exception {
        ClientIdentity identity = ClientIdentity.of(HeldCertificate.builder().commonName("svc")
                .certificatePolicy("2.23.140.1.2.1").certificatePolicy("1.3.6.1.4.1.99999.1.2")
                .signedBy(CA).build().certificate());
        assertEquals(List.of("2.23.140.1.2.1", "1.3.6.1.4.1.99999.1.2"), identity.certificatePolicies());
    }

    @Test
    void aCertificateWithoutTheFieldsHasThemEmpty() throws Exception {
        ClientIdentity identity = ClientIdentity.of(HeldCertificate.builder().commonName("plain").signedBy(CA).build()
                .certificate());
        assertEquals(List.of(), identity.ipAddresses());
        assertEquals(List.of(), identity.certificatePolicies());
    }

    @Test
    void aDnOnlyIdentityKnowsNoneOfThem() throws Exception {
        ClientIdentity identity = ClientIdentity.ofSubject(DistinguishedName.parse("CN=alice"));
        assertNull(identity.spkiSha256());
        assertEquals(List.of(), identity.ipAddresses());
        assertEquals(List.of(), identity.certificatePolicies());
    }

    @Test
    void aNoCnCertificateWithOnlyAUpnStillReads() throws Exception {
        ClientIdentity identity = ClientIdentity.of(HeldCertificate.builder()
                .subject(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Corp").build())
                .addUpnAlternativeName("bob@corp.example").signedBy(CA).build().certificate());
        assertEquals("bob@corp.example", identity.subjectAltNames().get(0).value());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "UPN                         | 3016" + UPN_OID_DER + "a0080c06616c69636540 | alice@",
        "another otherName type      | 300f06032a0304a0080c06616c69636540     | ",
    })
    void otherNamesThatRead(String why, String hex, String expected) throws Exception {
        assertEquals(expected, CertificateFields.userPrincipalName(HexFormat.of().parseHex(hex)), why);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not a SEQUENCE              | 3116" + UPN_OID_DER + "a0080c06616c69636540",
        "bytes after the otherName   | 3016" + UPN_OID_DER + "a0080c06616c6963654000",
        "value not [0] EXPLICIT      | 3016" + UPN_OID_DER + "80080c06616c69636540",
        "IA5String, not UTF8String   | 3016" + UPN_OID_DER + "a008160661 6c69636540",
        "bytes after the UTF8String  | 3017" + UPN_OID_DER + "a0090c06616c6963654000",
        "empty UPN                   | 3010" + UPN_OID_DER + "a0020c00",
        "malformed UTF-8             | 3012" + UPN_OID_DER + "a0040c02c328",
        "length past its container   | 3016" + UPN_OID_DER + "a0080c07616c69636540",
        "indefinite length           | 3080" + UPN_OID_DER + "a0080c06616c696365400000",
        "non-minimal length          | 308116" + UPN_OID_DER + "a0080c06616c69636540",
        "truncated OID               | 3004060282b7",
        "empty input                 | ''",
    })
    void otherNamesRefused(String why, String hex) {
        byte[] der = HexFormat.of().parseHex(hex.replace(" ", ""));
        assertThrows(DnParseException.class, () -> CertificateFields.userPrincipalName(der), why);
    }

    @Test
    void aUpnLongerThanTheBoundIsRefused() throws DnParseException {
        byte[] upn = new byte[CertificateFields.MAX_UPN_BYTES + 1];
        java.util.Arrays.fill(upn, (byte) 'a');
        byte[] der = HexFormat.of().parseHex(tlv("30", UPN_OID_DER + tlv("a0", tlv("0c", HexFormat.of().formatHex(upn)))));
        DnParseException e = assertThrows(DnParseException.class, () -> CertificateFields.userPrincipalName(der));
        assertTrue(e.getMessage().startsWith("UPN of 1025 bytes"), e.getMessage());

        String longest = "a".repeat(CertificateFields.MAX_UPN_BYTES);
        byte[] atBound = HexFormat.of().parseHex(tlv("30", UPN_OID_DER + tlv("a0",
                tlv("0c", HexFormat.of().formatHex(longest.getBytes(java.nio.charset.StandardCharsets.US_ASCII))))));
        assertEquals(longest, CertificateFields.userPrincipalName(atBound), "a UPN of exactly the bound is read");
    }

    @Test
    void aRegisteredIdIsTheLastGeneralNameReadPast() throws Exception {
        // [8] registeredID is the last GeneralName choice; [9] and beyond are refused (below).
        String registeredId = tlv("88", "2a0304");
        String upn = tlv("a0", UPN_OID_DER + tlv("a0", tlv("0c", "616c69636540")));
        byte[] extension = HexFormat.of().parseHex(tlv("04", tlv("30", registeredId + upn)));
        assertEquals(java.util.List.of("alice@"), CertificateFields.otherNameUpns(extension));
    }

    @Test
    void theOtherNamesOfASubjectAltNameExtensionInOrder() throws Exception {
        String dns = tlv("82", "616263");
        String upn = tlv("a0", UPN_OID_DER + tlv("a0", tlv("0c", "616c69636540")));
        String other = tlv("a0", "06032a0304" + tlv("a0", tlv("0c", "78")));
        byte[] extension = HexFormat.of().parseHex(tlv("04", tlv("30", dns + upn + other)));
        assertEquals(java.util.Arrays.asList("alice@", null), CertificateFields.otherNameUpns(extension));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "universal tag in GeneralNames   | 0407300516036162 63",
        "unknown context tag [9]         | 040730058903616263",
        "bytes after the GeneralNames    | 04083005820361626300",
        "otherName value not [0]         | 0414301 2a010060a2b060104018237140203a1020c00",
        "bytes after the otherName value | 04183016a014060a2b060104018237140203a0040c0261620000",
    })
    void subjectAltNameExtensionsRefused(String why, String hex) {
        assertThrows(DnParseException.class,
                () -> CertificateFields.otherNameUpns(HexFormat.of().parseHex(hex.replace(" ", ""))), why);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "one policy                  | 0409300730050603551d20                           | 2.5.29.32",
        "two policies                | 0410300e30050603551d2030050603551d21             | 2.5.29.32 2.5.29.33",
        "a policy with qualifiers    | 0417301530130603551d20300c300a06082b06010505070201 | 2.5.29.32",
    })
    void policiesThatRead(String why, String hex, String expected) throws Exception {
        assertEquals(List.of(expected.split(" ")), CertificateFields.certificatePolicies(HexFormat.of().parseHex(hex)),
                why);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not an OCTET STRING         | 0309300730050603551d20",
        "empty certificatePolicies   | 04023000",
        "a policy twice              | 0410300e30050603551d2030050603551d20",
        "bytes after the sequence    | 040a300730050603551d2000",
        "empty qualifiers            | 040b300930070603551d203000",
        "bytes after a policy        | 040a300830060603551d2000",
        "not a PolicyInformation     | 0409300731050603551d20",
        "empty OID                   | 0406300430020600",
        "non-minimal OID arc         | 040a300830060604551d8020",
        "octets shorter than content | 0408300730050603551d20",
    })
    void policiesRefused(String why, String hex) {
        assertThrows(DnParseException.class,
                () -> CertificateFields.certificatePolicies(HexFormat.of().parseHex(hex)), why);
    }

    @Test
    void moreThanTheBoundOfPoliciesIsRefused() {
        StringBuilder policies = new StringBuilder();
        for (int i = 0; i <= CertificateFields.MAX_POLICIES; i++) {
            policies.append("30050603551d").append(String.format("%02x", i));
        }
        byte[] der = HexFormat.of().parseHex(tlv("04", tlv("30", policies.toString())));
        DnParseException e = assertThrows(DnParseException.class, () -> CertificateFields.certificatePolicies(der));
        assertTrue(e.getMessage().startsWith("more than 32"), e.getMessage());
    }

    /** A DER tag, length and content, all in hex. */
    private static String tlv(String tag, String content) {
        int length = content.length() / 2;
        String encoded = length < 0x80 ? String.format("%02x", length)
                : length < 0x100 ? String.format("81%02x", length) : String.format("82%04x", length);
        return tag + encoded + content;
    }
}
