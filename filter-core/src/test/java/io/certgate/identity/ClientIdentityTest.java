package io.certgate.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.certgate.pki.HeldCertificate;

/** {@link ClientIdentity} read from real certificates built with the demo PKI. */
class ClientIdentityTest {
    private static HeldCertificate ca;

    @BeforeAll
    static void buildCa() {
        ca = HeldCertificate.builder()
                .subject(new X500NameBuilder(BCStyle.INSTANCE)
                        .addRDN(BCStyle.C, "US").addRDN(BCStyle.O, "CertGate Test").addRDN(BCStyle.CN, "Test CA")
                        .build())
                .certificateAuthority(0)
                .build();
    }

    @Test
    void readsTheSubjectCommonName() throws Exception {
        ClientIdentity identity = ClientIdentity.of(client("alice").build().certificate());
        assertEquals("alice", identity.commonName());
        assertEquals(List.of("alice"), identity.commonNames());
    }

    @Test
    void readsTheWholeSubjectInRfc4514Order() throws Exception {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "US").addRDN(BCStyle.ST, "Florida").addRDN(BCStyle.O, "CLIENT NAME")
                .addRDN(BCStyle.CN, "CLIENT NAME").build();
        ClientIdentity identity = ClientIdentity.of(HeldCertificate.builder().subject(subject).signedBy(ca).build()
                .certificate());
        assertEquals(DistinguishedName.parse("/C=US/ST=Florida/O=CLIENT NAME/CN=CLIENT NAME"), identity.subject(),
                "the certificate subject equals the same name in OpenSSL's legacy form");
        assertEquals("CLIENT NAME", identity.commonName());
    }

    @Test
    void readsTheIssuer() throws Exception {
        ClientIdentity identity = ClientIdentity.of(client("alice").build().certificate());
        assertEquals(List.of("Test CA"), identity.issuer().values("CN"));
        assertEquals(List.of("CertGate Test"), identity.issuer().values("O"));
        assertEquals("CN=Test CA,O=CertGate Test,C=US", identity.issuer().toString());
    }

    @Test
    void selfSignedIssuerEqualsSubject() throws Exception {
        ClientIdentity identity = ClientIdentity.of(HeldCertificate.builder().commonName("self").build()
                .certificate());
        assertEquals(identity.subject(), identity.issuer());
    }

    @Test
    void readsTheSerialNumber() throws Exception {
        BigInteger serial = new BigInteger("123456789abcdef0123456789", 16);
        X509Certificate certificate = client("alice").serialNumber(serial).build().certificate();
        assertEquals(serial, ClientIdentity.of(certificate).serialNumber());
    }

    @Test
    void fingerprintIsLowerCaseHexSha256OfTheDerCertificate() throws Exception {
        X509Certificate certificate = client("alice").build().certificate();
        String expected = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        String fingerprint = ClientIdentity.of(certificate).sha256Fingerprint();
        assertEquals(expected, fingerprint);
        assertTrue(fingerprint.matches("[0-9a-f]{64}"), "64 lower-case hex digits: " + fingerprint);
    }

    @Test
    void differentCertificatesForTheSameNameHaveDifferentFingerprints() throws Exception {
        String first = ClientIdentity.of(client("alice").build().certificate()).sha256Fingerprint();
        String second = ClientIdentity.of(client("alice").build().certificate()).sha256Fingerprint();
        assertTrue(!first.equals(second), "two certificates for alice must not share a fingerprint");
    }

    @Test
    void readsTheValidityDates() throws Exception {
        Instant notBefore = Instant.parse("2024-01-02T03:04:05Z");
        Instant notAfter = Instant.parse("2034-05-06T07:08:09Z");
        ClientIdentity identity = ClientIdentity.of(client("alice").validity(notBefore, notAfter).build()
                .certificate());
        assertEquals(notBefore, identity.notBefore());
        assertEquals(notAfter, identity.notAfter());
    }

    @Test
    void datesAreTruncatedToSecondsLikeTheCertificate() throws Exception {
        Instant notBefore = Instant.parse("2024-01-02T03:04:05.678Z");
        ClientIdentity identity = ClientIdentity.of(client("alice")
                .validity(notBefore, notBefore.plus(1, ChronoUnit.DAYS)).build().certificate());
        assertEquals(notBefore.truncatedTo(ChronoUnit.SECONDS), identity.notBefore(),
                "X.509 times have whole seconds");
    }

    @Test
    void readsSubjectAltNamesOfEveryTypeInCertificateOrder() throws Exception {
        X509Certificate certificate = client("alice")
                .addSubjectAlternativeName("alice.example.com")
                .addEmailAlternativeName("alice@example.com")
                .addUriAlternativeName("spiffe://example.com/ns/default/sa/alice")
                .addSubjectAlternativeName("192.168.1.10")
                .build().certificate();
        assertEquals(List.of(
                        new SubjectAltName(SubjectAltName.Type.DNS, "alice.example.com"),
                        new SubjectAltName(SubjectAltName.Type.EMAIL, "alice@example.com"),
                        new SubjectAltName(SubjectAltName.Type.URI, "spiffe://example.com/ns/default/sa/alice"),
                        new SubjectAltName(SubjectAltName.Type.IP, "192.168.1.10")),
                ClientIdentity.of(certificate).subjectAltNames());
    }

    @Test
    void readsIpv6SubjectAltName() throws Exception {
        X509Certificate certificate = client("alice").addSubjectAlternativeName("::1").build().certificate();
        List<SubjectAltName> names = ClientIdentity.of(certificate).subjectAltNames();
        assertEquals(1, names.size(), "one SAN: " + names);
        assertEquals(SubjectAltName.Type.IP, names.get(0).type());
        assertEquals("0:0:0:0:0:0:0:1", names.get(0).value(), "the JDK's IPv6 text form");
    }

    @Test
    void certificateWithoutSanHasNoSubjectAltNames() throws Exception {
        assertEquals(List.of(), ClientIdentity.of(client("alice").build().certificate()).subjectAltNames());
    }

    @Test
    void keepsTheCertificate() throws Exception {
        X509Certificate certificate = client("alice").build().certificate();
        assertSame(certificate, ClientIdentity.of(certificate).certificate());
    }

    @Test
    void subjectWithTwoCnsHasNoSingleCommonName() throws Exception {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Example").addRDN(BCStyle.CN, "alice").addRDN(BCStyle.CN, "bob").build();
        ClientIdentity identity = ClientIdentity.of(HeldCertificate.builder().subject(subject).signedBy(ca).build()
                .certificate());
        assertNull(identity.commonName(), "two CNs must not be reduced to one of them");
        assertEquals(2, identity.commonNames().size(), "both CNs: " + identity.commonNames());
        assertTrue(identity.commonNames().containsAll(List.of("alice", "bob")), identity.commonNames().toString());
    }

    @Test
    void subjectWithTwoCnsInOneMultiValuedRdnHasNoSingleCommonName() throws Exception {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addMultiValuedRDN(new org.bouncycastle.asn1.ASN1ObjectIdentifier[] {BCStyle.CN, BCStyle.CN},
                        new String[] {"alice", "bob"})
                .build();
        ClientIdentity identity = ClientIdentity.of(HeldCertificate.builder().subject(subject).signedBy(ca).build()
                .certificate());
        assertNull(identity.commonName());
        assertEquals(2, identity.commonNames().size(), "both CNs: " + identity.commonNames());
    }

    @Test
    void subjectWithoutCnHasNoCommonName() throws Exception {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Example").build();
        ClientIdentity identity = ClientIdentity.of(HeldCertificate.builder().subject(subject).signedBy(ca).build()
                .certificate());
        assertNull(identity.commonName());
        assertEquals(List.of(), identity.commonNames());
    }

    @Test
    void cnThatLooksLikeAnotherRdnStaysOneValue() throws Exception {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.OU, "x,CN=alice").addRDN(BCStyle.CN, "mallory").build();
        ClientIdentity identity = ClientIdentity.of(HeldCertificate.builder().subject(subject).signedBy(ca).build()
                .certificate());
        assertEquals("mallory", identity.commonName());
        assertEquals(List.of("x,CN=alice"), identity.subject().values("OU"));
    }

    @Test
    void nonAsciiCnIsDecoded() throws Exception {
        ClientIdentity identity = ClientIdentity.of(client("Jos\u00e9 \u65e5\u672c").build().certificate());
        assertEquals("Jos\u00e9 \u65e5\u672c", identity.commonName());
    }

    @Test
    void emailAddressAttributeIsDecodedFromTheJdksHexForm() throws Exception {
        // The JDK prints emailAddress as 1.2.840.113549.1.9.1=#16..., the BER IA5String.
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.EmailAddress, "alice@example.com").addRDN(BCStyle.CN, "alice").build();
        X509Certificate certificate = HeldCertificate.builder().subject(subject).signedBy(ca).build().certificate();
        assertTrue(certificate.getSubjectX500Principal().getName().contains("#16"),
                "precondition: the JDK prints the e-mail as #hex: " + certificate.getSubjectX500Principal());
        ClientIdentity identity = ClientIdentity.of(certificate);
        assertEquals(List.of("alice@example.com"), identity.subject().values("EMAILADDRESS"));
        assertEquals(List.of("alice@example.com"), identity.subject().values("1.2.840.113549.1.9.1"));
    }

    /**
     * A CN holding U+0000. Observed: the JDK prints it as {@code \00} and the parser keeps the NUL in the
     * value, so the identity's CN is {@code "alice\0.evil"} (never {@code "alice"}); the policy then refuses
     * it as a control character. A DnParseException would also be acceptable (fail closed); any other
     * outcome is not.
     */
    @Test
    void cnWithNulIsKeptWholeOrRefused() throws Exception {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "alice\u0000.evil").build();
        X509Certificate certificate = HeldCertificate.builder().subject(subject).signedBy(ca).build().certificate();
        ClientIdentity identity;
        try {
            identity = ClientIdentity.of(certificate);
        } catch (DnParseException refused) {
            return;
        }
        assertEquals("alice\u0000.evil", identity.commonName(), "the NUL and what follows stay in the CN");
    }

    @Test
    void cnWithNulIsKeptInTheValueAsObserved() throws Exception {
        // Pins the observed behaviour documented above, so a change of it is noticed.
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "alice\u0000.evil").build();
        ClientIdentity identity = ClientIdentity.of(
                HeldCertificate.builder().subject(subject).signedBy(ca).build().certificate());
        assertEquals(List.of("alice\u0000.evil"), identity.commonNames());
    }

    @Test
    void ofSubjectKnowsOnlyTheSubject() throws Exception {
        DistinguishedName subject = DistinguishedName.parse("CN=alice,O=Example");
        ClientIdentity identity = ClientIdentity.ofSubject(subject);
        assertEquals("alice", identity.commonName());
        assertSame(subject, identity.subject());
        assertNull(identity.issuer());
        assertNull(identity.serialNumber());
        assertNull(identity.sha256Fingerprint());
        assertNull(identity.notBefore());
        assertNull(identity.notAfter());
        assertNull(identity.certificate());
        assertEquals(List.of(), identity.subjectAltNames());
    }

    @Test
    void subjectIsRequired() {
        assertThrows(NullPointerException.class,
                () -> new ClientIdentity(null, null, null, null, null, null, List.of(), List.of(), null, List.of(), null));
    }

    @Test
    void subjectAltNamesAreCopied() throws Exception {
        List<SubjectAltName> names = new ArrayList<>();
        names.add(new SubjectAltName(SubjectAltName.Type.DNS, "a.example"));
        ClientIdentity identity = new ClientIdentity(DistinguishedName.parse("CN=a"), null, null, null, null, null,
                names, List.of(), null, List.of(), null);
        names.add(new SubjectAltName(SubjectAltName.Type.DNS, "b.example"));
        assertEquals(1, identity.subjectAltNames().size(), "a later change of the caller's list is not seen");
        assertThrows(UnsupportedOperationException.class,
                () -> identity.subjectAltNames().add(new SubjectAltName(SubjectAltName.Type.DNS, "c")));
    }

    private static HeldCertificate.Builder client(String commonName) {
        assertNotNull(ca);
        return HeldCertificate.builder().commonName(commonName).clientAuth().signedBy(ca);
    }
}
