package io.certgate.trust;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.certgate.config.ReloadFailure;

/**
 * The {@code trusted-ca} bundle in force now: read once at {@code init} and, when it is a file, read again when
 * the file changes, so a CA can be added or retired without a restart.
 *
 * <pre>{@code
 * trusted-ca = /etc/certgate/ca.pem          (reloaded on change, also from a Kubernetes Secret)
 * trusted-ca = classpath:certs/ca.pem        (fixed: a jar does not change under a running filter)
 * }</pre>
 *
 * <p>It reloads as {@link CrlFiles} does, on the request path and without a thread: at most once per
 * {@link #CHECK_INTERVAL}, one request compares the file's {@link FileStamp} (links followed, so a Secret's
 * {@code ..data} swap is seen) with the last load and, if it changed, reads it; the new set replaces the old
 * one in one step. A bundle that fails to load (missing, empty, not PEM, holding a non-CA certificate) is
 * logged once as an error and the last good set stays in force, so a half-written file never locks everyone
 * out, nor lets anyone in. When the set changes, paths built under the old set are forgotten (see
 * {@link ChainValidator}): a retired CA is not trusted a moment longer than the next check.
 */
public final class TrustedCaBundle {
    /** How often, at most, the file is looked at. */
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    private static final System.Logger LOG = System.getLogger("io.certgate");

    /** The set in force and the stamp of the file it came from; never changed once built. */
    private record Loaded(Anchors anchors, FileStamp stamp, Instant nextCheck) {
        Loaded withNextCheck(Instant next) {
            return new Loaded(anchors, stamp, next);
        }
    }

    /** The file to watch; null for a fixed set. */
    private final Path file;
    private final String location;
    private final ClassLoader loader;
    private final AtomicReference<Loaded> current;
    /** The last reload's failure, or null when it loaded (or nothing changed since the first load). */
    private volatile ReloadFailure failure;

    private TrustedCaBundle(Path file, String location, ClassLoader loader, Loaded first) {
        this.file = file;
        this.location = location;
        this.loader = loader;
        this.current = new AtomicReference<>(first);
    }

    /**
     * Reads the bundle once, as {@code init} does.
     *
     * @param location a file path, reloaded on change, or a {@code classpath:} resource, read once
     * @param loader the class loader for {@code classpath:} locations
     * @throws IllegalArgumentException saying what is wrong with the bundle
     */
    public static TrustedCaBundle load(String location, ClassLoader loader, Instant now) {
        String where = location.strip();
        Path file = where.startsWith("classpath:") || where.isEmpty() ? null : Path.of(where);
        FileStamp stamp = file == null ? FileStamp.MISSING : FileStamp.of(file);
        Anchors anchors = new Anchors(TrustedCas.load(where, loader));
        return new TrustedCaBundle(file, where, loader, new Loaded(anchors, stamp, now.plus(CHECK_INTERVAL)));
    }

    /** A set that never changes: for a validator built from certificates in code. */
    public static TrustedCaBundle fixed(List<X509Certificate> cas) {
        return new TrustedCaBundle(null, null, null, new Loaded(new Anchors(cas), FileStamp.MISSING, Instant.MAX));
    }

    /** The CA certificates in force now, without looking at the file. */
    public List<X509Certificate> certificates() {
        return current.get().anchors.certificates();
    }

    /** The last reload that failed, the CAs loaded before still trusted; null when the file in force is the file. */
    ReloadFailure failure() {
        return failure;
    }

    /** The set to check a request with, reloading first if the file changed. */
    Anchors current(Instant now) {
        Loaded loaded = current.get();
        if (file == null) {
            return loaded.anchors;
        }
        // Due when the interval is over, or when the clock went back by more than an interval.
        boolean due = !now.isBefore(loaded.nextCheck)
                || now.isBefore(loaded.nextCheck.minus(CHECK_INTERVAL).minus(CHECK_INTERVAL));
        if (!due) {
            return loaded.anchors;
        }
        // One request claims the check; the others go on with the set they have.
        Loaded claimed = loaded.withNextCheck(now.plus(CHECK_INTERVAL));
        if (!current.compareAndSet(loaded, claimed)) {
            return current.get().anchors;
        }
        FileStamp stamp = FileStamp.of(file);
        if (stamp.equals(claimed.stamp)) {
            return claimed.anchors;
        }
        Loaded next;
        try {
            List<X509Certificate> cas = TrustedCas.load(location, loader);
            next = new Loaded(new Anchors(cas), stamp, claimed.nextCheck);
            failure = null;
            LOG.log(Level.INFO, "CertGate: init-param 'trusted-ca': reloaded " + file + ", " + cas.size()
                    + " CA certificate(s)");
        } catch (IllegalArgumentException e) {
            // Remember the broken stamp so the error is logged once per change, not once per second.
            next = new Loaded(claimed.anchors, stamp, claimed.nextCheck);
            failure = new ReloadFailure("trusted-ca", location, now, e.getMessage());
            LOG.log(Level.ERROR, "CertGate: init-param 'trusted-ca': " + e.getMessage()
                    + "; still trusting the CAs loaded before; fix the file and it reloads");
        }
        current.compareAndSet(claimed, next);
        return current.get().anchors;
    }
}
