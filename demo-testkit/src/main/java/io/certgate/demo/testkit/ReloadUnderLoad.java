package io.certgate.demo.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.certgate.demo.RunningDemo;
import io.certgate.pki.DemoPki;
import io.certgate.pki.HeldCertificate;

/**
 * 64 concurrent clients send {@value #REQUESTS} requests, mixing allowed and denied identities, over TLS and
 * through the proxy entrance, while the demo's policy file ({@code --config-file}) and its CRL
 * ({@code ca.crl} in the pki-dir) are rewritten every {@link #SWITCH_EVERY}; every answer is checked.
 *
 * <p>Each rewrite is timed. CertGate looks at both files at most once a second, so a version is in force
 * from the moment its file is moved into place until at most {@link #GRACE} after the next one is. A
 * request's answer must be the one some (policy version, CRL version) pair in force during the request
 * would give: a request in the middle of a phase has exactly one candidate, one sent just after a rewrite
 * may get the old or the new answer, never anything else. The versions flip decisions for alice, bob and
 * revoked both ways, so a reload that never happens, or one that mixes versions, shows up as wrong answers
 * in the unambiguous windows; the test also requires every version to have been seen unambiguously.
 * Requests are paced over about {@link #RUN} so that the run spans many rewrites.
 */
public abstract class ReloadUnderLoad {
    static final int REQUESTS = 10_000;
    static final int CLIENTS = 64;
    static final Duration RUN = Duration.ofSeconds(30);
    static final Duration SWITCH_EVERY = Duration.ofMillis(3000);
    /** The reload checks at most once a second; the rest is slack for a busy machine. */
    static final Duration GRACE = Duration.ofMillis(2000);
    private static final String NONE = "no cert";
    private static final List<String> IDENTITIES = List.of("alice", "bob", "revoked", "mallory", "expired", NONE);
    private static final List<String> PATHS = List.of("/", "/admin/", "/unprotected/");

    /** A demo's {@code start(String... args)}. */
    @FunctionalInterface
    protected interface Starter {
        RunningDemo start(String... args) throws Exception;
    }

    /**
     * One version of the policy file.
     *
     * @param allowed the {@code allowed-cns}
     * @param adminCn who {@code /admin/*} is for
     * @param unprotectedOpen whether {@code /unprotected/*} is {@code open} (else {@code allowlist})
     */
    record PolicyVersion(Set<String> allowed, String adminCn, boolean unprotectedOpen) {
        String text(int number) {
            return "# CertGate load test, policy version " + number + "\n[allowed-cns]\n" + String.join(", ", allowed)
                    + "\n\n[rules]\n/unprotected/*   " + (unprotectedOpen ? "open" : "allowlist")
                    + "\n/admin/*         cn:" + adminCn + "\n";
        }
    }

    static final List<PolicyVersion> POLICIES = List.of(
            new PolicyVersion(Set.of("alice", "bob"), "alice", true),
            new PolicyVersion(Set.of("alice"), "bob", true),
            new PolicyVersion(Set.of("bob", "revoked"), "alice", false));
    /** Which demo certificates each CRL version revokes. */
    static final List<Set<String>> CRLS = List.of(Set.of("revoked"), Set.of("bob"), Set.of(), Set.of("alice"));

    private final Starter starter;

    protected ReloadUnderLoad(Starter starter) {
        this.starter = starter;
    }

    /**
     * A rewrite: which file, which version, and when it was being moved into place (nanoTime, just before and
     * just after; the writer thread may be descheduled in between on a busy machine).
     */
    private record Rewrite(boolean policy, int version, long at, long done) {
    }

    /** One request and what came back: status, or -1 with the error. */
    private record Outcome(String who, String path, boolean tls, long start, long end, int status, String error) {
    }

    /** The status {@code who} must get for {@code path} under one policy and one CRL. */
    static int expected(String who, String path, PolicyVersion policy, Set<String> revoked) {
        if (path.equals("/unprotected/") && policy.unprotectedOpen()) {
            return 200;
        }
        boolean validCertificate = List.of("alice", "bob", "revoked").contains(who) && !revoked.contains(who);
        if (!validCertificate) {
            return 403;
        }
        boolean granted = path.equals("/admin/") ? who.equals(policy.adminCn()) : policy.allowed().contains(who);
        return granted ? 200 : 403;
    }

