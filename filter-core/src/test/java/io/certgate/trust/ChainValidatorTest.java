package io.certgate.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.certgate.pki.HeldCertificate;
import io.certgate.verdict.Denial;
import io.certgate.verdict.ReasonCode;

/** PKIX validation of real chains built with the demo PKI. */
class ChainValidatorTest {
    private static final Instant NOW = Instant.now();

    private static HeldCertificate root;
    private static HeldCertificate intermediate;
    private static HeldCertificate foreignRoot;

    @BeforeAll
    static void buildPki() {
        root = HeldCertificate.builder().commonName("Test Root CA").certificateAuthority(1).build();
        intermediate = HeldCertificate.builder().commonName("Test Issuing CA").certificateAuthority(0).signedBy(root)
                .build();
        foreignRoot = HeldCertificate.builder().commonName("Foreign CA").certificateAuthority(1).build();
    }

    private static HeldCertificate.Builder client(String cn) {
        return HeldCertificate.builder().commonName(cn).clientAuth();
    }

    private static ChainValidator trusting(HeldCertificate ca, int maxDepth) {
        return new ChainValidator(List.of(ca.certificate()), maxDepth, true);
    }

    private static void assertValid(ChainValidator validator, HeldCertificate client, X509Certificate... intermediates) {
        ReasonCode reason = validator.validate(client.certificate(), List.of(intermediates), NOW);
        assertNull(reason, () -> "expected " + client.certificate().getSubjectX500Principal() + " to be valid, got "
                + reason.code());
    }

    private static void assertRefused(ReasonCode expected, ChainValidator validator, HeldCertificate client,
            X509Certificate... intermediates) {
        assertEquals(expected, validator.validate(client.certificate(), List.of(intermediates), NOW));
    }

    @Test
    void leafSignedByTrustedRootIsValid() {
        assertValid(trusting(root, 1), client("alice").signedBy(root).build());
    }

    @Test
    void leafUnderIntermediateIsValidAtDepthTwo() {
        assertValid(trusting(root, 2), client("dave").signedBy(intermediate).build(), intermediate.certificate());
    }

    @Test
    void leafUnderIntermediateIsTooDeepAtDepthOne() {
        assertRefused(ReasonCode.CHAIN_TOO_DEEP, trusting(root, 1), client("dave").signedBy(intermediate).build(),
                intermediate.certificate());
    }

    @Test
    void leafUnderTrustedIntermediateIsValidAtDepthOne() {
        assertValid(trusting(intermediate, 1), client("dave").signedBy(intermediate).build());
    }

    @Test
    void missingIntermediateIsAnUntrustedIssuer() {
        assertRefused(ReasonCode.UNTRUSTED_ISSUER, trusting(root, 2), client("dave").signedBy(intermediate).build());
    }

    @Test
    void foreignCaIsAnUntrustedIssuer() {
        assertRefused(ReasonCode.UNTRUSTED_ISSUER, trusting(root, 2), client("mallory").signedBy(foreignRoot).build());
    }

    @Test
    void foreignIntermediateSuppliedByTheClientDoesNotHelp() {
        HeldCertificate foreignIntermediate = HeldCertificate.builder().commonName("Foreign Issuing CA")
                .certificateAuthority(0).signedBy(foreignRoot).build();
        assertRefused(ReasonCode.UNTRUSTED_ISSUER, trusting(root, 3), client("mallory").signedBy(foreignIntermediate)
                .build(), foreignIntermediate.certificate(), foreignRoot.certificate());
    }

    @Test
    void impostorCaWithTheTrustedNameIsAnUntrustedIssuer() {
        HeldCertificate impostor = HeldCertificate.builder().commonName("Test Root CA").certificateAuthority(1).build();
        assertRefused(ReasonCode.UNTRUSTED_ISSUER, trusting(root, 2), client("mallory").signedBy(impostor).build());
    }

    @Test
    void selfSignedClientIsAnUntrustedIssuer() {
        assertRefused(ReasonCode.UNTRUSTED_ISSUER, trusting(root, 2), client("alice").build());
    }

