package io.certgate.trust;

import static io.certgate.trust.RevocationPki.crl;
import static io.certgate.trust.RevocationPki.pem;
import static io.certgate.trust.RevocationPki.rewrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.certgate.LogCapture;
import io.certgate.ProjectedVolume;
import io.certgate.config.ReloadFailure;
import io.certgate.pki.HeldCertificate;
import io.certgate.verdict.Denial;
import io.certgate.verdict.ReasonCode;

/** {@code trusted-ca} reloaded while the filter runs: rotation without a restart. */
class TrustedCaBundleTest {
    private static final RevocationPki PKI = new RevocationPki();
    private static final HeldCertificate OTHER_ROOT = HeldCertificate.builder().commonName("Other Root CA")
            .certificateAuthority(0).build();
    private static final HeldCertificate ERIN = RevocationPki.client("erin", OTHER_ROOT);

    @TempDir
    Path dir;
    private final LogCapture log = new LogCapture();

    @BeforeEach
    void captureLog() {
        log.start();
    }

    @AfterEach
    void stopCapture() {
        log.stop();
    }

    @Test
    void addedCaIsTrustedAtTheNextCheck() throws IOException {
        Instant start = Instant.now();
        Path bundle = Files.writeString(dir.resolve("ca.pem"), PKI.root.certificatePem());
        ChainValidator validator = validator(bundle, start);
        assertRefused(ReasonCode.UNTRUSTED_ISSUER, validator, ERIN, start);

        rewrite(bundle, (PKI.root.certificatePem() + OTHER_ROOT.certificatePem()).getBytes(StandardCharsets.US_ASCII));
        assertRefused(ReasonCode.UNTRUSTED_ISSUER, validator, ERIN, start.plusMillis(500));
        assertValid(validator, ERIN, start.plus(TrustedCaBundle.CHECK_INTERVAL));
        assertValid(validator, PKI.alice, start.plus(TrustedCaBundle.CHECK_INTERVAL));
        assertTrue(log.has(Level.INFO, "init-param 'trusted-ca': reloaded"), log.toString());
    }

    @Test
    void removedCaIsNotTrustedAnyMoreEvenForAPathBuiltBefore() throws IOException {
        Instant start = Instant.now();
        Path bundle = Files.writeString(dir.resolve("ca.pem"), PKI.root.certificatePem() + OTHER_ROOT.certificatePem());
        ChainValidator validator = validator(bundle, start);
        assertValid(validator, ERIN, start);
        assertValid(validator, ERIN, start.plusMillis(10));

        rewrite(bundle, PKI.root.certificatePem().getBytes(StandardCharsets.US_ASCII));
        assertRefused(ReasonCode.UNTRUSTED_ISSUER, validator, ERIN, start.plus(TrustedCaBundle.CHECK_INTERVAL));
        assertValid(validator, PKI.alice, start.plus(TrustedCaBundle.CHECK_INTERVAL));
    }

    @Test
    void brokenRewriteKeepsTheLastGoodSetAndLogsOnce() throws IOException {
        Instant start = Instant.now();
        Path bundle = Files.writeString(dir.resolve("ca.pem"), PKI.root.certificatePem());
        ChainValidator validator = validator(bundle, start);

        rewrite(bundle, "-----BEGIN CERTIFICATE-----\nhalf a certifi".getBytes(StandardCharsets.US_ASCII));
        Instant later = start.plus(TrustedCaBundle.CHECK_INTERVAL);
        assertValid(validator, PKI.alice, later);
        assertRefused(ReasonCode.UNTRUSTED_ISSUER, validator, ERIN, later);
        assertValid(validator, PKI.alice, later.plus(TrustedCaBundle.CHECK_INTERVAL));
        assertEquals(1, log.count(Level.SEVERE, "init-param 'trusted-ca'"), log.toString());
        assertTrue(log.has(Level.SEVERE, "still trusting the CAs loaded before"), log.toString());

        rewrite(bundle, OTHER_ROOT.certificatePem().getBytes(StandardCharsets.US_ASCII));
        Instant fixed = later.plus(TrustedCaBundle.CHECK_INTERVAL.multipliedBy(2));
        assertValid(validator, ERIN, fixed);
        assertRefused(ReasonCode.UNTRUSTED_ISSUER, validator, PKI.alice, fixed);
    }

