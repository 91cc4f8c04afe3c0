package io.certgate.trust;

import static io.certgate.trust.RevocationPki.crl;
import static io.certgate.trust.RevocationPki.der;
import static io.certgate.trust.RevocationPki.forgedCrl;
import static io.certgate.trust.RevocationPki.pem;
import static io.certgate.trust.RevocationPki.rewrite;
import static io.certgate.trust.RevocationPki.writePem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;

import org.bouncycastle.asn1.x509.KeyUsage;
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

/** The {@code crl} init-param below the filter: loading, checking a chain, reloading. */
class CrlFilesTest {
    private static final RevocationPki PKI = new RevocationPki();

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
    void revokedClientIsRefusedAsRevoked() throws IOException {
        ChainValidator validator = validator(Instant.now(), writePem(dir.resolve("root.crl"), crl(PKI.root, PKI.alice)));
        assertRefused(ReasonCode.REVOKED, validator, PKI.alice, Instant.now());
    }

    @Test
    void clientNotOnTheCrlPasses() throws IOException {
        ChainValidator validator = validator(Instant.now(), writePem(dir.resolve("root.crl"), crl(PKI.root, PKI.alice)));
        assertNull(validator.check(PKI.bob.certificate(), List.of(), Instant.now()));
    }

    @Test
    void derCrlIsReadToo() throws IOException {
        Path file = Files.write(dir.resolve("root.der"), der(crl(PKI.root, PKI.alice)));
        assertRefused(ReasonCode.REVOKED, validator(Instant.now(), file), PKI.alice, Instant.now());
    }

    @Test
    void severalCrlsInOnePemFileAreAllRead() throws IOException {
        Path file = Files.writeString(dir.resolve("both.pem"),
                pem(crl(PKI.root)) + pem(crl(PKI.intermediate, PKI.carol)));
        assertRefused(ReasonCode.REVOKED, validator(Instant.now(), file), PKI.carol, Instant.now());
    }

    @Test
    void revokedReasonGoesToTheDetail() throws IOException {
        ChainValidator validator = validator(Instant.now(), writePem(dir.resolve("root.crl"), crl(PKI.root, PKI.alice)));
        Denial refusal = validator.check(PKI.alice.certificate(), List.of(), Instant.now());
        assertTrue(refusal.detail().contains("root.crl") && refusal.detail().contains("KEY_COMPROMISE"),
                refusal.detail());
    }

    @Test
    void clientOfAnIntermediateIsCheckedAgainstTheIntermediatesCrl() throws IOException {
        ChainValidator validator = validator(Instant.now(), writePem(dir.resolve("root.crl"), crl(PKI.root)),
                writePem(dir.resolve("issuing.crl"), crl(PKI.intermediate, PKI.carol)));
        assertRefused(ReasonCode.REVOKED, validator, PKI.carol, Instant.now());
    }

    @Test
    void revokedIntermediateRefusesEveryClientItIssued() throws IOException {
        ChainValidator validator = validator(Instant.now(),
                writePem(dir.resolve("root.crl"), crl(PKI.root, PKI.intermediate)),
                writePem(dir.resolve("issuing.crl"), crl(PKI.intermediate)));
        assertRefused(ReasonCode.REVOKED, validator, PKI.carol, Instant.now());
    }

    @Test
    void issuerWithoutACrlFailsClosed() throws IOException {
        ChainValidator validator = validator(Instant.now(), writePem(dir.resolve("root.crl"), crl(PKI.root)));
        Denial refusal = assertRefused(ReasonCode.REVOCATION_UNKNOWN, validator, PKI.carol, Instant.now());
        assertTrue(refusal.detail().contains("Revocation Issuing CA"), refusal.detail());
    }

    @Test
    void intermediateCrlSignedByAnotherKeyDoesNotCount() throws IOException {
        HeldCertificate stranger = HeldCertificate.builder().commonName("Stranger").certificateAuthority(0).build();
        ChainValidator validator = validator(Instant.now(), writePem(dir.resolve("root.crl"), crl(PKI.root)),
                writePem(dir.resolve("issuing.crl"), forgedCrl(PKI.intermediate, stranger)));
        assertRefused(ReasonCode.REVOCATION_UNKNOWN, validator, PKI.carol, Instant.now());
    }

