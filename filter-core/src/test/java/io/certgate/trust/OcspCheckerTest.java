package io.certgate.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.certgate.LogCapture;
import io.certgate.WaitsOnTheClock;
import io.certgate.pki.HeldCertificate;
import io.certgate.verdict.Denial;
import io.certgate.verdict.ReasonCode;

/** {@code ocsp=soft-fail|hard-fail} against a real OCSP responder on the loopback interface. */
class OcspCheckerTest {
    private static final int THREADS = 32;
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
    void noAnswerIsRememberedBriefly() throws IOException {
        ChainValidator validator = validator(OcspChecker.Mode.SOFT_FAIL);
        java.security.cert.X509Certificate client = client(OcspTestResponder.deadUrl());
        Instant now = Instant.now();
        validator.check(client, List.of(), now);
        validator.check(client, List.of(), now.plusSeconds(1));
        assertEquals(1, log.count(Level.WARNING, "ocsp=soft-fail"), "asked once: " + log);
        validator.check(client, List.of(), now.plus(OcspChecker.NO_ANSWER_LIFETIME));
        assertEquals(2, log.count(Level.WARNING, "ocsp=soft-fail"), "asked again once it is over: " + log);
    }

    @Test
    @WaitsOnTheClock
    void concurrentRequestsForOneCertificateAskTheResponderOnce() throws Exception {
        responder.slow(Duration.ofMillis(300));
        ChainValidator validator = validator(OcspChecker.Mode.HARD_FAIL);
        X509Certificate client = client(responder.url());
        List<Denial> answers = concurrently(THREADS, () -> validator.check(client, List.of(), Instant.now()));
        assertEquals(1, responder.requests(), "one request asks, the others wait for its answer");
        for (Denial answer : answers) {
            assertNull(answer);
        }
    }

    @Test
    @WaitsOnTheClock
    void concurrentRequestsForOneRevokedCertificateAllGetTheOneRevokedAnswer() throws Exception {
        responder.slow(Duration.ofMillis(300));
        HeldCertificate client = holder(responder.url());
        responder.revoke(client);
        ChainValidator validator = validator(OcspChecker.Mode.SOFT_FAIL);
        List<Denial> answers = concurrently(THREADS,
                () -> validator.check(client.certificate(), List.of(), Instant.now()));
        assertEquals(1, responder.requests());
        for (Denial answer : answers) {
            assertEquals(ReasonCode.REVOKED, answer == null ? null : answer.reason(), "" + answer);
        }
    }

