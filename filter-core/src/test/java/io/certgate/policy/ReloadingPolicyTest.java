package io.certgate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.certgate.config.ConfigException;
import io.certgate.identity.ClientIdentity;
import io.certgate.identity.DistinguishedName;

/** The config-file: its format, and reloads that never mix two policies. */
class ReloadingPolicyTest {
    private static final String ALICE_ONLY = """
            # the admin area is alice's
            [allowed-cns]
            alice
            [rules]
            /admin/*  cn:alice
            """;
    private static final String BOB_ONLY = """
            [allowed-cns]
            bob
            [rules]
            /admin/*  cn:bob
            """;

    @TempDir
    Path directory;

    @Test
    void fileSectionsHoldTheInitParamSyntax() throws Exception {
        Policy policy = PolicyFile.parse("""
                [allowed-cns]
                alice,   # a comment
                bob
                [roles]
                admin=alice
                [rules]
                /unprotected/* open
                """, "policy.conf");
        assertTrue(allowed(policy, "/x", "bob"));
        assertTrue(policy.roles().has(io.certgate.identity.ClientIdentity.ofSubject(
                io.certgate.identity.DistinguishedName.parse("CN=alice")), "admin"));
    }

    @Test
    void errorsNameTheFileLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> PolicyFile.parse("""
                [allowed-cns]
                alice
                [rules]
                /admin/* cn:alice
                /admin/* sometimes
                """, "policy.conf"));
        assertEquals("init-param 'config-file' line 5: policy.conf: [rules] unknown access \"sometimes\"; use open,"
                .substring(0, 60), e.getMessage().substring(0, 60));
        assertThrows(ConfigException.class, () -> PolicyFile.parse("alice\n[rules]\n/ open", "f"));
        assertThrows(ConfigException.class, () -> PolicyFile.parse("[rulez]\n/ open", "f"));
        assertThrows(ConfigException.class, () -> PolicyFile.parse("[rules]\n/ open\n[rules]\n/x open", "f"));
    }

    @Test
    void anEditIsPickedUpAndABrokenEditKeepsTheLastGoodPolicy() throws Exception {
        Path file = directory.resolve("policy.conf");
        Files.writeString(file, ALICE_ONLY);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        ReloadingPolicy reloading = ReloadingPolicy.load(file, start);
        assertTrue(allowed(reloading.current(start), "/admin/", "alice"));

        write(file, BOB_ONLY, 1);
        Instant later = start.plusSeconds(2);
        Policy reloaded = reloading.current(later);
        assertTrue(allowed(reloaded, "/admin/", "bob"));
        assertEquals(false, allowed(reloaded, "/admin/", "alice"));

        write(file, "[rules]\n/admin/* cn:", 2);
        Policy kept = reloading.current(later.plusSeconds(2));
        assertSame(reloaded, kept, "a broken edit keeps the last good policy");
    }

    @Test
    void nothingIsReadAgainWithinTheCheckInterval() throws Exception {
        Path file = directory.resolve("policy.conf");
        Files.writeString(file, ALICE_ONLY);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        ReloadingPolicy reloading = ReloadingPolicy.load(file, start);
        write(file, BOB_ONLY, 1);
        assertTrue(allowed(reloading.current(start.plusMillis(500)), "/admin/", "alice"));
        assertTrue(allowed(reloading.current(start.plusMillis(1500)), "/admin/", "bob"));
    }

    @Test
    void requestsDuringRewritesSeeOneWholePolicyOrTheOther() throws Exception {
        // Each version allows exactly one of the two CNs everywhere: a request that sees both allowed, or
        // neither, was decided by a mix.
        Path file = directory.resolve("policy.conf");
        Files.writeString(file, ALICE_ONLY);
        ReloadingPolicy reloading = ReloadingPolicy.load(file, Instant.now());
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> readers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            readers.add(pool.submit(() -> {
                int checked = 0;
                while (!stop.get()) {
                    Policy policy = reloading.current(Instant.now().plusSeconds(checked));
                    boolean alice = allowed(policy, "/admin/", "alice");
                    boolean bob = allowed(policy, "/admin/", "bob");
                    if (alice == bob) {
                        throw new AssertionError("mixed policy: alice " + alice + ", bob " + bob);
                    }
                    checked++;
                }
                return checked;
            }));
        }
        for (int version = 0; version < 20; version++) {
            Path next = directory.resolve("next.conf");
            Files.writeString(next, version % 2 == 0 ? BOB_ONLY : ALICE_ONLY);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Thread.sleep(5);
        }
        stop.set(true);
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        for (Future<Integer> reader : readers) {
            assertTrue(reader.get() > 0, "each reader decided requests");
        }
    }

    private static void write(Path file, String text, int secondsLater) throws Exception {
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(before.toInstant().plusSeconds(secondsLater)));
    }

    private static boolean allowed(Policy policy, String path, String cn) throws Exception {
        ClientIdentity identity = ClientIdentity.ofSubject(DistinguishedName.parse("CN=" + cn));
        return policy.denial(policy.rulesFor(List.of(path), "GET"), identity, Instant.now()) == null;
    }
}