    @Test
    void crlFromATrustedCaWithTheWrongSignatureStopsLoading() throws IOException {
        Path forged = writePem(dir.resolve("root.crl"), forgedCrl(PKI.root, PKI.impostor));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> load(Instant.now(), forged));
        assertTrue(error.getMessage().contains("not signed by"), error.getMessage());
        assertTrue(error.getMessage().contains("root.crl"), error.getMessage());
    }

    @Test
    void unreadableCrlStopsLoadingNamingTheFile() throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.crl"), "-----BEGIN X509 CRL-----\nbm90IGEgQ1JM\n-----END X509 CRL-----\n");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> load(Instant.now(), junk));
        assertTrue(error.getMessage().contains("junk.crl"), error.getMessage());
    }

    @Test
    void missingCrlStopsLoading() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> load(Instant.now(), dir.resolve("absent.crl")));
        assertTrue(error.getMessage().contains("does not exist"), error.getMessage());
    }

    @Test
    void rewrittenCrlTakesEffectAtTheNextCheck() throws IOException {
        Instant start = Instant.now();
        Path file = writePem(dir.resolve("root.crl"), crl(PKI.root));
        ChainValidator validator = validator(start, file);
        assertNull(validator.check(PKI.alice.certificate(), List.of(), start));

        rewrite(file, pem(crl(PKI.root, PKI.alice)).getBytes(StandardCharsets.US_ASCII));
        assertNull(validator.check(PKI.alice.certificate(), List.of(), start.plusMillis(500)),
                "files are looked at no more than once per second");
        assertRefused(ReasonCode.REVOKED, validator, PKI.alice, start.plus(CrlFiles.CHECK_INTERVAL));
        assertTrue(log.has(Level.INFO, "reloaded"), log.toString());
    }

    @Test
    void brokenRewriteKeepsTheLastGoodCrlAndLogsOnce() throws IOException {
        Instant start = Instant.now();
        Path file = writePem(dir.resolve("root.crl"), crl(PKI.root, PKI.alice));
        ChainValidator validator = validator(start, file);

        rewrite(file, "half a CRL".getBytes(StandardCharsets.US_ASCII));
        Instant later = start.plus(CrlFiles.CHECK_INTERVAL);
        assertRefused(ReasonCode.REVOKED, validator, PKI.alice, later);
        assertNull(validator.check(PKI.bob.certificate(), List.of(), later));
        assertRefused(ReasonCode.REVOKED, validator, PKI.alice, later.plus(CrlFiles.CHECK_INTERVAL));
        assertEquals(1, log.count(Level.SEVERE, "init-param 'crl'"), log.toString());
        assertTrue(log.has(Level.SEVERE, "still using the CRLs loaded before"), log.toString());
    }

    @Test
    void badlySignedRewriteKeepsTheLastGoodCrlAndLogs() throws IOException {
        Instant start = Instant.now();
        Path file = writePem(dir.resolve("root.crl"), crl(PKI.root, PKI.alice));
        ChainValidator validator = validator(start, file);

        rewrite(file, pem(forgedCrl(PKI.root, PKI.impostor)).getBytes(StandardCharsets.US_ASCII));
        assertRefused(ReasonCode.REVOKED, validator, PKI.alice, start.plus(CrlFiles.CHECK_INTERVAL));
        assertTrue(log.has(Level.SEVERE, "not signed by"), log.toString());
    }

    @Test
    void fixingABrokenRewriteLoadsTheFixedCrl() throws IOException {
        Instant start = Instant.now();
        Path file = writePem(dir.resolve("root.crl"), crl(PKI.root));
        ChainValidator validator = validator(start, file);
        rewrite(file, "broken".getBytes(StandardCharsets.US_ASCII));
        assertNull(validator.check(PKI.bob.certificate(), List.of(), start.plus(CrlFiles.CHECK_INTERVAL)));

        rewrite(file, pem(crl(PKI.root, PKI.bob)).getBytes(StandardCharsets.US_ASCII));
        assertRefused(ReasonCode.REVOKED, validator, PKI.bob, start.plus(CrlFiles.CHECK_INTERVAL.multipliedBy(2)));
    }

    @Test
    void concurrentRequestsDuringARewriteSeeTheOldOrTheNewCrlNeverAFailure() throws Exception {
        Instant start = Instant.now();
        Path file = writePem(dir.resolve("root.crl"), crl(PKI.root));
        ChainValidator validator = validator(start, file);
        rewrite(file, pem(crl(PKI.root, PKI.alice)).getBytes(StandardCharsets.US_ASCII));
        Instant later = start.plus(CrlFiles.CHECK_INTERVAL);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Denial>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                results.add(pool.submit(() -> validator.check(PKI.alice.certificate(), List.of(), later)));
            }
            for (Future<Denial> result : results) {
                Denial refusal = result.get();
                assertTrue(refusal == null || refusal.reason() == ReasonCode.REVOKED, "" + refusal);
            }
        } finally {
            pool.shutdownNow();
        }
        assertRefused(ReasonCode.REVOKED, validator, PKI.alice, later);
        assertEquals(1, log.count(Level.INFO, "reloaded"), "one request reloads, the others go on: " + log);
    }

    @Test
    void staleCrlStillCoversWithCrlStaleWarnAndLogsOnce() throws IOException {
        Instant start = Instant.now();
        Path file = writePem(dir.resolve("root.crl"), RevocationPki.crlDue(PKI.root, start.plusSeconds(60), PKI.alice));
        ChainValidator validator = validator(CrlFiles.Stale.WARN, start, file);
        assertNull(validator.check(PKI.bob.certificate(), List.of(), start));
        Instant stale = start.plusSeconds(120);
        assertNull(validator.check(PKI.bob.certificate(), List.of(), stale));
        assertNull(validator.check(PKI.bob.certificate(), List.of(), stale.plusMillis(1)));
        assertRefused(ReasonCode.REVOKED, validator, PKI.alice, stale);
        assertEquals(1, log.count(Level.WARNING, "was due for renewal"), log.toString());
    }

    @Test
    void staleCrlCoversNothingWithCrlStaleDeny() throws IOException {
        Instant start = Instant.now();
        Path file = writePem(dir.resolve("root.crl"), RevocationPki.crlDue(PKI.root, start.plusSeconds(60), PKI.alice));
        ChainValidator validator = validator(CrlFiles.Stale.DENY, start, file);
        assertNull(validator.check(PKI.bob.certificate(), List.of(), start), "fresh until its nextUpdate");

        Instant stale = start.plusSeconds(120);
        Denial refusal = assertRefused(ReasonCode.REVOCATION_UNKNOWN, validator, PKI.bob, stale);
        assertTrue(refusal.detail().contains("root.crl") && refusal.detail().contains("crl-stale=deny"),
                refusal.detail());
        assertRefused(ReasonCode.REVOKED, validator, PKI.alice, stale);
    }

    @Test
    void crlPastItsNextUpdateWhenLoadedIsRefusedWithCrlStaleDenyUntilAFreshOneArrives() throws IOException {
        Instant start = Instant.now();
        Path file = writePem(dir.resolve("root.crl"), RevocationPki.crlDue(PKI.root, start.minusSeconds(60)));
        ChainValidator validator = validator(CrlFiles.Stale.DENY, start, file);
        assertRefused(ReasonCode.REVOCATION_UNKNOWN, validator, PKI.bob, start);
        assertTrue(log.has(Level.WARNING, "crl-stale=deny"), log.toString());

        rewrite(file, pem(crl(PKI.root)).getBytes(StandardCharsets.US_ASCII));
        assertNull(validator.check(PKI.bob.certificate(), List.of(), start.plus(CrlFiles.CHECK_INTERVAL)));
    }

    @Test
    void aFreshCrlBesideAStaleOneCoversWithCrlStaleDeny() throws IOException {
        Instant start = Instant.now();
        ChainValidator validator = validator(CrlFiles.Stale.DENY, start,
                writePem(dir.resolve("old.crl"), RevocationPki.crlDue(PKI.root, start.minusSeconds(60))),
                writePem(dir.resolve("new.crl"), crl(PKI.root)));
        assertNull(validator.check(PKI.bob.certificate(), List.of(), start));
    }

    @Test
    void crlStaleIsParsedStrictly() {
        assertEquals(CrlFiles.Stale.DENY, CrlFiles.Stale.parse(" deny "));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> CrlFiles.Stale.parse("refuse"));
        assertTrue(error.getMessage().contains("warn or deny"), error.getMessage());
    }

    @Test
    void kubernetesSecretUpdateIsSeenEvenWithTheSameModificationTimeAndSize() throws IOException {
        ProjectedVolume volume = new ProjectedVolume(dir);
        FileTime sameTime = FileTime.from(Instant.parse("2026-12-02T10:00:00Z"));
        String[] crls = sameLength(pem(crl(PKI.root, PKI.bob)), pem(crl(PKI.root, PKI.alice)));
        volume.publish(Map.of("root.crl", crls[0].getBytes(StandardCharsets.US_ASCII)), sameTime);
        Instant start = Instant.now();
        ChainValidator validator = validator(start, volume.file("root.crl"));
        assertRefused(ReasonCode.REVOKED, validator, PKI.bob, start);
        assertNull(validator.check(PKI.alice.certificate(), List.of(), start));

        volume.publish(Map.of("root.crl", crls[1].getBytes(StandardCharsets.US_ASCII)), sameTime);
        Instant later = start.plus(CrlFiles.CHECK_INTERVAL);
        assertRefused(ReasonCode.REVOKED, validator, PKI.alice, later);
        assertNull(validator.check(PKI.bob.certificate(), List.of(), later));
        assertTrue(log.has(Level.INFO, "reloaded"), log.toString());
    }

    @Test
    void noFileIsRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> CrlFiles.load(List.of(), List.of(PKI.root.certificate()), Instant.now()));
        assertTrue(error.getMessage().startsWith("no CRL file given"), error.getMessage());
    }

    @Test
    void emptyFileHoldsNoCrl() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.crl"), "");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> load(Instant.now(), empty));
        assertTrue(error.getMessage().contains("empty.crl\" holds no CRL"), error.getMessage());
    }

    @Test
    void crlStaleIsPrintedAsItIsWritten() {
        assertEquals("warn", CrlFiles.Stale.parse("warn").toString());
        assertEquals("deny", CrlFiles.Stale.DENY.toString());
    }

    @Test
    void revokedDetailNamesTheCertificateAndTheFile() throws IOException {
        Path file = writePem(dir.resolve("root.crl"), RevocationPki.crlWithoutNextUpdateOrReasons(PKI.root, PKI.alice));
        Denial refusal = assertRefused(ReasonCode.REVOKED, validator(Instant.now(), file), PKI.alice, Instant.now());
        assertEquals("CN=alice serial " + PKI.alice.certificate().getSerialNumber().toString(16) + " is revoked by "
                + file, refusal.detail(), "no reason code in the CRL, none in the detail");
    }

    @Test
    void crlWithoutNextUpdateNeverGoesStale() throws IOException {
        Path file = writePem(dir.resolve("root.crl"), RevocationPki.crlWithoutNextUpdateOrReasons(PKI.root));
        Instant start = Instant.now();
        ChainValidator validator = validator(CrlFiles.Stale.DENY, start, file);
        assertNull(validator.check(PKI.bob.certificate(), List.of(), start.plus(java.time.Duration.ofDays(300))));
    }

    @Test
    void crlIsStaleOnlyAfterItsNextUpdate() throws IOException {
        Instant start = Instant.now();
        java.security.cert.X509CRL due = RevocationPki.crlDue(PKI.root, start.plusSeconds(60));
        Instant nextUpdate = due.getNextUpdate().toInstant();
        ChainValidator validator = validator(CrlFiles.Stale.DENY, start, writePem(dir.resolve("root.crl"), due));
        assertNull(validator.check(PKI.bob.certificate(), List.of(), nextUpdate), "still current at its nextUpdate");
        assertRefused(ReasonCode.REVOCATION_UNKNOWN, validator, PKI.bob, nextUpdate.plusMillis(1));
    }

    @Test
    void crlStaleWhenLoadedWithCrlStaleWarnIsLoggedOnceAndStillCovers() throws IOException {
        Instant start = Instant.now();
        Path file = writePem(dir.resolve("root.crl"), RevocationPki.crlDue(PKI.root, start.minusSeconds(60)));
        ChainValidator validator = validator(CrlFiles.Stale.WARN, start, file);
        assertNull(validator.check(PKI.bob.certificate(), List.of(), start));
        assertNull(validator.check(PKI.bob.certificate(), List.of(), start.plusMillis(1)));
        assertEquals(1, log.count(Level.WARNING, "was due for renewal"), log.toString());
        assertTrue(log.has(Level.WARNING, "it is still used (crl-stale=warn), fetch a fresh one"), log.toString());
    }

    @Test
    void clientOfAnIssuerWithoutACrlIsUnknownNamingBoth() throws IOException {
        ChainValidator validator = validator(Instant.now(), writePem(dir.resolve("root.crl"), crl(PKI.root)));
        Denial refusal = assertRefused(ReasonCode.REVOCATION_UNKNOWN, validator, PKI.carol, Instant.now());
        assertEquals("no crl is from CN=Revocation Issuing CA, the issuer of CN=carol", refusal.detail());
    }

    @Test
    void crlOfAnIntermediateWithoutCrlSignDoesNotCount() throws IOException {
        HeldCertificate noCrlSign = RevocationPki.caWithKeyUsage("No cRLSign CA", PKI.root, KeyUsage.keyCertSign);
        HeldCertificate dave = RevocationPki.client("dave", noCrlSign);
        ChainValidator validator = validator(Instant.now(), writePem(dir.resolve("root.crl"), crl(PKI.root)),
                writePem(dir.resolve("issuing.crl"), crl(noCrlSign)));
        Denial refusal = validator.check(dave.certificate(), List.of(noCrlSign.certificate()), Instant.now());
        assertEquals(ReasonCode.REVOCATION_UNKNOWN, refusal == null ? null : refusal.reason(), "" + refusal);
        assertEquals("no crl from CN=No cRLSign CA is signed by its key", refusal.detail());
    }

    @Test
    void crlOfAnIntermediateWithoutKeyUsageCounts() throws IOException {
        HeldCertificate anyUsage = RevocationPki.caWithKeyUsage("Old Style CA", PKI.root, null);
        HeldCertificate dave = RevocationPki.client("dave", anyUsage);
        HeldCertificate erin = RevocationPki.client("erin", anyUsage);
        ChainValidator validator = validator(Instant.now(), writePem(dir.resolve("root.crl"), crl(PKI.root)),
                writePem(dir.resolve("issuing.crl"), crl(anyUsage, erin)));
        assertNull(validator.check(dave.certificate(), List.of(anyUsage.certificate()), Instant.now()));
        Denial refusal = validator.check(erin.certificate(), List.of(anyUsage.certificate()), Instant.now());
        assertEquals(ReasonCode.REVOKED, refusal == null ? null : refusal.reason(), "" + refusal);
    }

    @Test
    void crlOfATrustedCaWithoutCrlSignStopsLoading() throws IOException {
        HeldCertificate noCrlSign = RevocationPki.caWithKeyUsage("No cRLSign Root", PKI.root, KeyUsage.keyCertSign);
        Path file = writePem(dir.resolve("root.crl"), crl(noCrlSign));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> CrlFiles.load(List.of(file), List.of(noCrlSign.certificate()), Instant.now()));
        assertTrue(error.getMessage().contains("or the CA lacks cRLSign"), error.getMessage());
    }

    @Test
    void crlOfATrustedCaIsAcceptedWhenAnotherTrustedCaWithTheSameNameSignedIt() throws IOException {
        Path file = writePem(dir.resolve("root.crl"), crl(PKI.root, PKI.alice));
        CrlFiles crls = CrlFiles.load(List.of(file), List.of(PKI.impostor.certificate(), PKI.root.certificate()),
                Instant.now());
        assertEquals(ReasonCode.REVOKED, crls.check(PKI.alice.certificate(), PKI.root.certificate(),
                List.of(PKI.impostor.certificate(), PKI.root.certificate()), Instant.now()).reason());
    }

    @Test
    void clockSetBackByMoreThanAnIntervalLooksAtTheFilesAgain() throws IOException {
        Instant start = Instant.now();
        Path file = writePem(dir.resolve("root.crl"), crl(PKI.root));
        ChainValidator validator = validator(start, file);
        rewrite(file, pem(crl(PKI.root, PKI.alice)).getBytes(StandardCharsets.US_ASCII));
        assertNull(validator.check(PKI.alice.certificate(), List.of(), start.minus(CrlFiles.CHECK_INTERVAL)),
                "a request that started an interval before the last check is no clock change");
        assertRefused(ReasonCode.REVOKED, validator, PKI.alice, start.minus(CrlFiles.CHECK_INTERVAL).minusMillis(1));
    }

    @Test
    void unchangedFilesAreNotReadAgain() throws IOException {
        Instant start = Instant.now();
        Path file = writePem(dir.resolve("root.crl"), crl(PKI.root, PKI.alice));
        ChainValidator validator = validator(start, file);
        for (int i = 1; i <= 3; i++) {
            assertRefused(ReasonCode.REVOKED, validator, PKI.alice, start.plus(CrlFiles.CHECK_INTERVAL.multipliedBy(i)));
        }
        assertTrue(!log.has(Level.INFO, "reloaded"), log.toString());
    }

    @Test
    void theSameTrustedCasInAnotherListDoNotReload() throws IOException {
        Instant start = Instant.now();
        Path file = writePem(dir.resolve("root.crl"), crl(PKI.root, PKI.alice));
        CrlFiles crls = load(start, file);
        rewrite(file, pem(crl(PKI.root)).getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 2; i++) {
            Denial refusal = crls.check(PKI.alice.certificate(), PKI.root.certificate(),
                    new ArrayList<>(List.of(PKI.root.certificate())), start.plusMillis(i));
            assertEquals(ReasonCode.REVOKED, refusal == null ? null : refusal.reason(),
                    "the files are not due yet: " + refusal);
        }
        assertTrue(!log.has(Level.INFO, "reloaded"), log.toString());
    }

    @Test
    void newTrustedCasReadTheFilesAgainAtOnceAndARefusedCrlIsReported() throws IOException {
        Instant start = Instant.now();
        Path file = writePem(dir.resolve("root.crl"), crl(PKI.root, PKI.alice));
        CrlFiles crls = load(start, file);
        assertNull(crls.failure());

        List<java.security.cert.X509Certificate> rekeyed = List.of(PKI.impostor.certificate());
        crls.refresh(rekeyed, start);
        ReloadFailure failure = crls.failure();
        assertEquals("crl", failure == null ? null : failure.parameter(), "" + failure);
        assertEquals(file.toString(), failure.file());
        assertEquals(start, failure.at());
        assertTrue(failure.message().contains("not signed by"), failure.message());
        assertEquals(ReasonCode.REVOKED, crls.check(PKI.alice.certificate(), PKI.root.certificate(), rekeyed,
                start).reason(), "the CRLs loaded before stay in force");

        rewrite(file, pem(crl(PKI.impostor, PKI.bob)).getBytes(StandardCharsets.US_ASCII));
        crls.refresh(rekeyed, start.plus(CrlFiles.CHECK_INTERVAL));
        assertNull(crls.failure(), "fixed");
        assertEquals(ReasonCode.REVOKED, crls.check(PKI.bob.certificate(), PKI.impostor.certificate(), rekeyed,
                start.plus(CrlFiles.CHECK_INTERVAL)).reason());
    }

    @Test
    void deletedCrlKeepsTheLastGoodOneAndIsReported() throws IOException {
        Instant start = Instant.now();
        Path file = writePem(dir.resolve("root.crl"), crl(PKI.root, PKI.alice));
        Path other = writePem(dir.resolve("issuing.crl"), crl(PKI.intermediate));
        CrlFiles crls = load(start, other, file);
        Files.delete(file);
        Instant later = start.plus(CrlFiles.CHECK_INTERVAL);
        crls.refresh(List.of(PKI.root.certificate()), later);
        ReloadFailure failure = crls.failure();
        assertEquals(file.toString(), failure == null ? null : failure.file(), "" + failure);
        assertTrue(failure.message().contains("does not exist"), failure.message());
        assertEquals(ReasonCode.REVOKED, crls.check(PKI.alice.certificate(), PKI.root.certificate(),
                List.of(PKI.root.certificate()), later).reason());
    }

    /** The texts padded with trailing newlines to one length, so a size comparison cannot tell them apart. */
    static String[] sameLength(String... texts) {
        int length = 0;
        for (String text : texts) {
            length = Math.max(length, text.length());
        }
        String[] padded = new String[texts.length];
        for (int i = 0; i < texts.length; i++) {
            padded[i] = texts[i] + "\n".repeat(length - texts[i].length());
        }
        return padded;
    }

    private ChainValidator validator(Instant now, Path... files) {
        return new ChainValidator(List.of(PKI.root.certificate()), 2, true, load(now, files), null);
    }

    private static ChainValidator validator(CrlFiles.Stale stale, Instant now, Path... files) {
        return new ChainValidator(List.of(PKI.root.certificate()), 2, true,
                CrlFiles.load(List.of(files), List.of(PKI.root.certificate()), stale, now), null);
    }

    private static CrlFiles load(Instant now, Path... files) {
        return CrlFiles.load(List.of(files), List.of(PKI.root.certificate()), now);
    }

    private static Denial assertRefused(ReasonCode expected, ChainValidator validator, HeldCertificate client,
            Instant now) {
        List<java.security.cert.X509Certificate> chain = client == PKI.carol
                ? List.of(PKI.intermediate.certificate()) : List.of();
        Denial refusal = validator.check(client.certificate(), chain, now);
        assertEquals(expected, refusal == null ? null : refusal.reason(), "refusal: " + refusal);
        return refusal;
    }
}