    @Test
    @WaitsOnTheClock
    void silentResponderCostsOneTimeoutNotOnePerRequestAndHardFailDenies() throws Exception {
        responder.silent();
        Duration timeout = Duration.ofMillis(500);
        ChainValidator validator = validator(OcspChecker.Mode.HARD_FAIL, timeout);
        X509Certificate client = client(responder.url());
        long start = System.nanoTime();
        List<Denial> answers = concurrently(THREADS, () -> validator.check(client, List.of(), Instant.now()));
        for (int i = 0; i < THREADS; i++) {
            answers.add(validator.check(client, List.of(), Instant.now()));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(1, responder.requests(), "one question for 64 requests");
        for (Denial answer : answers) {
            assertEquals(ReasonCode.REVOCATION_UNKNOWN, answer == null ? null : answer.reason(), "" + answer);
        }
        assertTrue(answers.get(0).detail().contains("ocsp-timeout"), answers.get(0).detail());
        assertTrue(took.compareTo(timeout.multipliedBy(8)) < 0, "64 requests took " + took
                + ", not about one timeout of " + timeout);
    }

    @Test
    @WaitsOnTheClock
    void silentResponderWithSoftFailLetsEveryRequestThroughAfterOneQuestion() throws Exception {
        responder.silent();
        ChainValidator validator = validator(OcspChecker.Mode.SOFT_FAIL, Duration.ofMillis(300));
        X509Certificate client = client(responder.url());
        List<Denial> answers = concurrently(THREADS, () -> validator.check(client, List.of(), Instant.now()));
        assertEquals(1, responder.requests());
        for (Denial answer : answers) {
            assertNull(answer);
        }
        assertEquals(1, log.count(Level.WARNING, "allowed because ocsp=soft-fail"), log.toString());
    }

    @Test
    @WaitsOnTheClock
    void answerSlowerThanTheTimeoutIsNoAnswer() {
        responder.slow(Duration.ofSeconds(5));
        ChainValidator validator = validator(OcspChecker.Mode.HARD_FAIL, Duration.ofMillis(200));
        long start = System.nanoTime();
        Denial refusal = validator.check(client(responder.url()), List.of(), Instant.now());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(ReasonCode.REVOCATION_UNKNOWN, refusal == null ? null : refusal.reason(), "" + refusal);
        assertTrue(took.compareTo(Duration.ofSeconds(4)) < 0, "waited " + took + " for a 200ms timeout");
    }

    @Test
    void otherCertificatesAreAskedAboutSeparately() {
        ChainValidator validator = validator(OcspChecker.Mode.HARD_FAIL);
        assertNull(validator.check(client(responder.url()), List.of(), Instant.now()));
        assertNull(validator.check(client(responder.url()), List.of(), Instant.now()));
        assertEquals(2, responder.requests());
    }

    @Test
    void questionIsPostedAsAnOcspRequest() {
        assertNull(validator(OcspChecker.Mode.HARD_FAIL).check(client(responder.url()), List.of(), Instant.now()));
        assertEquals("POST", responder.lastMethod());
        assertEquals("application/ocsp-request", responder.lastContentType());
    }

    @Test
    void unknownAnswerIsRefusedUnderHardFailAndLetThroughUnderSoftFail() {
        HeldCertificate client = holder(responder.url());
        responder.unknown(client);
        Denial refusal = validator(OcspChecker.Mode.HARD_FAIL).check(client.certificate(), List.of(), Instant.now());
        assertEquals(ReasonCode.REVOCATION_UNKNOWN, refusal == null ? null : refusal.reason(), "" + refusal);
        assertTrue(refusal.detail().startsWith("OCSP: status of CN=alice serial "
                + client.certificate().getSerialNumber().toString(16) + " unknown: "), refusal.detail());
        assertTrue(log.has(Level.WARNING, "denied because ocsp=hard-fail, asked again after 30 s"), log.toString());

        assertNull(validator(OcspChecker.Mode.SOFT_FAIL).check(client.certificate(), List.of(), Instant.now()));
        assertTrue(log.has(Level.WARNING, "allowed because ocsp=soft-fail"), log.toString());
    }

    @Test
    void revokedAnswerIsRememberedLikeAGoodOne() {
        HeldCertificate client = holder(responder.url());
        responder.revoke(client);
        ChainValidator validator = validator(OcspChecker.Mode.SOFT_FAIL);
        Instant now = Instant.now();
        Denial first = validator.check(client.certificate(), List.of(), now);
        Denial again = validator.check(client.certificate(), List.of(), now.plus(OcspChecker.CACHE_LIFETIME)
                .minusMillis(1));
        assertEquals(ReasonCode.REVOKED, again == null ? null : again.reason(), "" + again);
        assertEquals(first.detail(), again.detail());
        assertTrue(first.detail().startsWith("OCSP: CN=alice serial "), first.detail());
        assertEquals(1, responder.requests());
    }

    @Test
    void clientOfAnIntermediateIsAskedAboutWithTheIntermediateAsIssuer() throws IOException {
        HeldCertificate root = HeldCertificate.builder().commonName("OCSP Root CA").certificateAuthority(1).build();
        HeldCertificate issuing = HeldCertificate.builder().commonName("OCSP Issuing CA").certificateAuthority(0)
                .signedBy(root).build();
        try (OcspTestResponder issuingResponder = new OcspTestResponder(issuing)) {
            HeldCertificate good = HeldCertificate.builder().commonName("dave").clientAuth()
                    .ocspResponderUrl(issuingResponder.url()).signedBy(issuing).build();
            HeldCertificate revoked = HeldCertificate.builder().commonName("erin").clientAuth()
                    .ocspResponderUrl(issuingResponder.url()).signedBy(issuing).build();
            issuingResponder.revoke(revoked);
            ChainValidator validator = new ChainValidator(List.of(root.certificate()), 2, true, null,
                    new OcspChecker(OcspChecker.Mode.HARD_FAIL, OcspChecker.MAX_TIMEOUT));
            List<X509Certificate> chain = List.of(issuing.certificate());
            assertNull(validator.check(good.certificate(), chain, Instant.now()));
            Denial refusal = validator.check(revoked.certificate(), chain, Instant.now());
            assertEquals(ReasonCode.REVOKED, refusal == null ? null : refusal.reason(), "" + refusal);
        }
    }

    /** The JDK judges the answer at the request's time: two hours on, the responder's one-hour answer is stale. */
    @Test
    void answerPastItsNextUpdateAtTheTimeOfTheRequestIsNoAnswer() {
        Denial refusal = validator(OcspChecker.Mode.HARD_FAIL).check(client(responder.url()), List.of(),
                Instant.now().plus(Duration.ofHours(2)));
        assertEquals(ReasonCode.REVOCATION_UNKNOWN, refusal == null ? null : refusal.reason(), "" + refusal);
        assertEquals(1, responder.requests());
    }

    /**
     * A second request for a certificate whose question is on its way waits for that answer instead of asking
     * again. Deterministic: the responder holds the first question until the second request is seen waiting.
     */
    @Test
    void requestForACertificateBeingAskedAboutWaitsForThatAnswer() throws Exception {
        responder.hold();
        ChainValidator validator = validator(OcspChecker.Mode.HARD_FAIL);
        X509Certificate client = client(responder.url());
        List<Object> results = new java.util.concurrent.CopyOnWriteArrayList<>();
        Runnable check = () -> {
            try {
                results.add(java.util.Optional.ofNullable(validator.check(client, List.of(), Instant.now())));
            } catch (RuntimeException e) {
                results.add(e);
            }
        };
        Thread first = new Thread(check);
        first.start();
        awaitTrue(() -> responder.requests() == 1);
        Thread second = new Thread(check);
        second.start();
        awaitTrue(() -> second.getState() == Thread.State.WAITING);
        responder.release();
        first.join(TimeUnit.SECONDS.toMillis(30));
        second.join(TimeUnit.SECONDS.toMillis(30));
        assertEquals(List.of(java.util.Optional.empty(), java.util.Optional.empty()), results);
        assertEquals(1, responder.requests());
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "waited 30 s");
            Thread.sleep(1);
        }
    }

    @Test
    void httpErrorFromTheResponderIsNoAnswer() {
        responder.answerWith(500, new byte[0]);
        Denial refusal = validator(OcspChecker.Mode.HARD_FAIL).check(client(responder.url()), List.of(),
                Instant.now());
        assertEquals(ReasonCode.REVOCATION_UNKNOWN, refusal == null ? null : refusal.reason(), "" + refusal);
        assertTrue(refusal.detail().contains("HTTP 500 from " + responder.url()), refusal.detail());
    }

    /** A responder must answer itself: a redirect could send the question anywhere, so it is no answer. */
    @Test
    void redirectIsNotFollowed() throws IOException {
        try (OcspTestResponder elsewhere = new OcspTestResponder(CA)) {
            responder.redirectTo(elsewhere.url());
            Denial refusal = validator(OcspChecker.Mode.HARD_FAIL).check(client(responder.url()), List.of(),
                    Instant.now());
            assertEquals(ReasonCode.REVOCATION_UNKNOWN, refusal == null ? null : refusal.reason(), "" + refusal);
            assertTrue(refusal.detail().contains("HTTP 302"), refusal.detail());
            assertEquals(0, elsewhere.requests());
        }
    }

    @Test
    void answerThatIsNotAnOcspResponseIsNoAnswer() {
        responder.answerWith(200, "<html>maintenance</html>".getBytes(StandardCharsets.US_ASCII));
        Denial refusal = validator(OcspChecker.Mode.HARD_FAIL).check(client(responder.url()), List.of(),
                Instant.now());
        assertEquals(ReasonCode.REVOCATION_UNKNOWN, refusal == null ? null : refusal.reason(), "" + refusal);
        assertTrue(refusal.detail().matches(".*\\(java\\.io\\.\\w+Exception: .+\\)"),
                "the parse error says why: " + refusal.detail());
        assertTrue(log.has(Level.WARNING, "denied because ocsp=hard-fail"), log.toString());
    }

    @Test
    void answerOverTheSizeLimitIsNotReadToTheEnd() {
        responder.answerWith(200, new byte[OcspChecker.MAX_RESPONSE_BYTES + 1]);
        Denial refusal = validator(OcspChecker.Mode.HARD_FAIL).check(client(responder.url()), List.of(),
                Instant.now());
        assertEquals(ReasonCode.REVOCATION_UNKNOWN, refusal == null ? null : refusal.reason(), "" + refusal);
        assertTrue(refusal.detail().contains("over 65536 bytes"), refusal.detail());
    }

    @Test
    void answerOfExactlyTheSizeLimitIsRead() {
        responder.answerWith(200, new byte[OcspChecker.MAX_RESPONSE_BYTES]);
        Denial refusal = validator(OcspChecker.Mode.HARD_FAIL).check(client(responder.url()), List.of(),
                Instant.now());
        assertEquals(ReasonCode.REVOCATION_UNKNOWN, refusal == null ? null : refusal.reason(), "" + refusal);
        assertTrue(!refusal.detail().contains("bytes") && !refusal.detail().contains("unreachable"),
                "read, then refused as no OCSP response: " + refusal.detail());
    }

    @Test
    void httpsResponderIsAskedToo() throws IOException {
        String deadHttps = OcspTestResponder.deadUrl().replace("http://", "https://");
        Denial refusal = validator(OcspChecker.Mode.HARD_FAIL).check(client(deadHttps), List.of(), Instant.now());
        assertEquals(ReasonCode.REVOCATION_UNKNOWN, refusal == null ? null : refusal.reason(), "" + refusal);
        assertTrue(refusal.detail().contains("responder unreachable"), refusal.detail());
    }

    @Test
    void responderThatIsNotHttpIsNotAsked() {
        Denial refusal = validator(OcspChecker.Mode.HARD_FAIL).check(client("ldap://ocsp.example.org/q"), List.of(),
                Instant.now());
        assertEquals(ReasonCode.REVOCATION_UNKNOWN, refusal == null ? null : refusal.reason(), "" + refusal);
        assertTrue(refusal.detail().endsWith("unknown: the certificate names no http OCSP responder"),
                refusal.detail());
    }

    @Test
    void malformedAuthorityInformationAccessIsNoAnswerSayingWhy() throws Exception {
        X509Certificate client = OcspRequestTest.withRawAia(CA, OcspRequestTest.bytes("31 00"));
        Denial refusal = validator(OcspChecker.Mode.HARD_FAIL).check(client, List.of(), Instant.now());
        assertEquals(ReasonCode.REVOCATION_UNKNOWN, refusal == null ? null : refusal.reason(), "" + refusal);
        assertTrue(refusal.detail().endsWith("unknown: DER tag 0x31 where 0x30 was expected"), refusal.detail());
        assertNull(validator(OcspChecker.Mode.SOFT_FAIL).check(client, List.of(), Instant.now()));
    }

    /** Untagged: the shortest ocsp-timeout, so it costs a tenth of a second. */
    @Test
    void silentResponderIsNoAnswerAfterTheTimeout() {
        responder.silent();
        Denial refusal = validator(OcspChecker.Mode.HARD_FAIL, OcspChecker.MIN_TIMEOUT).check(client(responder.url()),
                List.of(), Instant.now());
        assertEquals(ReasonCode.REVOCATION_UNKNOWN, refusal == null ? null : refusal.reason(), "" + refusal);
        assertTrue(refusal.detail().endsWith("unknown: no answer within ocsp-timeout 100ms"), refusal.detail());
    }

    /** A responder sending a byte at a time never times out a read, but the whole exchange is still bounded. */
    @Test
    void answerTrickledInSlowerThanTheTimeoutIsNoAnswer() {
        responder.trickle(Duration.ofMillis(5));
        Denial refusal = validator(OcspChecker.Mode.HARD_FAIL, OcspChecker.MIN_TIMEOUT).check(client(responder.url()),
                List.of(), Instant.now());
        assertEquals(ReasonCode.REVOCATION_UNKNOWN, refusal == null ? null : refusal.reason(), "" + refusal);
        assertTrue(refusal.detail().contains("no answer within ocsp-timeout 100ms"), refusal.detail());
    }

    @Test
    void timeoutIsBoundedWhenTheCheckerIsBuiltToo() {
        new OcspChecker(OcspChecker.Mode.SOFT_FAIL, OcspChecker.MIN_TIMEOUT);
        new OcspChecker(OcspChecker.Mode.SOFT_FAIL, OcspChecker.MAX_TIMEOUT);
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
                () -> new OcspChecker(OcspChecker.Mode.SOFT_FAIL, Duration.ofMillis(99)));
        assertEquals("ocsp-timeout 99ms is not from 100ms to 30s", tooShort.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new OcspChecker(OcspChecker.Mode.HARD_FAIL, OcspChecker.MAX_TIMEOUT.plusMillis(1)));
        IllegalArgumentException off = assertThrows(IllegalArgumentException.class,
                () -> new OcspChecker(OcspChecker.Mode.OFF));
        assertEquals("ocsp=off needs no checker", off.getMessage());
    }

    @Test
    void modeIsPrintedAsItIsWritten() {
        for (String text : List.of("off", "soft-fail", "hard-fail")) {
            assertEquals(text, OcspChecker.Mode.parse(text).toString());
        }
    }

    @ParameterizedTest
    @CsvSource({"2s, 2000", "500ms, 500", " 100ms , 100", "30s, 30000", "1500ms, 1500"})
    void timeoutIsReadWithItsUnit(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), OcspChecker.parseTimeout(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "99ms", "31s", "0s", "-1s", "2 seconds", "1.5s", "ms", ""})
    void timeoutOutsideItsBoundsOrWithoutAUnitIsRefused(String text) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> OcspChecker.parseTimeout(text));
        assertTrue(error.getMessage().contains("100ms to 30s"), error.getMessage());
    }

    @Test
    void modeIsParsedStrictly() {
        assertEquals(OcspChecker.Mode.OFF, OcspChecker.Mode.parse(" off "));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> OcspChecker.Mode.parse("soft"));
        assertTrue(error.getMessage().contains("off, soft-fail or hard-fail"), error.getMessage());
    }

    /**
     * A validator for the tests that expect an answer: it waits as long as {@code ocsp-timeout} allows, since the
     * first exchange in a JVM (class loading, the responder's first signature) can pass the 2 s default on a
     * loaded machine. The tests of the timeout itself give theirs.
     */
    private static ChainValidator validator(OcspChecker.Mode mode) {
        return validator(mode, OcspChecker.MAX_TIMEOUT);
    }

    private static ChainValidator validator(OcspChecker.Mode mode, Duration timeout) {
        return new ChainValidator(List.of(CA.certificate()), 1, true, null, new OcspChecker(mode, timeout));
    }

    /** Runs {@code task} on {@code threads} threads released together; their answers, in a list that may grow. */
    private static <T> List<T> concurrently(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CyclicBarrier start = new CyclicBarrier(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            List<T> answers = new ArrayList<>();
            for (Future<T> future : futures) {
                answers.add(future.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static java.security.cert.X509Certificate client(String responderUrl) {
        return holder(responderUrl).certificate();
    }

    private static HeldCertificate holder(String responderUrl) {
        return HeldCertificate.builder().commonName("alice").clientAuth().ocspResponderUrl(responderUrl)
                .signedBy(CA).build();
    }
}
