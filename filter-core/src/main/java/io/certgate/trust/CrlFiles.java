package io.certgate.trust;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CRL;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import javax.security.auth.x500.X500Principal;

import io.certgate.config.ReloadFailure;
import io.certgate.verdict.Denial;
import io.certgate.verdict.ReasonCode;

/**
 * The {@code crl} init-param: CRL files (PEM or DER, several CRLs per PEM file allowed) that every client
 * certificate, and every intermediate CA in its chain, is checked against, reloaded when a file changes.
 *
 * <pre>{@code
 * crl = /etc/certgate/root.crl, /etc/certgate/issuing-ca.crl
 * }</pre>
 *
 * <p>Like nginx's {@code ssl_crl}, it fails closed: each certificate in the chain below the trusted CA must
 * be covered by a CRL from its issuer, and one that is not is refused ({@code revocation-unknown}), so a
 * CRL for the wrong CA cannot silently switch revocation off. A CRL counts only if it is signed by the key
 * of the certificate's issuer: CRLs of a {@code trusted-ca} certificate are verified when loaded, CRLs of an
 * intermediate CA (known only from the client's chain) the first time that intermediate is seen.
 *
 * <p>Reloading happens on the request path, without a thread: at most once per {@link #CHECK_INTERVAL},
 * one request compares each file's {@link FileStamp} (where its links lead, its modification time, size and
 * inode) with the last load and, if any changed, reads them all; so a Kubernetes Secret or ConfigMap update,
 * which swaps a {@code ..data} link instead of rewriting the file, is seen too. The whole set is swapped in at once (one immutable snapshot), so a request sees either
 * the old CRLs or the new ones. A set that fails to load (a file missing, unreadable, not a CRL, or badly
 * signed) is logged as an error and the last good set stays in use until the files change again. When the
 * {@code trusted-ca} set changes, the files are read again at once and checked against the new set.
 */
public final class CrlFiles {
    /** How often, at most, the files' modification times are looked at. */
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
    /** The init-param saying what a CRL past its nextUpdate counts for. */
    public static final String CRL_STALE = "crl-stale";

    /**
     * What a CRL past its nextUpdate counts for ({@code crl-stale}). Its revocations always hold: a certificate
     * once revoked stays revoked. What differs is whether it still vouches for the certificates it does not list.
     */
    public enum Stale {
        /** It still covers its issuer's certificates, and a warning is logged once per CRL (the default). */
        WARN,
        /** It covers nothing: a certificate whose issuer has only stale CRLs is {@code revocation-unknown}. */
        DENY;

        /**
         * @throws IllegalArgumentException for anything but {@code warn} or {@code deny}
         */
        public static Stale parse(String text) {
            return switch (text.strip()) {
                case "warn" -> WARN;
                case "deny" -> DENY;
                default -> throw new IllegalArgumentException("\"" + text + "\" is not warn or deny; deny refuses"
                        + " certificates (revocation-unknown) while their issuer's CRL is past its nextUpdate");
            };
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final System.Logger LOG = System.getLogger("io.certgate");
    private static final int CRL_SIGN_BIT = 6;

    private final List<Path> paths;
    private final Stale stale;
    private final AtomicReference<Snapshot> current;
    /** The last reload's failure, or null when it loaded (or nothing changed since the first load). */
    private volatile ReloadFailure failure;

    /** A CRL file that cannot be used: which one, and why (the message). */
    private static final class UnusableFile extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final transient Path file;

        UnusableFile(Path file, String message) {
            super(message);
            this.file = file;
        }
    }

    /** The loaded CRLs and the file stamps they were loaded from; never changed once built. */
    private record Snapshot(Map<X500Principal, List<LoadedCrl>> byIssuer, List<FileStamp> stamps,
            List<X509Certificate> trustedCas, Instant nextCheck) {
        Snapshot withNextCheck(Instant next) {
            return new Snapshot(byIssuer, stamps, trustedCas, next);
        }
    }