    @Test
    void bundleWithALeafCertificateIsBrokenToo() throws IOException {
        Instant start = Instant.now();
        Path bundle = Files.writeString(dir.resolve("ca.pem"), PKI.root.certificatePem());
        ChainValidator validator = validator(bundle, start);
        rewrite(bundle, (OTHER_ROOT.certificatePem() + ERIN.certificatePem()).getBytes(StandardCharsets.US_ASCII));
        Instant later = start.plus(TrustedCaBundle.CHECK_INTERVAL);
        assertValid(validator, PKI.alice, later);
        assertRefused(ReasonCode.UNTRUSTED_ISSUER, validator, ERIN, later);
        assertTrue(log.has(Level.SEVERE, "not a CA certificate"), log.toString());
    }

    @Test
    void kubernetesSecretUpdateIsSeenEvenWithTheSameModificationTimeAndSize() throws IOException {
        ProjectedVolume volume = new ProjectedVolume(dir);
        FileTime sameTime = FileTime.from(Instant.parse("2026-12-02T10:00:00Z"));
        String[] bundles = CrlFilesTest.sameLength(PKI.root.certificatePem(), OTHER_ROOT.certificatePem());
        volume.publish(Map.of("ca.pem", bundles[0].getBytes(StandardCharsets.US_ASCII)), sameTime);
        Instant start = Instant.now();
        ChainValidator validator = validator(volume.file("ca.pem"), start);
        assertValid(validator, PKI.alice, start);

        volume.publish(Map.of("ca.pem", bundles[1].getBytes(StandardCharsets.US_ASCII)), sameTime);
        Instant later = start.plus(TrustedCaBundle.CHECK_INTERVAL);
        assertValid(validator, ERIN, later);
        assertRefused(ReasonCode.UNTRUSTED_ISSUER, validator, PKI.alice, later);
    }

    /**
     * A CA re-keyed under the same name, its new certificate and its first CRL (signed by the new key) published
     * in one Secret update: the CRL is checked against the new CA, not refused against the old one.
     */
    @Test
    void caRekeyedTogetherWithItsCrlInOneSecretUpdate() throws IOException {
        HeldCertificate rekeyed = PKI.impostor;
        HeldCertificate frank = RevocationPki.client("frank", rekeyed);
        HeldCertificate grace = RevocationPki.client("grace", rekeyed);
        ProjectedVolume volume = new ProjectedVolume(dir);
        volume.publish(files(PKI.root.certificatePem(), pem(crl(PKI.root, PKI.alice))), FileTime.from(Instant.now()));
        Instant start = Instant.now();
        TrustedCaBundle cas = TrustedCaBundle.load(volume.file("ca.pem").toString(), getClass().getClassLoader(),
                start);
        CrlFiles crls = CrlFiles.load(List.of(volume.file("root.crl")), cas.certificates(), start);
        ChainValidator validator = new ChainValidator(cas, 2, true, crls, null);
        assertRefused(ReasonCode.REVOKED, validator, PKI.alice, start);
        assertValid(validator, PKI.bob, start);

        volume.publish(files(rekeyed.certificatePem(), pem(crl(rekeyed, grace))), FileTime.from(Instant.now()));
        Instant later = start.plus(TrustedCaBundle.CHECK_INTERVAL);
        assertValid(validator, frank, later);
        assertRefused(ReasonCode.REVOKED, validator, grace, later);
        assertRefused(ReasonCode.UNTRUSTED_ISSUER, validator, PKI.bob, later);
        assertTrue(!log.has(Level.SEVERE, "not signed by"), log.toString());
    }