    @Test
    void endEntityCertificateCannotIssue() {
        HeldCertificate notACa = client("bob").signedBy(root).build();
        assertRefused(ReasonCode.UNTRUSTED_ISSUER, trusting(root, 3), client("mallory").signedBy(notACa).build(),
                notACa.certificate());
    }

    @Test
    void expiredLeafIsExpired() {
        HeldCertificate expired = client("alice").signedBy(root)
                .validity(NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1))).build();
        assertRefused(ReasonCode.EXPIRED, trusting(root, 1), expired);
    }

    @Test
    void notYetValidLeafIsNotYetValid() {
        HeldCertificate future = client("alice").signedBy(root)
                .validity(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30))).build();
        assertRefused(ReasonCode.NOT_YET_VALID, trusting(root, 1), future);
    }

    @Test
    void expiredIntermediateIsRefused() {
        HeldCertificate expiredIntermediate = HeldCertificate.builder().commonName("Old Issuing CA")
                .certificateAuthority(0).signedBy(root)
                .validity(NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(1))).build();
        HeldCertificate leaf = client("dave").signedBy(expiredIntermediate).build();
        assertEquals(ReasonCode.UNTRUSTED_ISSUER, trusting(root, 2).validate(leaf.certificate(),
                List.of(expiredIntermediate.certificate()), NOW));
    }

    @Test
    void validationUsesTheGivenInstant() {
        HeldCertificate alice = client("alice").signedBy(root).build();
        ChainValidator validator = trusting(root, 1);
        assertEquals(ReasonCode.EXPIRED, validator.validate(alice.certificate(), List.of(),
                alice.certificate().getNotAfter().toInstant().plusSeconds(1)));
    }

    // A client seen before reuses the path built for it (ValidatedPaths); these check that reuse never
    // answers differently from a fresh build.

    @Test
    void aClientSeenBeforeIsRefusedOnceItsIntermediateExpires() {
        HeldCertificate shortLived = HeldCertificate.builder().commonName("Short-lived Issuing CA")
                .certificateAuthority(0).signedBy(root).validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofHours(1)))
                .build();
        HeldCertificate dave = client("dave").signedBy(shortLived).build();
        ChainValidator validator = trusting(root, 2);
        List<X509Certificate> chain = List.of(shortLived.certificate());
        assertNull(validator.validate(dave.certificate(), chain, NOW));
        assertEquals(ReasonCode.UNTRUSTED_ISSUER, validator.validate(dave.certificate(), chain,
                NOW.plus(Duration.ofHours(2))), "the intermediate expired after the first request");
        assertNull(validator.validate(dave.certificate(), chain, NOW), "and the path is valid again at its own time");
    }

    @Test
    void aClientSeenBeforeIsRefusedWithoutTheIntermediateItNeeds() {
        HeldCertificate dave = client("dave").signedBy(intermediate).build();
        ChainValidator validator = trusting(root, 2);
        assertValid(validator, dave, intermediate.certificate());
        assertRefused(ReasonCode.UNTRUSTED_ISSUER, validator, dave);
        HeldCertificate foreignIntermediate = HeldCertificate.builder().commonName("Test Issuing CA")
                .certificateAuthority(0).signedBy(foreignRoot).build();
        assertRefused(ReasonCode.UNTRUSTED_ISSUER, validator, dave, foreignIntermediate.certificate());
        assertValid(validator, dave, intermediate.certificate());
    }

    @Test
    void aClientSeenBeforeIsStillCheckedForItsOwnDates() {
        HeldCertificate alice = client("alice").signedBy(root).build();
        ChainValidator validator = trusting(root, 1);
        assertValid(validator, alice);
        assertEquals(ReasonCode.EXPIRED, validator.validate(alice.certificate(), List.of(),
                alice.certificate().getNotAfter().toInstant().plusSeconds(1)));
    }

    @Test
    void caCertificatePresentedAsClientIsRefused() {
        assertRefused(ReasonCode.CA_AS_CLIENT, trusting(root, 2), intermediate, root.certificate());
    }

    @Test
    void trustedCaItselfPresentedAsClientIsRefused() {
        assertRefused(ReasonCode.CA_AS_CLIENT, trusting(root, 2), root);
    }

    @Test
    void pinnedEndEntityPresentedAsClientIsRefused() {
        HeldCertificate pinned = client("alice").build();
        assertRefused(ReasonCode.CA_AS_CLIENT, trusting(pinned, 1), pinned);
    }

    @Test
    void serverAuthOnlyIsTheWrongEku() {
        HeldCertificate server = HeldCertificate.builder().commonName("www.example.com").serverAuth().signedBy(root)
                .build();
        assertRefused(ReasonCode.WRONG_EKU, trusting(root, 1), server);
    }

    @Test
    void serverAuthOnlyIsAcceptedWhenEkuIsNotRequired() {
        HeldCertificate server = HeldCertificate.builder().commonName("www.example.com").serverAuth().signedBy(root)
                .build();
        assertValid(new ChainValidator(List.of(root.certificate()), 1, false), server);
    }

    @Test
    void serverAndClientAuthIsAccepted() {
        assertValid(trusting(root, 1), HeldCertificate.builder().commonName("both").serverAuth().clientAuth()
                .signedBy(root).build());
    }

    @Test
    void noEkuExtensionIsAccepted() throws Exception {
        HeldCertificate plain = HeldCertificate.builder().commonName("plain").signedBy(root).build();
        assertNull(plain.certificate().getExtendedKeyUsage(), "the test needs a certificate without EKU");
        assertValid(trusting(root, 1), plain);
    }

    @Test
    void anyOfSeveralTrustedCasWill() {
        ChainValidator both = new ChainValidator(List.of(foreignRoot.certificate(), root.certificate()), 1, true);
        assertValid(both, client("alice").signedBy(root).build());
        assertValid(both, client("mallory").signedBy(foreignRoot).build());
    }

    @Test
    void constructorRefusesNoCasAndZeroDepth() {
        assertThrows(IllegalArgumentException.class, () -> new ChainValidator(List.of(), 2, true));
        assertThrows(IllegalArgumentException.class, () -> new ChainValidator(List.of(root.certificate()), 0, true));
    }

    @Test
    void repeatedAcceptedChainIsBuiltOnce() {
        ChainValidator validator = trusting(root, 2);
        HeldCertificate dave = client("dave").signedBy(intermediate).build();
        for (int i = 0; i < 3; i++) {
            assertValid(validator, dave, intermediate.certificate());
        }
        assertEquals(1, validator.pathBuilds());
    }

    @Test
    void repeatedUntrustedChainCostsNoMoreBuildsThanTheFirst() {
        ChainValidator validator = trusting(root, 2);
        HeldCertificate mallory = client("mallory").signedBy(foreignRoot).build();
        assertRefused(ReasonCode.UNTRUSTED_ISSUER, validator, mallory, foreignRoot.certificate());
        long first = validator.pathBuilds();
        for (int i = 0; i < 3; i++) {
            assertRefused(ReasonCode.UNTRUSTED_ISSUER, validator, mallory, foreignRoot.certificate());
        }
        assertEquals(2, first, "a refusal is built twice, to tell chain-too-deep from untrusted-issuer");
        assertEquals(first, validator.pathBuilds(), "and then remembered");
    }

    @Test
    void repeatedTooDeepChainIsRememberedWithItsReason() {
        ChainValidator validator = trusting(root, 1);
        HeldCertificate dave = client("dave").signedBy(intermediate).build();
        for (int i = 0; i < 3; i++) {
            assertRefused(ReasonCode.CHAIN_TOO_DEEP, validator, dave, intermediate.certificate());
        }
        assertEquals(2, validator.pathBuilds());
    }

    @Test
    void refusalIsRememberedOnlyForTheIntermediatesItWasMadeWith() {
        ChainValidator validator = trusting(root, 2);
        HeldCertificate dave = client("dave").signedBy(intermediate).build();
        assertRefused(ReasonCode.UNTRUSTED_ISSUER, validator, dave);
        assertValid(validator, dave, intermediate.certificate());
        assertRefused(ReasonCode.UNTRUSTED_ISSUER, validator, dave);
        assertValid(validator, dave, intermediate.certificate());
        assertEquals(3, validator.pathBuilds(), "two for the refusal, one for the path, then both remembered");
    }

    @Test
    void certificateIsValidFromItsNotBeforeToItsNotAfterInclusive() {
        HeldCertificate alice = client("alice").signedBy(root)
                .validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1))).build();
        Instant notBefore = alice.certificate().getNotBefore().toInstant();
        Instant notAfter = alice.certificate().getNotAfter().toInstant();
        ChainValidator validator = trusting(root, 1);
        assertNull(validator.check(alice.certificate(), List.of(), notBefore));
        assertNull(validator.check(alice.certificate(), List.of(), notAfter));
        Denial early = validator.check(alice.certificate(), List.of(), notBefore.minusMillis(1));
        assertEquals(ReasonCode.NOT_YET_VALID, early.reason());
        assertEquals("notBefore " + notBefore, early.detail());
        Denial late = validator.check(alice.certificate(), List.of(), notAfter.plusMillis(1));
        assertEquals(ReasonCode.EXPIRED, late.reason());
        assertEquals("notAfter " + notAfter, late.detail());
    }

    @Test
    void anyExtendedKeyUsageAllowsClientAuth() throws Exception {
        X509Certificate any = withExtendedKeyUsage(KeyPurposeId.anyExtendedKeyUsage);
        assertNull(trusting(root, 1).check(any, List.of(), NOW));
        X509Certificate codeSigning = withExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning);
        assertEquals(ReasonCode.WRONG_EKU, trusting(root, 1).validate(codeSigning, List.of(), NOW));
    }

    @Test
    void refusalsSayWhatWasFound() {
        assertEquals(new Denial(ReasonCode.CA_AS_CLIENT, "basicConstraints CA=true"),
                trusting(root, 2).check(intermediate.certificate(), List.of(), NOW));
        HeldCertificate pinned = client("alice").build();
        assertEquals(new Denial(ReasonCode.CA_AS_CLIENT, "a trusted-ca certificate"),
                trusting(pinned, 1).check(pinned.certificate(), List.of(), NOW));
        HeldCertificate server = HeldCertificate.builder().commonName("www.example.com").serverAuth().signedBy(root)
                .build();
        assertEquals(new Denial(ReasonCode.WRONG_EKU, "extended key usage without clientAuth"),
                trusting(root, 1).check(server.certificate(), List.of(), NOW));
        HeldCertificate dave = client("dave").signedBy(intermediate).build();
        assertEquals(new Denial(ReasonCode.CHAIN_TOO_DEEP, "longer than max-chain-depth 1"),
                trusting(root, 1).check(dave.certificate(), List.of(intermediate.certificate()), NOW));
        assertEquals(new Denial(ReasonCode.UNTRUSTED_ISSUER, "no path to a trusted-ca certificate"),
                trusting(root, 2).check(dave.certificate(), List.of(), NOW));
    }

    /** Fails closed: the JDK reports the unreadable extension as absent, which used to mean "any usage". */
    @Test
    void extendedKeyUsageThatCannotBeReadIsTheWrongEku() throws Exception {
        X509Certificate unreadable = withRawExtendedKeyUsage(java.util.HexFormat.of().parseHex("0400"));
        assertEquals(ReasonCode.WRONG_EKU, trusting(root, 1).validate(unreadable, List.of(), NOW));
    }

    /** A client certificate from {@link #root} whose extended key usage is exactly {@code usage}. */
    private static X509Certificate withExtendedKeyUsage(KeyPurposeId usage) throws Exception {
        return withRawExtendedKeyUsage(new ExtendedKeyUsage(usage).getEncoded());
    }

    /** A client certificate from {@link #root} whose extended key usage extension holds exactly {@code value}. */
    private static X509Certificate withRawExtendedKeyUsage(byte[] value) throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("EC").generateKeyPair();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                X500Name.getInstance(root.certificate().getSubjectX500Principal().getEncoded()),
                BigInteger.valueOf(System.nanoTime()), Date.from(NOW.minus(Duration.ofHours(1))),
                Date.from(NOW.plus(Duration.ofDays(1))), new X500Name("CN=eve"), keys.getPublic());
        builder.addExtension(Extension.extendedKeyUsage, false, value);
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(root.keyPair().getPrivate())));
    }
}