    /** A CRL and the issuer keys it has been checked against (a handful: the issuing CA's key). */
    private static final class LoadedCrl {
        final X509CRL crl;
        final Path file;
        /** The nextUpdate, or null when the CRL has none (then it never goes stale). */
        final Instant nextUpdate;
        final Map<PublicKey, Boolean> signedBy = new ConcurrentHashMap<>();
        /** Whether "past its nextUpdate" was logged for this CRL, so that it is logged once, not per request. */
        final AtomicBoolean staleLogged = new AtomicBoolean();

        LoadedCrl(X509CRL crl, Path file) {
            this.crl = crl;
            this.file = file;
            this.nextUpdate = crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant();
        }

        boolean staleAt(Instant now) {
            return nextUpdate != null && now.isAfter(nextUpdate);
        }

        String staleText() {
            return "\"" + file + "\" from " + crl.getIssuerX500Principal().getName() + " was due for renewal at "
                    + nextUpdate;
        }

        boolean signedBy(PublicKey issuerKey) {
            return signedBy.computeIfAbsent(issuerKey, key -> verifies(crl, key));
        }
    }

    private CrlFiles(List<Path> paths, Stale stale, Snapshot first) {
        this.paths = paths;
        this.stale = stale;
        this.current = new AtomicReference<>(first);
    }

    /** As {@link #load(List, List, Stale, Instant)} with {@code crl-stale=warn}. */
    public static CrlFiles load(List<Path> paths, List<X509Certificate> trustedCas, Instant now) {
        return load(paths, trustedCas, Stale.WARN, now);
    }

    /**
     * Reads the files once, as {@code init} does.
     *
     * @param paths the CRL files
     * @param trustedCas the {@code trusted-ca} certificates, which CRLs issued by them must verify against
     * @param stale what a CRL past its nextUpdate counts for ({@code crl-stale})
     * @param now the time of loading
     * @throws IllegalArgumentException saying which file is wrong and how
     */
    public static CrlFiles load(List<Path> paths, List<X509Certificate> trustedCas, Stale stale, Instant now) {
        Objects.requireNonNull(stale, "stale");
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no CRL file given; list one or more paths, comma-separated");
        }
        List<Path> files = List.copyOf(paths);
        List<X509Certificate> cas = List.copyOf(trustedCas);
        List<FileStamp> stamps = stamps(files);
        Snapshot first = new Snapshot(read(files, cas, stale, now), stamps, cas, now.plus(CHECK_INTERVAL));
        return new CrlFiles(files, stale, first);
    }

