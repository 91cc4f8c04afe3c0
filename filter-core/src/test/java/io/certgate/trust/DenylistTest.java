package io.certgate.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    /** As {@code openssl x509 -noout -fingerprint -sha256} prints it: upper case, colon-separated. */
    static String opensslFingerprint(HeldCertificate certificate) throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(certificate.certificate().getEncoded());
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }
}
