package io.certgate.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.certgate.identity.ClientIdentity;
import io.certgate.identity.DistinguishedName;
import io.certgate.pki.HeldCertificate;

/** {@code denied-fingerprints} and {@code denied-serials}: syntax and matching. */
class DenylistTest {
    private static final RevocationPki PKI = new RevocationPki();

    @Test
    void fingerprintWithColonsInUpperCaseDenies() throws Exception {
        Denylist denylist = Denylist.parse(opensslFingerprint(PKI.alice), null);
        assertTrue(denylist.denies(ClientIdentity.of(PKI.alice.certificate())));
        assertFalse(denylist.denies(ClientIdentity.of(PKI.bob.certificate())));
    }

    @Test
    void serialUnderItsIssuerDenies() throws Exception {
        String serial = PKI.alice.certificate().getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
        Denylist denylist = Denylist.parse(null, "CN=Revocation Root CA # " + serial);
        assertTrue(denylist.denies(ClientIdentity.of(PKI.alice.certificate())));
        assertFalse(denylist.denies(ClientIdentity.of(PKI.bob.certificate())));
    }

    @Test
    void sameSerialFromAnotherIssuerPasses() throws Exception {
        HeldCertificate other = HeldCertificate.builder().commonName("alice").clientAuth().signedBy(PKI.intermediate)
                .serialNumber(PKI.alice.certificate().getSerialNumber()).build();
        Denylist denylist = Denylist.parse(null, "CN=Revocation Root CA#"
                + PKI.alice.certificate().getSerialNumber().toString(16));
        assertFalse(denylist.denies(ClientIdentity.of(other.certificate())));
    }

    @Test
    void issuerIsComparedAsAParsedDnAndSerialAsANumber() throws Exception {
        HeldCertificate small = HeldCertificate.builder().commonName("dave").clientAuth().signedBy(PKI.root)
                .serialNumber(java.math.BigInteger.valueOf(0x1f)).build();
        Denylist denylist = Denylist.parse(null, "cn = Revocation Root CA # 00:1F\n");
        assertTrue(denylist.denies(ClientIdentity.of(small.certificate())));
    }

    @Test
    void serialEntriesSplitOnLinesAndSemicolons() throws Exception {
        String alice = PKI.alice.certificate().getSerialNumber().toString(16);
        String bob = PKI.bob.certificate().getSerialNumber().toString(16);
        Denylist denylist = Denylist.parse(null, "CN=Elsewhere # 01; CN=Revocation Root CA # " + alice
                + "\n\n  CN=Revocation Root CA # " + bob + "\n");
        assertTrue(denylist.denies(ClientIdentity.of(PKI.alice.certificate())));
        assertTrue(denylist.denies(ClientIdentity.of(PKI.bob.certificate())));
    }

    @Test
    void neitherParameterMeansNoDenylist() {
        assertNull(Denylist.parse(null, null));
    }