    /**
     * Checks {@code certificate} against the CRLs of its issuer.
     *
     * @param issuer the certificate that issued it (from the validated chain, or the trust anchor)
     * @param trustedCas the {@code trusted-ca} set in force; when it is not the one the CRLs were loaded
     *        under, they are read again and checked against it
     * @return null when not revoked, else {@code revoked} or {@code revocation-unknown}
     */
    Denial check(X509Certificate certificate, X509Certificate issuer, List<X509Certificate> trustedCas,
            Instant now) {
        X500Principal issuerName = certificate.getIssuerX500Principal();
        List<LoadedCrl> crls = reloadedIfChanged(trustedCas, now).byIssuer.get(issuerName);
        if (crls == null) {
            return new Denial(ReasonCode.REVOCATION_UNKNOWN, "no crl is from " + issuerName.getName()
                    + ", the issuer of " + certificate.getSubjectX500Principal().getName());
        }
        // getKeyUsage() copies its array, so ask once, not once per CRL.
        boolean issuerMaySign = mayIssueCrls(issuer);
        boolean covered = false;
        LoadedCrl staleRefused = null;
        for (LoadedCrl loaded : crls) {
            if (!issuerMaySign || !loaded.signedBy(issuer.getPublicKey())) {
                continue;
            }
            // A revocation holds even in a stale CRL; only "not listed" needs a CRL that is still current.
            X509CRLEntry entry = loaded.crl.getRevokedCertificate(certificate.getSerialNumber());
            if (entry != null) {
                return new Denial(ReasonCode.REVOKED, certificate.getSubjectX500Principal().getName() + " serial "
                        + certificate.getSerialNumber().toString(16) + " is revoked by " + loaded.file
                        + (entry.getRevocationReason() != null ? " (" + entry.getRevocationReason() + ")" : ""));
            }
            if (!loaded.staleAt(now)) {
                covered = true;
            } else if (stale == Stale.WARN) {
                covered = true;
                if (loaded.staleLogged.compareAndSet(false, true)) {
                    LOG.log(Level.WARNING, "CertGate: init-param 'crl': " + loaded.staleText() + "; it is still"
                            + " used (crl-stale=warn), but fetch a fresh one");
                }
            } else {
                staleRefused = loaded;
            }
        }
        if (!covered && staleRefused != null) {
            return new Denial(ReasonCode.REVOCATION_UNKNOWN, "crl " + staleRefused.staleText()
                    + " and crl-stale=deny; publish a fresh CRL");
        }
        if (!covered) {
            return new Denial(ReasonCode.REVOCATION_UNKNOWN, "no crl from " + issuerName.getName()
                    + " is signed by its key");
        }
        return null;
    }

    /** Looks at the files now, as a request would, reloading them if they changed. */
    void refresh(List<X509Certificate> trustedCas, Instant now) {
        reloadedIfChanged(trustedCas, now);
    }

    /** The last reload that failed, the CRLs loaded before still in use; null when the files in force are the files. */
    ReloadFailure failure() {
        return failure;
    }

    private Snapshot reloadedIfChanged(List<X509Certificate> trustedCas, Instant now) {
        Snapshot snapshot = current.get();
        boolean casChanged = false;
        if (snapshot.trustedCas != trustedCas) {
            casChanged = !snapshot.trustedCas.equals(trustedCas);
            if (!casChanged) {
                // The same set in another list: keep this one, so that later requests compare references only.
                current.compareAndSet(snapshot, new Snapshot(snapshot.byIssuer, snapshot.stamps, trustedCas,
                        snapshot.nextCheck));
                snapshot = current.get();
            }
        }
        // Due when the interval is over, or when the clock went back by more than an interval (a request that
        // merely started a little before the last check is not a clock change, and must not reload again).
        // A new trusted-ca set is due at once: a CRL of a CA rotated to a new key verifies only against it.
        boolean due = !now.isBefore(snapshot.nextCheck)
                || now.isBefore(snapshot.nextCheck.minus(CHECK_INTERVAL).minus(CHECK_INTERVAL))
                || casChanged;
        if (!due) {
            return snapshot;
        }
        // One request claims the check; the others go on with the snapshot they have.
        Snapshot claimed = snapshot.withNextCheck(now.plus(CHECK_INTERVAL));
        if (!current.compareAndSet(snapshot, claimed)) {
            return current.get();
        }
        List<FileStamp> stamps = stamps(paths);
        if (stamps.equals(claimed.stamps) && !casChanged) {
            return claimed;
        }
        Snapshot next;
        try {
            next = new Snapshot(read(paths, trustedCas, stale, now), stamps, trustedCas, claimed.nextCheck);
            failure = null;
            LOG.log(Level.INFO, "CertGate: init-param 'crl': reloaded " + paths);
        } catch (UnusableFile e) {
            // Remember the broken stamps so the error is logged once per change, not once per second.
            next = new Snapshot(claimed.byIssuer, stamps, trustedCas, claimed.nextCheck);
            failure = new ReloadFailure("crl", e.file.toString(), now, e.getMessage());
            LOG.log(Level.ERROR, "CertGate: init-param 'crl': " + e.getMessage()
                    + "; still using the CRLs loaded before; fix the file and they reload");
        }
        current.compareAndSet(claimed, next);
        return current.get();
    }

