package io.certgate.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.certgate.ProjectedVolume;
import io.certgate.identity.ClientIdentity;
import io.certgate.identity.DistinguishedName;

/** A {@code config-file} mounted from a Kubernetes ConfigMap, updated by swapping the {@code ..data} link. */
class ReloadingPolicyVolumeTest {
    /** Two policies of the same length, so only the swap itself tells them apart. */
    private static final String ALICE = "[allowed-cns]\nalice\n";
    private static final String CAROL = "[allowed-cns]\ncarol\n";

    @TempDir
    Path dir;

    @Test
    void configMapUpdateIsSeenEvenWithTheSameModificationTimeAndSize() throws Exception {
        ProjectedVolume volume = new ProjectedVolume(dir);
        FileTime sameTime = FileTime.from(Instant.parse("2026-12-02T10:00:00Z"));
        volume.publish(Map.of("policy.conf", ALICE.getBytes(StandardCharsets.UTF_8)), sameTime);
        Instant start = Instant.now();
        ReloadingPolicy policy = ReloadingPolicy.load(volume.file("policy.conf"), start);
        assertTrue(allowed(policy.current(start), "alice"));

        volume.publish(Map.of("policy.conf", CAROL.getBytes(StandardCharsets.UTF_8)), sameTime);
        Policy reloaded = policy.current(start.plus(ReloadingPolicy.CHECK_INTERVAL));
        assertTrue(allowed(reloaded, "carol"));
        assertFalse(allowed(reloaded, "alice"));
    }

    private static boolean allowed(Policy policy, String cn) throws Exception {
        ClientIdentity identity = ClientIdentity.ofSubject(DistinguishedName.parse("CN=" + cn));
        return policy.denial(policy.rulesFor(List.of("/x"), "GET"), identity, Instant.now()) == null;
    }
}
