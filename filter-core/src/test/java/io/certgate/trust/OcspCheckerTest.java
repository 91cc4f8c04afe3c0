package io.certgate.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.certgate.LogCapture;
import io.certgate.pki.HeldCertificate;
import io.certgate.verdict.Denial;
import io.certgate.verdict.ReasonCode;

/** {@code ocsp=soft-fail|hard-fail} against a real OCSP responder on the loopback interface. */
class OcspCheckerTest {
    private static final HeldCertificate CA = HeldCertificate.builder().commonName("OCSP Test CA")
            .certificateAuthority(0).build();

    private final LogCapture log = new LogCapture();
    private OcspTestResponder responder;

    @BeforeEach
    void start() throws IOException {
        log.start();
        responder = new OcspTestResponder(CA);
    }

    @AfterEach
    void stop() {
        responder.close();
        log.stop();
    }

    @Test
    void goodAnswerPasses() {
        assertNull(validator(OcspChecker.Mode.HARD_FAIL).check(client(responder.url()), List.of(), Instant.now()));
        assertEquals(1, responder.requests());
    }

    @ParameterizedTest
    @ValueSource(strings = {"soft-fail", "hard-fail"})
    void revokedAnswerIsRefusedAsRevokedInEitherMode(String mode) {
        HeldCertificate client = holder(responder.url());
        responder.revoke(client);
        Denial refusal = validator(OcspChecker.Mode.parse(mode)).check(client.certificate(), List.of(), Instant.now());
        assertEquals(ReasonCode.REVOKED, refusal == null ? null : refusal.reason(), "" + refusal);
    }

    @Test
    void responderDownWithSoftFailAllowsAndLogs() throws IOException {
        assertNull(validator(OcspChecker.Mode.SOFT_FAIL).check(client(OcspTestResponder.deadUrl()), List.of(),
                Instant.now()));
        assertTrue(log.has(Level.WARNING, "allowed because ocsp=soft-fail"), log.toString());
    }

    @Test
    void responderDownWithHardFailRefusesAsRevocationUnknown() throws IOException {
        Denial refusal = validator(OcspChecker.Mode.HARD_FAIL).check(client(OcspTestResponder.deadUrl()), List.of(),
                Instant.now());
        assertEquals(ReasonCode.REVOCATION_UNKNOWN, refusal == null ? null : refusal.reason(), "" + refusal);
    }

    @Test
    void certificateWithoutResponderUrlIsUnknownUnderHardFail() {
        HeldCertificate client = HeldCertificate.builder().commonName("alice").clientAuth().signedBy(CA).build();
        Denial refusal = validator(OcspChecker.Mode.HARD_FAIL).check(client.certificate(), List.of(), Instant.now());
        assertEquals(ReasonCode.REVOCATION_UNKNOWN, refusal == null ? null : refusal.reason(), "" + refusal);
    }

    @Test
    void answerSignedByAStrangerIsNotBelieved() throws IOException {
        HeldCertificate stranger = HeldCertificate.builder().commonName("OCSP Test CA").certificateAuthority(0).build();
        try (OcspTestResponder forger = new OcspTestResponder(stranger)) {
            Denial refusal = validator(OcspChecker.Mode.HARD_FAIL).check(client(forger.url()), List.of(),
                    Instant.now());
            assertEquals(ReasonCode.REVOCATION_UNKNOWN, refusal == null ? null : refusal.reason(), "" + refusal);
            assertEquals(1, forger.requests());
        }
    }

    @Test
    void answersAreCachedUntilTheirLifetimeEnds() {
        ChainValidator validator = validator(OcspChecker.Mode.HARD_FAIL);
        java.security.cert.X509Certificate client = client(responder.url());
        Instant now = Instant.now();
        assertNull(validator.check(client, List.of(), now));
        assertNull(validator.check(client, List.of(), now.plusSeconds(60)));
        assertEquals(1, responder.requests(), "the second check is answered from the cache");
        assertNull(validator.check(client, List.of(), now.plus(OcspChecker.CACHE_LIFETIME)));
        assertEquals(2, responder.requests(), "an expired answer is asked again");
    }

    @Test
    void noAnswerIsNotCached() throws IOException {
        ChainValidator validator = validator(OcspChecker.Mode.SOFT_FAIL);
        java.security.cert.X509Certificate client = client(OcspTestResponder.deadUrl());
        validator.check(client, List.of(), Instant.now());
        validator.check(client, List.of(), Instant.now());
        assertEquals(2, log.count(Level.WARNING, "ocsp=soft-fail"), log.toString());
    }

    @Test
    void modeIsParsedStrictly() {
        assertEquals(OcspChecker.Mode.OFF, OcspChecker.Mode.parse(" off "));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> OcspChecker.Mode.parse("soft"));
        assertTrue(error.getMessage().contains("off, soft-fail or hard-fail"), error.getMessage());
    }

    private static ChainValidator validator(OcspChecker.Mode mode) {
        return new ChainValidator(List.of(CA.certificate()), 1, true, null, new OcspChecker(mode));
    }

    private static java.security.cert.X509Certificate client(String responderUrl) {
        return holder(responderUrl).certificate();
    }

    private static HeldCertificate holder(String responderUrl) {
        return HeldCertificate.builder().commonName("alice").clientAuth().ocspResponderUrl(responderUrl)
                .signedBy(CA).build();
    }
}