    @Test
    void everyDecisionMatchesAPolicyAndCrlInForce(@TempDir Path temporary) throws Exception {
        Path pkiDir = temporary.resolve("pki");
        Path policyFile = temporary.resolve("policy.conf");
        writeAtomically(policyFile, POLICIES.get(0).text(0));
        RunningDemo demo = starter.start("--pki-dir", pkiDir.toString(), "--https-port", "0", "--http-port", "0",
                "--config-file", policyFile.toString());
        try {
            Path crlFile = pkiDir.resolve(DemoPki.CRL_FILE);
            DemoPki pki = demo.pki();
            List<Rewrite> rewrites = new CopyOnWriteArrayList<>();
            long begin = System.nanoTime();
            writeAtomically(crlFile, crl(pki, CRLS.get(0)));
            long longAgo = begin - TimeUnit.HOURS.toNanos(1);
            rewrites.add(new Rewrite(true, 0, longAgo, longAgo));
            rewrites.add(new Rewrite(false, 0, longAgo, longAgo));
            // The demo wrote ca.crl revoking revoked at start, and CRL version 0 says the same: no window here.

            Map<String, DemoClient> tlsClients = new HashMap<>();
            for (String who : IDENTITIES) {
                tlsClients.put(who, DemoClient.of(pkiDir, who.equals(NONE) ? null : who));
            }
            DemoClient plain = DemoClient.plain();
            Map<String, String> escaped = new HashMap<>();
            for (String who : IDENTITIES) {
                if (!who.equals(NONE)) {
                    escaped.put(who, DemoClient.nginxEscaped(pkiDir, who));
                }
            }

            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
            AtomicInteger next = new AtomicInteger();
            List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>(REQUESTS));
            long start = System.nanoTime();
            long spacing = RUN.toNanos() / REQUESTS;
            Future<?> writer = pool.submit(() -> {
                int policy = 0;
                int crl = 0;
                for (int step = 0; next.get() < REQUESTS; step++) {
                    LockSupport.parkNanos(SWITCH_EVERY.toNanos());
                    if (next.get() >= REQUESTS) {
                        break;
                    }
                    boolean isPolicy = step % 2 == 1;
                    int version;
                    String content;
                    if (isPolicy) {
                        version = policy = (policy + 1) % POLICIES.size();
                        content = POLICIES.get(policy).text(policy);
                    } else {
                        version = crl = (crl + 1) % CRLS.size();
                        content = crl(pki, CRLS.get(crl));
                    }
                    long before = System.nanoTime();
                    writeAtomically(isPolicy ? policyFile : crlFile, content);
                    rewrites.add(new Rewrite(isPolicy, version, before, System.nanoTime()));
                }
                return null;
            });
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                workers.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < REQUESTS; ) {
                        long slot = start + i * spacing;
                        long wait = slot - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        SplittableRandom random = new SplittableRandom(i);
                        String who = IDENTITIES.get(random.nextInt(IDENTITIES.size()));
                        String path = PATHS.get(random.nextInt(PATHS.size()));
                        boolean tls = random.nextBoolean();
                        outcomes.add(send(tlsClients, plain, escaped, demo, who, path, tls));
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(5, TimeUnit.MINUTES);
            }
            writer.get(1, TimeUnit.MINUTES);
            pool.shutdown();