    @Test
    void identityWithoutCertificateCannotBeChecked() throws Exception {
        Denylist denylist = Denylist.parse(opensslFingerprint(PKI.alice), null);
        assertThrows(IllegalArgumentException.class,
                () -> denylist.denies(ClientIdentity.ofSubject(DistinguishedName.parse("CN=alice"))));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "denied-fingerprints | abc                                   | 64 hex digits",
        "denied-fingerprints | 'AA:BB,,CC'                           | extra comma",
        "denied-fingerprints | ' '                                   | is empty",
        "denied-serials      | CN=Example CA                         | no '#'",
        "denied-serials      | CN=Example CA # xyz                   | not hexadecimal",
        "denied-serials      | CN=Example CA #                       | not hexadecimal",
        "denied-serials      | 'CN=Example CA,,O=x # 01'             | is not a DN",
    })
    void badEntriesAreRefusedNamingTheParameter(String parameter, String value, String message) {
        Denylist.BadEntryException error = assertThrows(Denylist.BadEntryException.class,
                () -> Denylist.parse(parameter.equals("denied-fingerprints") ? value : null,
                        parameter.equals("denied-serials") ? value : null));
        assertEquals(parameter, error.parameter());
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }

    @Test
    void fingerprintsAreAListAndEachCountsWithOrWithoutColonsInAnyCase() throws Exception {
        String bob = opensslFingerprint(PKI.bob).replace(":", "").toLowerCase(Locale.ROOT);
        Denylist denylist = Denylist.parse(" " + opensslFingerprint(PKI.carol) + " ,  " + bob + " ", null);
        assertTrue(denylist.denies(ClientIdentity.of(PKI.bob.certificate())));
        assertTrue(denylist.denies(ClientIdentity.of(PKI.carol.certificate())));
        assertFalse(denylist.denies(ClientIdentity.of(PKI.alice.certificate())));
    }

    @Test
    void fingerprintOfTheIdentityIsComparedInAnyCase() throws Exception {
        ClientIdentity alice = ClientIdentity.of(PKI.alice.certificate());
        ClientIdentity upperCase = new ClientIdentity(alice.subject(), alice.issuer(), alice.serialNumber(),
                alice.sha256Fingerprint().toUpperCase(Locale.ROOT), alice.notBefore(), alice.notAfter(), List.of(),
                List.of(), null, List.of(), alice.certificate());
        assertTrue(Denylist.parse(opensslFingerprint(PKI.alice), null).denies(upperCase));
    }

    @Test
    void serialMayCarryA0xPrefixInEitherCase() throws Exception {
        HeldCertificate small = HeldCertificate.builder().commonName("dave").clientAuth().signedBy(PKI.root)
                .serialNumber(BigInteger.valueOf(0x1f)).build();
        ClientIdentity dave = ClientIdentity.of(small.certificate());
        assertTrue(Denylist.parse(null, "CN=Revocation Root CA # 0x1F").denies(dave));
        assertTrue(Denylist.parse(null, "CN=Revocation Root CA # 0X1f").denies(dave));
        assertFalse(Denylist.parse(null, "CN=Revocation Root CA # 0x1E").denies(dave));
    }

    @Test
    void serialIsSplitFromTheIssuerAtTheLastHash() throws Exception {
        HeldCertificate hashCa = HeldCertificate.builder().commonName("CA #2").certificateAuthority(0).build();
        HeldCertificate erin = HeldCertificate.builder().commonName("erin").clientAuth().signedBy(hashCa)
                .serialNumber(BigInteger.valueOf(0x2a)).build();
        Denylist denylist = Denylist.parse(null, "CN=CA #2 # 2A");
        assertTrue(denylist.denies(ClientIdentity.of(erin.certificate())));
    }

    @Test
    void identityWithoutSerialOrIssuerCannotBeCheckedEither() throws Exception {
        ClientIdentity alice = ClientIdentity.of(PKI.alice.certificate());
        Denylist denylist = Denylist.parse(opensslFingerprint(PKI.alice), null);
        ClientIdentity noSerial = new ClientIdentity(alice.subject(), alice.issuer(), null, alice.sha256Fingerprint(),
                null, null, List.of(), List.of(), null, List.of(), null);
        ClientIdentity noIssuer = new ClientIdentity(alice.subject(), null, alice.serialNumber(),
                alice.sha256Fingerprint(), null, null, List.of(), List.of(), null, List.of(), null);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> denylist.denies(noSerial));
        assertEquals("no certificate to compare with the denylist", error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> denylist.denies(noIssuer));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {63, 65})
    void fingerprintOneHexDigitShortOrLongIsRefused(int digits) {
        String entry = "a".repeat(digits);
        Denylist.BadEntryException error = assertThrows(Denylist.BadEntryException.class,
                () -> Denylist.parse(entry, null));
        assertEquals(Denylist.DENIED_FINGERPRINTS, error.parameter());
        assertTrue(error.getMessage().contains("\"" + entry + "\" is not a SHA-256 fingerprint"), error.getMessage());
    }

    @Test
    void fingerprintOfSixtyFourCharactersThatAreNotAllHexIsRefused() {
        String entry = "a".repeat(63) + "g";
        Denylist.BadEntryException error = assertThrows(Denylist.BadEntryException.class,
                () -> Denylist.parse(entry, null));
        assertTrue(error.getMessage().contains("expected 64 hex digits"), error.getMessage());
        assertTrue(Denylist.parse("A".repeat(64), null) != null, "64 hex digits in upper case are a fingerprint");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "denied-fingerprints | ','                              | extra comma",
        "denied-fingerprints | 'a,'                             | extra comma",
        "denied-fingerprints | ', a'                            | extra comma",
        "denied-serials      | '\\n \\n'                      | is empty; list at least one entry or remove denied-serials",
        "denied-serials      | ' ; '                            | is empty; list at least one entry or remove denied-serials",
        "denied-serials      | '# 01'                           | no '#'",
        "denied-serials      | 'CN=Example CA # 0x'             | serial \"0x\" is not hexadecimal",
        "denied-serials      | 'CN=Example CA # 01:0G'          | serial \"01:0G\" is not hexadecimal",
        "denied-serials      | 'CN=Example CA # 01; CN=Other'   | \"CN=Other\": no '#'",
    })
    void badEntriesAreRefusedSayingWhatIsWrong(String parameter, String value, String message) {
        String text = value.replace("\\n", "\n");
        Denylist.BadEntryException error = assertThrows(Denylist.BadEntryException.class,
                () -> Denylist.parse(parameter.equals("denied-fingerprints") ? text : null,
                        parameter.equals("denied-serials") ? text : null));
        assertEquals(parameter, error.parameter());
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }

    @Test
    void badFingerprintIsReportedEvenWhenTheSerialsAreFine() {
        Denylist.BadEntryException error = assertThrows(Denylist.BadEntryException.class,
                () -> Denylist.parse("nope", "CN=Example CA # 01"));
        assertEquals(Denylist.DENIED_FINGERPRINTS, error.parameter());
    }

    /** As {@code openssl x509 -noout -fingerprint -sha256} prints it: upper case, colon-separated. */
    static String opensslFingerprint(HeldCertificate certificate) throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(certificate.certificate().getEncoded());
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }
}
