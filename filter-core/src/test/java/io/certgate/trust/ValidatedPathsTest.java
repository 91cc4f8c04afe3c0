package io.certgate.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.certgate.pki.HeldCertificate;
import io.certgate.verdict.Denial;
import io.certgate.verdict.ReasonCode;

/** The memo of built paths: reused only for the same client, intermediates and time window, and bounded. */
class ValidatedPathsTest {
    private static final Instant NOW = Instant.now();

    private static HeldCertificate root;
    private static HeldCertificate intermediate;

    @BeforeAll
    static void buildPki() {
        root = HeldCertificate.builder().commonName("Test Root CA").certificateAuthority(1).build();
        intermediate = HeldCertificate.builder().commonName("Test Issuing CA").certificateAuthority(0).signedBy(root)
                .validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(10))).build();
    }

    @Test
    void aPathIsReusedWithinTheValidityOfEveryCertificateInIt() throws Exception {
        HeldCertificate dave = HeldCertificate.builder().commonName("dave").clientAuth().signedBy(intermediate)
                .validity(NOW.minus(Duration.ofDays(2)), NOW.plus(Duration.ofDays(30))).build();
        List<X509Certificate> chain = List.of(intermediate.certificate());
        PKIXCertPathBuilderResult path = build(dave, chain);
        ValidatedPaths paths = new ValidatedPaths(16);
        paths.put(dave.certificate(), chain, path);

        assertSame(path, paths.get(dave.certificate(), List.of(intermediate.certificate()), NOW));
        assertNull(paths.get(dave.certificate(), chain, NOW.plus(Duration.ofDays(11))),
                "the intermediate, which expires first, has expired");
        assertNull(paths.get(dave.certificate(), chain, NOW.minus(Duration.ofDays(3))), "before the leaf's notBefore");
        assertNull(paths.get(dave.certificate(), List.of(), NOW), "other intermediates");
        assertNull(paths.get(dave.certificate(), List.of(intermediate.certificate(), root.certificate()), NOW),
                "other intermediates");
        HeldCertificate other = HeldCertificate.builder().commonName("dave").clientAuth().signedBy(intermediate).build();
        assertNull(paths.get(other.certificate(), chain, NOW), "another certificate with the same subject");
    }

    @Test
    void holdsNoMoreThanItsCapacity() throws Exception {
        ValidatedPaths paths = new ValidatedPaths(4);
        List<HeldCertificate> clients = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            HeldCertificate client = HeldCertificate.builder().commonName("client-" + i).clientAuth().signedBy(root)
                    .build();
            clients.add(client);
            paths.put(client.certificate(), List.of(), build(client, List.of()));
            assertTrue(paths.size() <= 4, () -> paths.size() + " entries");
        }
        HeldCertificate last = clients.get(clients.size() - 1);
        assertEquals(last.certificate(), paths.get(last.certificate(), List.of(), NOW).getCertPath()
                .getCertificates().get(0), "the newest entry is kept");
        assertThrows(IllegalArgumentException.class, () -> new ValidatedPaths(0));
    }

    @Test
    void refusalHoldsUntilACertificateThatCouldBeInThePathBecomesValid() {
        HeldCertificate future = HeldCertificate.builder().commonName("Future Issuing CA").certificateAuthority(0)
                .signedBy(root).validity(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30))).build();
        HeldCertificate erin = HeldCertificate.builder().commonName("erin").clientAuth().signedBy(future)
                .validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30))).build();
        List<X509Certificate> chain = List.of(future.certificate());
        Denial refusal = new Denial(ReasonCode.UNTRUSTED_ISSUER, "no path");
        ValidatedPaths paths = new ValidatedPaths(16);
        paths.refuse(erin.certificate(), chain, List.of(root.certificate()), refusal, NOW);

        assertSame(refusal, paths.refusal(erin.certificate(), List.of(future.certificate()), NOW.plusSeconds(3600)));
        assertNull(paths.refusal(erin.certificate(), chain, NOW.plus(Duration.ofDays(1)).plusSeconds(1)),
                "the intermediate has become valid: build again");
        assertNull(paths.refusal(erin.certificate(), List.of(), NOW), "other intermediates");
        assertNull(paths.get(erin.certificate(), chain, NOW), "a refusal is never a path");
    }

    @Test
    void refusalsNeverPushOutPaths() throws Exception {
        ValidatedPaths paths = new ValidatedPaths(4);
        HeldCertificate dave = HeldCertificate.builder().commonName("dave").clientAuth().signedBy(root).build();
        PKIXCertPathBuilderResult path = build(dave, List.of());
        paths.put(dave.certificate(), List.of(), path);
        HeldCertificate stranger = HeldCertificate.builder().commonName("Stranger CA").certificateAuthority(0).build();
        for (int i = 0; i < 9; i++) {
            HeldCertificate mallory = HeldCertificate.builder().commonName("mallory-" + i).clientAuth()
                    .signedBy(stranger).build();
            paths.refuse(mallory.certificate(), List.of(), List.of(root.certificate()),
                    new Denial(ReasonCode.UNTRUSTED_ISSUER, "no path"), NOW);
            assertTrue(paths.refusals() <= 4, () -> paths.refusals() + " refusals");
        }
        assertSame(path, paths.get(dave.certificate(), List.of(), NOW));
    }

    @Test
    void aPathIsReusedUpToAndIncludingTheEdgesOfItsWindow() throws Exception {
        HeldCertificate dave = HeldCertificate.builder().commonName("dave").clientAuth().signedBy(intermediate)
                .validity(NOW.minus(Duration.ofHours(2)), NOW.plus(Duration.ofDays(30))).build();
        PKIXCertPathBuilderResult path = build(dave, List.of(intermediate.certificate()));
        ValidatedPaths paths = new ValidatedPaths(16);
        paths.put(dave.certificate(), List.of(intermediate.certificate()), path);
        Instant from = dave.certificate().getNotBefore().toInstant();
        Instant until = intermediate.certificate().getNotAfter().toInstant();
        List<X509Certificate> chain = List.of(intermediate.certificate());
        assertSame(path, paths.get(dave.certificate(), chain, from));
        assertSame(path, paths.get(dave.certificate(), chain, until));
        assertNull(paths.get(dave.certificate(), chain, from.minusMillis(1)));
        assertNull(paths.get(dave.certificate(), chain, until.plusMillis(1)));
    }

    @Test
    void intermediatesAreComparedByContentNotByIdentity() throws Exception {
        HeldCertificate dave = HeldCertificate.builder().commonName("dave").clientAuth().signedBy(intermediate).build();
        PKIXCertPathBuilderResult path = build(dave, List.of(intermediate.certificate()));
        ValidatedPaths paths = new ValidatedPaths(16);
        paths.put(dave.certificate(), List.of(intermediate.certificate()), path);
        X509Certificate copy = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(intermediate.certificate().getEncoded()));
        assertSame(path, paths.get(dave.certificate(), List.of(copy), NOW));
        assertNull(paths.get(dave.certificate(), List.of(root.certificate()), NOW), "another certificate, same count");
    }

    @Test
    void refusalHoldsOnlyStrictlyBetweenTheDatesAroundIt() {
        Instant now = NOW.plus(Duration.ofHours(5));
        HeldCertificate stranger = HeldCertificate.builder().commonName("Stranger CA").certificateAuthority(0).build();
        HeldCertificate mallory = HeldCertificate.builder().commonName("mallory").clientAuth().signedBy(stranger)
                .validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(2))).build();
        Denial refusal = new Denial(ReasonCode.UNTRUSTED_ISSUER, "no path");
        ValidatedPaths paths = new ValidatedPaths(16);
        paths.refuse(mallory.certificate(), List.of(), List.of(intermediate.certificate()), refusal, now);

        Instant latestBefore = latest(intermediate.certificate().getNotBefore().toInstant(),
                mallory.certificate().getNotBefore().toInstant());
        Instant earliestAfter = earliest(mallory.certificate().getNotAfter().toInstant(),
                intermediate.certificate().getNotAfter().toInstant());
        assertSame(refusal, paths.refusal(mallory.certificate(), List.of(), now));
        assertSame(refusal, paths.refusal(mallory.certificate(), List.of(), latestBefore.plusMillis(1)));
        assertSame(refusal, paths.refusal(mallory.certificate(), List.of(), earliestAfter.minusMillis(1)));
        assertNull(paths.refusal(mallory.certificate(), List.of(), latestBefore));
        assertNull(paths.refusal(mallory.certificate(), List.of(), earliestAfter));
    }

    @Test
    void refusalMadeAtTheMomentACertificateChangesIsNotRemembered() {
        // Every notBefore a different second, so that each refusal below is on one boundary only.
        HeldCertificate stranger = HeldCertificate.builder().commonName("Stranger CA").certificateAuthority(0)
                .validity(NOW.minus(Duration.ofDays(3)), NOW.plus(Duration.ofDays(3))).build();
        HeldCertificate mallory = HeldCertificate.builder().commonName("mallory").clientAuth().signedBy(stranger)
                .validity(NOW.minus(Duration.ofDays(2)), NOW.plus(Duration.ofDays(2))).build();
        Instant intermediateStarts = intermediate.certificate().getNotBefore().toInstant();
        Instant clientStarts = mallory.certificate().getNotBefore().toInstant();
        Denial refusal = new Denial(ReasonCode.UNTRUSTED_ISSUER, "no path");
        ValidatedPaths paths = new ValidatedPaths(16);
        paths.refuse(mallory.certificate(), List.of(), List.of(intermediate.certificate()), refusal,
                intermediateStarts);
        assertEquals(0, paths.refusals(), "made at a trusted CA's notBefore");
        paths.refuse(mallory.certificate(), List.of(stranger.certificate()), List.of(root.certificate()), refusal,
                stranger.certificate().getNotBefore().toInstant());
        assertEquals(0, paths.refusals(), "made at an intermediate's notBefore");
        paths.refuse(mallory.certificate(), List.of(), List.of(root.certificate()), refusal, clientStarts);
        assertEquals(0, paths.refusals(), "made at the client's notBefore");
        paths.refuse(mallory.certificate(), List.of(), List.of(root.certificate()), refusal, clientStarts.plusMillis(1));
        assertEquals(1, paths.refusals());
    }

    @Test
    void capacityOfOneHoldsOnePath() throws Exception {
        ValidatedPaths paths = new ValidatedPaths(1);
        HeldCertificate alice = HeldCertificate.builder().commonName("alice").clientAuth().signedBy(root).build();
        PKIXCertPathBuilderResult path = build(alice, List.of());
        paths.put(alice.certificate(), List.of(), path);
        assertSame(path, paths.get(alice.certificate(), List.of(), NOW));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> new ValidatedPaths(0));
        assertEquals("capacity must be at least 1, not 0", error.getMessage());
    }

    @Test
    void aClientAlreadyHeldDoesNotEmptyAFullMemo() throws Exception {
        ValidatedPaths paths = new ValidatedPaths(2);
        HeldCertificate alice = HeldCertificate.builder().commonName("alice").clientAuth().signedBy(root).build();
        HeldCertificate bob = HeldCertificate.builder().commonName("bob").clientAuth().signedBy(root).build();
        HeldCertificate carol = HeldCertificate.builder().commonName("carol").clientAuth().signedBy(root).build();
        paths.put(alice.certificate(), List.of(), build(alice, List.of()));
        paths.put(bob.certificate(), List.of(), build(bob, List.of()));
        paths.put(alice.certificate(), List.of(), build(alice, List.of()));
        assertEquals(2, paths.size());
        paths.put(carol.certificate(), List.of(), build(carol, List.of()));
        assertEquals(1, paths.size(), "full: emptied, then carol");

        Denial refusal = new Denial(ReasonCode.UNTRUSTED_ISSUER, "no path");
        Instant now = NOW.plusSeconds(1);
        paths.refuse(alice.certificate(), List.of(), List.of(root.certificate()), refusal, now);
        paths.refuse(bob.certificate(), List.of(), List.of(root.certificate()), refusal, now);
        paths.refuse(alice.certificate(), List.of(), List.of(root.certificate()), refusal, now);
        assertEquals(2, paths.refusals());
        paths.refuse(carol.certificate(), List.of(), List.of(root.certificate()), refusal, now);
        assertEquals(1, paths.refusals());
    }

    private static Instant latest(Instant... instants) {
        return java.util.Collections.max(List.of(instants));
    }

    private static Instant earliest(Instant... instants) {
        return java.util.Collections.min(List.of(instants));
    }

    private static PKIXCertPathBuilderResult build(HeldCertificate client, List<X509Certificate> intermediates)
            throws Exception {
        X509CertSelector target = new X509CertSelector();
        target.setCertificate(client.certificate());
        PKIXBuilderParameters parameters = new PKIXBuilderParameters(Set.of(new TrustAnchor(root.certificate(), null)),
                target);
        parameters.setRevocationEnabled(false);
        List<X509Certificate> store = new ArrayList<>(intermediates);
        store.add(client.certificate());
        parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(store)));
        return (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(parameters);
    }
}