            check(outcomes, rewrites);
        } finally {
            demo.close();
        }
    }

    private static Outcome send(Map<String, DemoClient> tlsClients, DemoClient plain, Map<String, String> escaped,
            RunningDemo demo, String who, String path, boolean tls) {
        long begin = System.nanoTime();
        try {
            HttpResponse<String> response;
            if (tls) {
                response = tlsClients.get(who).get("https://localhost:" + demo.httpsPort() + path);
            } else if (who.equals(NONE)) {
                response = plain.get("http://127.0.0.1:" + demo.httpPort() + path, "X-Client-Verify", "NONE");
            } else {
                response = plain.get("http://127.0.0.1:" + demo.httpPort() + path, "X-Client-Verify", "SUCCESS",
                        "X-Client-Cert", escaped.get(who));
            }
            return new Outcome(who, path, tls, begin, System.nanoTime(), response.statusCode(), null);
        } catch (Exception e) {
            return new Outcome(who, path, tls, begin, System.nanoTime(), -1, e.toString());
        }
    }

    private static void check(List<Outcome> outcomes, List<Rewrite> rewrites) {
        List<Rewrite> policyRewrites = rewrites.stream().filter(Rewrite::policy).toList();
        List<Rewrite> crlRewrites = rewrites.stream().filter(r -> !r.policy()).toList();
        assertTrue(policyRewrites.size() >= 4 && crlRewrites.size() >= 4, () -> "too few rewrites during the run: "
                + (policyRewrites.size() - 1) + " policy, " + (crlRewrites.size() - 1) + " CRL");
        List<String> errors = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        Set<String> seenAlone = new LinkedHashSet<>();
        int unambiguous = 0;
        for (Outcome outcome : outcomes) {
            if (outcome.status() != 200 && outcome.status() != 403) {
                errors.add(describe(outcome) + ": " + (outcome.error() != null ? outcome.error() : "status " + outcome.status()));
                continue;
            }
            List<Integer> policies = inForce(policyRewrites, outcome);
            List<Integer> crls = inForce(crlRewrites, outcome);
            Set<Integer> allowed = new LinkedHashSet<>();
            for (int p : policies) {
                for (int c : crls) {
                    allowed.add(expected(outcome.who(), outcome.path(), POLICIES.get(p), CRLS.get(c)));
                }
            }
            if (!allowed.contains(outcome.status())) {
                wrong.add(describe(outcome) + " got " + outcome.status() + ", expected " + allowed + " under policy "
                        + policies + " x CRL " + crls + " (sent " + sinceLast(policyRewrites, outcome) + " ms after the"
                        + " policy rewrite, " + sinceLast(crlRewrites, outcome) + " ms after the CRL rewrite, took "
                        + (outcome.end() - outcome.start()) / 1_000_000 + " ms)");
            }
            if (policies.size() == 1 && crls.size() == 1) {
                unambiguous++;
                seenAlone.add("P" + policies.get(0));
                seenAlone.add("C" + crls.get(0));
            }
        }
        int checked = unambiguous;
        assertEquals(REQUESTS, outcomes.size());
        assertEquals(List.of(), errors.subList(0, Math.min(errors.size(), 20)), errors.size() + " errors");
        assertEquals(List.of(), wrong.subList(0, Math.min(wrong.size(), 20)), wrong.size() + " wrong decisions");
        assertTrue(checked > REQUESTS / 5, () -> "only " + checked + " requests fell in a window with one version");
        assertEquals(Set.of("P0", "P1", "P2", "C0", "C1", "C2", "C3"), seenAlone,
                "every version must have decided some requests on its own");
    }

    /** The versions of one file that could have decided a request, given when each was written. */
    private static List<Integer> inForce(List<Rewrite> history, Outcome outcome) {
        List<Integer> versions = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            long from = history.get(i).at();
            long until = i + 1 < history.size() ? history.get(i + 1).done() + GRACE.toNanos() : Long.MAX_VALUE;
            if (from <= outcome.end() && outcome.start() <= until && !versions.contains(history.get(i).version())) {
                versions.add(history.get(i).version());
            }
        }
        return versions;
    }

    private static long sinceLast(List<Rewrite> history, Outcome outcome) {
        long last = Long.MIN_VALUE;
        for (Rewrite rewrite : history) {
            if (rewrite.at() <= outcome.start()) {
                last = rewrite.at();
            }
        }
        return (outcome.start() - last) / 1_000_000;
    }

    private static String describe(Outcome outcome) {
        return outcome.who() + " GET " + outcome.path() + (outcome.tls() ? " over TLS" : " via proxy headers");
    }

    /** The demo CA's CRL revoking {@code revoked}, PEM. */
    static String crl(DemoPki pki, Set<String> revoked) {
        HeldCertificate ca = pki.ca();
        Instant now = Instant.now();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                Date.from(now.minus(Duration.ofMinutes(5))));
        builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
        for (String name : revoked) {
            BigInteger serial = pki.client(name).certificate().getSerialNumber();
            builder.addCRLEntry(serial, Date.from(now.minus(Duration.ofMinutes(5))), CRLReason.keyCompromise);
        }
        try {
            PrivateKey key = ca.keyPair().getPrivate();
            String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            byte[] der = builder.build(new JcaContentSignerBuilder(algorithm).build(key)).getEncoded();
            return "-----BEGIN X509 CRL-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(der) + "\n-----END X509 CRL-----\n";
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign the test CRL", e);
        }
    }

    /** Writes beside the target and moves it into place, as the README tells operators to. */
    static void writeAtomically(Path file, String content) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
