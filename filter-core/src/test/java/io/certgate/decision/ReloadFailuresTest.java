package io.certgate.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.certgate.config.ReloadFailure;
import io.certgate.pki.DemoPki;

/** {@link Gate#reloadFailures()}: a broken reloaded file is reported, with its time and error, until fixed. */
class ReloadFailuresTest {
    private static final ClassLoader LOADER = ReloadFailuresTest.class.getClassLoader();

    @TempDir
    Path directory;

    @Test
    void aBrokenConfigFileIsReportedUntilItIsFixed() throws Exception {
        Path policy = directory.resolve("policy.conf");
        Files.writeString(policy, "[allowed-cns]\nalice\n");
        SteppingClock clock = new SteppingClock();
        Gate gate = Gate.fromParameters(Map.of("config-file", policy.toString()), LOADER, clock);
        assertEquals(List.of(), gate.reloadFailures());

        Files.writeString(policy, "[allowed-cns]\nalice\n[rules]\n/admin/* nonsense:x\n");
        clock.step();
        List<ReloadFailure> failures = gate.reloadFailures();
        assertEquals(1, failures.size(), failures::toString);
        ReloadFailure failure = failures.get(0);
        assertEquals("config-file", failure.parameter());
        assertEquals(policy.toString(), failure.file());
        assertEquals(clock.instant(), failure.at());
        assertTrue(failure.message().contains("nonsense"), failure.message());
        clock.step();
        assertEquals(failures, gate.reloadFailures(), "still broken, still reported, from the time it was tried");

        Files.writeString(policy, "[allowed-cns]\nalice, bob\n");
        clock.step();
        assertEquals(List.of(), gate.reloadFailures());
    }

    @Test
    void aDeletedConfigFileIsReportedUntilItIsBack() throws Exception {
        Path policy = directory.resolve("policy.conf");
        Files.writeString(policy, "[allowed-cns]\nalice\n");
        SteppingClock clock = new SteppingClock();
        Gate gate = Gate.fromParameters(Map.of("config-file", policy.toString()), LOADER, clock);
        Path aside = Files.move(policy, directory.resolve("aside.conf"));
        clock.step();
        assertEquals(List.of("config-file"), gate.reloadFailures().stream().map(ReloadFailure::parameter).toList());
        Files.move(aside, policy);
        clock.step();
        assertEquals(List.of(), gate.reloadFailures());
    }

    @Test
    void aBrokenCrlOrTrustedCaIsReportedWithItsFileUntilFixed() throws Exception {
        DemoPki pki = DemoPki.ensure(directory.resolve("pki"));
        Path ca = Files.copy(pki.file("ca.crt"), directory.resolve("ca.pem"));
        Path crl = Files.copy(pki.file(DemoPki.CRL_FILE), directory.resolve("ca.crl"));
        byte[] goodCa = Files.readAllBytes(ca);
        byte[] goodCrl = Files.readAllBytes(crl);
        SteppingClock clock = new SteppingClock();
        Gate gate = Gate.fromParameters(Map.of("allowed-cns", "alice", "trusted-ca", ca.toString(),
                "crl", crl.toString()), LOADER, clock);
        assertEquals(List.of(), gate.reloadFailures());

        Files.writeString(crl, "not a CRL, half-written", StandardCharsets.US_ASCII);
        clock.step();
        List<ReloadFailure> failures = gate.reloadFailures();
        assertEquals(1, failures.size(), failures::toString);
        assertEquals("crl", failures.get(0).parameter());
        assertEquals(crl.toString(), failures.get(0).file());
        assertTrue(failures.get(0).message().contains(crl.toString()), failures.get(0).message());

        Files.writeString(ca, "-----BEGIN CERTIFICATE-----\ntruncated", StandardCharsets.US_ASCII);
        clock.step();
        assertEquals(List.of("trusted-ca", "crl"),
                gate.reloadFailures().stream().map(ReloadFailure::parameter).toList());
        assertEquals(ca.toString(), gate.reloadFailures().get(0).file());

        Files.write(ca, goodCa);
        Files.write(crl, goodCrl);
        clock.step();
        assertEquals(List.of(), gate.reloadFailures());
    }

    /** A clock that starts now and moves on past the reload check interval at each {@link #step()}. */
    private static final class SteppingClock extends Clock {
        private Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

        void step() {
            now = now.plus(Duration.ofSeconds(2));
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
