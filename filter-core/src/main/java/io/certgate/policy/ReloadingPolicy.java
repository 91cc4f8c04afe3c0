package io.certgate.policy;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import io.certgate.config.ConfigException;
import io.certgate.config.ReloadFailure;

/**
 * The policy from a {@code config-file}, reloaded when the file changes, without a restart.
 *
 * <p>The file is looked at, at most once per {@link #CHECK_INTERVAL}, by the request that finds the
 * interval over; the others carry on with the policy they have. A new policy replaces the old one in one
 * atomic step, so every request is decided by one whole policy, old or new, never a mix. An edit that does
 * not parse keeps the last good policy, and the error is logged once per edit.
 */
public final class ReloadingPolicy {
    /** How often the file's modification time and size are compared. */
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    private static final System.Logger LOG = System.getLogger("io.certgate");

    /** {@code nextCheck} is worked out once per look at the file, so a request between looks allocates nothing. */
    private record Loaded(Policy policy, FileStamp stamp, Instant nextCheck) {
        static Loaded checkedAt(Instant now, Policy policy, FileStamp stamp) {
            return new Loaded(policy, stamp, now.plus(CHECK_INTERVAL));
        }
    }

    /** What tells that the file changed; compared whole, so a same-second rewrite of another size counts. */
    private record FileStamp(Instant modified, long size, Object fileKey) {
    }

    private final Path file;
    private final AtomicReference<Loaded> current;
    /** The last reload's failure, or null when it loaded (or nothing changed since the first load). */
    private volatile ReloadFailure failure;

    private ReloadingPolicy(Path file, Loaded loaded) {
        this.file = file;
        this.current = new AtomicReference<>(loaded);
    }

    /**
     * Reads the file for the first time; a missing or broken file is a configuration error.
     *
     * @throws ConfigException naming the file and what is wrong
     */
    public static ReloadingPolicy load(Path file, Instant now) throws ConfigException {
        Objects.requireNonNull(file, "file");
        try {
            FileStamp stamp = stamp(file);
            return new ReloadingPolicy(file, Loaded.checkedAt(now, read(file), stamp));
        } catch (IOException e) {
            throw new ConfigException("config-file", 0, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The policy to decide a request with, reloading first if the file changed. */
    public Policy current(Instant now) {
        Loaded loaded = current.get();
        if (now.isBefore(loaded.nextCheck)) {
            return loaded.policy;
        }
        Loaded claimed = Loaded.checkedAt(now, loaded.policy, loaded.stamp);
        if (!current.compareAndSet(loaded, claimed)) {
            return current.get().policy;
        }
        FileStamp stamp;
        try {
            stamp = stamp(file);
        } catch (IOException e) {
            // Forget the stamp, so the file is read again once it can be, even if it comes back unchanged.
            current.compareAndSet(claimed, new Loaded(claimed.policy, null, claimed.nextCheck));
            failure = new ReloadFailure("config-file", file.toString(), now, "cannot read it: " + e.getMessage());
            LOG.log(Level.ERROR, "CertGate: cannot read config-file " + file + " (" + e.getMessage()
                    + "); keeping the last good policy");
            return claimed.policy;
        }
        if (stamp.equals(claimed.stamp)) {
            return claimed.policy;
        }
        try {
            Policy policy = read(file);
            current.compareAndSet(claimed, Loaded.checkedAt(now, policy, stamp));
            failure = null;
            LOG.log(Level.INFO, "CertGate: reloaded config-file " + file);
            return policy;
        } catch (IOException | ConfigException e) {
            // Remember the broken stamp so the error is logged once per edit, not once per second.
            current.compareAndSet(claimed, Loaded.checkedAt(now, claimed.policy, stamp));
            failure = new ReloadFailure("config-file", file.toString(), now, e.getMessage());
            LOG.log(Level.ERROR, "CertGate: config-file " + file + " was changed but cannot be used, keeping the"
                    + " last good policy: " + e.getMessage());
            return claimed.policy;
        }
    }

    /** The last reload that failed, the last good policy still in force; null when the file in force is the file. */
    public ReloadFailure failure() {
        return failure;
    }

    private static Policy read(Path file) throws IOException, ConfigException {
        return PolicyFile.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    private static FileStamp stamp(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new FileStamp(attributes.lastModifiedTime().toInstant(), attributes.size(), attributes.fileKey());
    }
}