    private static List<FileStamp> stamps(List<Path> paths) {
        List<FileStamp> stamps = new ArrayList<>(paths.size());
        for (Path path : paths) {
            stamps.add(FileStamp.of(path));
        }
        return List.copyOf(stamps);
    }

    private static Map<X500Principal, List<LoadedCrl>> read(List<Path> paths, List<X509Certificate> trustedCas,
            Stale stale, Instant now) {
        Map<X500Principal, List<LoadedCrl>> byIssuer = new HashMap<>();
        for (Path path : paths) {
            for (X509CRL crl : usable(path, trustedCas)) {
                LoadedCrl loaded = new LoadedCrl(crl, path);
                if (loaded.staleAt(now)) {
                    loaded.staleLogged.set(true);
                    LOG.log(Level.WARNING, "CertGate: init-param 'crl': " + loaded.staleText() + "; "
                            + (stale == Stale.WARN ? "it is still used (crl-stale=warn)"
                                    : "its issuer's certificates are refused (crl-stale=deny)")
                            + ", fetch a fresh one");
                }
                byIssuer.computeIfAbsent(crl.getIssuerX500Principal(), issuer -> new ArrayList<>()).add(loaded);
            }
        }
        Map<X500Principal, List<LoadedCrl>> frozen = new HashMap<>();
        byIssuer.forEach((issuer, crls) -> frozen.put(issuer, List.copyOf(crls)));
        return Map.copyOf(frozen);
    }

    /** The CRLs of one file, their signatures checked as far as the trusted CAs allow. */
    private static List<X509CRL> usable(Path path, List<X509Certificate> trustedCas) {
        try {
            List<X509CRL> crls = parse(path);
            for (X509CRL crl : crls) {
                checkSignature(path, crl, trustedCas);
            }
            return crls;
        } catch (IllegalArgumentException e) {
            throw new UnusableFile(path, e.getMessage());
        }
    }

    private static List<X509CRL> parse(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            Collection<? extends CRL> crls = CertificateFactory.getInstance("X.509").generateCRLs(in);
            if (crls.isEmpty()) {
                throw new IllegalArgumentException("\"" + path + "\" holds no CRL; give a PEM"
                        + " (-----BEGIN X509 CRL-----) or DER CRL file");
            }
            List<X509CRL> list = new ArrayList<>(crls.size());
            for (CRL crl : crls) {
                list.add((X509CRL) crl);
            }
            return list;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("\"" + path + "\" does not exist");
        } catch (IOException | CRLException | CertificateException | RuntimeException e) {
            throw new IllegalArgumentException("\"" + path + "\" is not a readable PEM or DER CRL: " + e.getMessage());
        }
    }

    /** A CRL from a trusted CA must verify now; one from an intermediate is verified when the chain shows it. */
    private static void checkSignature(Path path, X509CRL crl, List<X509Certificate> trustedCas) {
        boolean issuerTrusted = false;
        for (X509Certificate ca : trustedCas) {
            if (ca.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
                issuerTrusted = true;
                if (mayIssueCrls(ca) && verifies(crl, ca.getPublicKey())) {
                    return;
                }
            }
        }
        if (issuerTrusted) {
            throw new IllegalArgumentException("\"" + path + "\" claims to be from " + crl.getIssuerX500Principal()
                    .getName() + " but is not signed by that trusted-ca certificate's key (or the CA lacks cRLSign);"
                    + " get the CRL the CA itself published");
        }
    }

    private static boolean mayIssueCrls(X509Certificate ca) {
        boolean[] usage = ca.getKeyUsage();
        return usage == null || usage.length > CRL_SIGN_BIT && usage[CRL_SIGN_BIT];
    }

    private static boolean verifies(X509CRL crl, PublicKey key) {
        try {
            crl.verify(key);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