    @Test
    void classpathBundleIsReadOnce() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TrustedCaBundle.load("classpath:nope.pem", getClass().getClassLoader(), Instant.now()));
        assertTrue(error.getMessage().contains("does not exist"), error.getMessage());
    }

    @Test
    void clockSetBackByMoreThanAnIntervalLooksAtTheFileAgain() throws IOException {
        Instant start = Instant.now();
        Path bundle = Files.writeString(dir.resolve("ca.pem"), PKI.root.certificatePem());
        ChainValidator validator = validator(bundle, start);
        rewrite(bundle, OTHER_ROOT.certificatePem().getBytes(StandardCharsets.US_ASCII));
        Instant earlier = start.minus(TrustedCaBundle.CHECK_INTERVAL);
        assertValid(validator, PKI.alice, earlier);
        assertValid(validator, ERIN, earlier.minusMillis(1));
        assertRefused(ReasonCode.UNTRUSTED_ISSUER, validator, PKI.alice, earlier.minusMillis(1));
    }

    @Test
    void unchangedFileIsNotReadAgain() throws IOException {
        Instant start = Instant.now();
        Path bundle = Files.writeString(dir.resolve("ca.pem"), PKI.root.certificatePem());
        TrustedCaBundle cas = TrustedCaBundle.load(bundle.toString(), getClass().getClassLoader(), start);
        Anchors first = cas.current(start);
        for (int i = 1; i <= 3; i++) {
            assertSame(first, cas.current(start.plus(TrustedCaBundle.CHECK_INTERVAL.multipliedBy(i))));
        }
        assertTrue(!log.has(Level.INFO, "reloaded"), log.toString());
    }

    @Test
    void reloadIsLoggedWithTheNumberOfCas() throws IOException {
        Instant start = Instant.now();
        Path bundle = Files.writeString(dir.resolve("ca.pem"), PKI.root.certificatePem());
        TrustedCaBundle cas = TrustedCaBundle.load(bundle.toString(), getClass().getClassLoader(), start);
        rewrite(bundle, (PKI.root.certificatePem() + OTHER_ROOT.certificatePem()).getBytes(StandardCharsets.US_ASCII));
        Anchors reloaded = cas.current(start.plus(TrustedCaBundle.CHECK_INTERVAL));
        assertEquals(List.of(PKI.root.certificate(), OTHER_ROOT.certificate()), reloaded.certificates());
        assertEquals(reloaded.certificates(), cas.certificates());
        assertTrue(log.has(Level.INFO, "reloaded " + bundle + ", 2 CA certificate(s)"), log.toString());
    }

    @Test
    void deletedBundleKeepsTheLastGoodSetAndIsReportedUntilItIsBack() throws IOException {
        Instant start = Instant.now();
        Path bundle = Files.writeString(dir.resolve("ca.pem"), PKI.root.certificatePem());
        TrustedCaBundle cas = TrustedCaBundle.load(" " + bundle + " ", getClass().getClassLoader(), start);
        assertNull(cas.failure());
        Files.delete(bundle);
        Instant later = start.plus(TrustedCaBundle.CHECK_INTERVAL);
        assertEquals(List.of(PKI.root.certificate()), cas.current(later).certificates());
        ReloadFailure failure = cas.failure();
        assertEquals("trusted-ca", failure == null ? null : failure.parameter(), "" + failure);
        assertEquals(bundle.toString(), failure.file());
        assertEquals(later, failure.at());
        assertTrue(failure.message().contains("does not exist"), failure.message());

        Files.writeString(bundle, OTHER_ROOT.certificatePem());
        Instant fixed = later.plus(TrustedCaBundle.CHECK_INTERVAL);
        assertEquals(List.of(OTHER_ROOT.certificate()), cas.current(fixed).certificates());
        assertNull(cas.failure());
    }

    @Test
    void classpathBundleIsNeverLookedAtAgain() throws IOException {
        Files.createDirectories(dir.resolve("certs"));
        Files.writeString(dir.resolve("certs/ca.pem"), PKI.root.certificatePem());
        ClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
        Instant start = Instant.now();
        TrustedCaBundle cas = TrustedCaBundle.load("classpath:certs/ca.pem", loader, start);
        Anchors first = cas.current(start);
        Files.writeString(dir.resolve("certs/ca.pem"), OTHER_ROOT.certificatePem());
        assertSame(first, cas.current(start.plus(TrustedCaBundle.CHECK_INTERVAL.multipliedBy(5))));
        assertEquals(List.of(PKI.root.certificate()), cas.certificates());
        assertNull(cas.failure());
    }

    @Test
    void fixedSetNeverChanges() {
        TrustedCaBundle cas = TrustedCaBundle.fixed(List.of(PKI.root.certificate()));
        Anchors first = cas.current(Instant.now());
        assertSame(first, cas.current(Instant.now().plus(TrustedCaBundle.CHECK_INTERVAL.multipliedBy(5))));
        assertTrue(first.contains(PKI.root.certificate()));
        assertTrue(!first.contains(OTHER_ROOT.certificate()));
        assertEquals(1, first.trustAnchors().size());
    }

    private static Map<String, byte[]> files(String caPem, String crlPem) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("ca.pem", caPem.getBytes(StandardCharsets.US_ASCII));
        files.put("root.crl", crlPem.getBytes(StandardCharsets.US_ASCII));
        return files;
    }

    private ChainValidator validator(Path bundle, Instant now) {
        return new ChainValidator(TrustedCaBundle.load(bundle.toString(), getClass().getClassLoader(), now), 2, true,
                null, null);
    }

    private static void assertValid(ChainValidator validator, HeldCertificate client, Instant now) {
        Denial refusal = validator.check(client.certificate(), List.of(), now);
        assertNull(refusal, () -> client.certificate().getSubjectX500Principal() + " refused: " + refusal);
    }

    private static void assertRefused(ReasonCode expected, ChainValidator validator, HeldCertificate client,
            Instant now) {
        Denial refusal = validator.check(client.certificate(), List.of(), now);
        assertEquals(expected, refusal == null ? null : refusal.reason(), "refusal: " + refusal);
    }
}
