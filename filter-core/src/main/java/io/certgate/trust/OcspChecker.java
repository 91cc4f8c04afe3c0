package io.certgate.trust;

import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.security.auth.x500.X500Principal;

import io.certgate.verdict.Denial;
import io.certgate.verdict.ReasonCode;

/**
 * The {@code ocsp} init-param: asks the OCSP responder named in the client certificate's Authority
 * Information Access extension whether it is revoked, through the JDK's {@link PKIXRevocationChecker}
 * (which builds the request, checks the response's signature, responder and freshness).
 *
 * <ul>
 *   <li>{@code off} (default): no OCSP.</li>
 *   <li>{@code soft-fail}: a revoked answer denies ({@code revoked}); no answer (responder down, no
 *       responder URL, status unknown) lets the request through and logs a warning.</li>
 *   <li>{@code hard-fail}: no answer denies ({@code revocation-unknown}).</li>
 * </ul>
 *
 * <p>Only the client certificate is asked about (intermediates are covered by {@code crl}); the JDK never
 * falls back to downloading CRLs. Answers (good or revoked) are cached per issuer and serial, at most
 * {@value #MAX_ENTRIES} of them, least recently used first out, for {@link #CACHE_LIFETIME}: the JDK checker
 * does not hand back the response's nextUpdate, so the cache uses this short fixed lifetime and the JDK
 * itself refuses a response past its nextUpdate. "No answer" is never cached, so the next request asks again.
 * The JDK's network timeout is the system property {@code com.sun.security.ocsp.timeout} (seconds, default 15).
 */
public final class OcspChecker {
    /** The init-param's name. */
    public static final String OCSP = "ocsp";
    /** How long a good or revoked answer is reused. */
    public static final Duration CACHE_LIFETIME = Duration.ofMinutes(5);
    /** Most answers kept. */
    public static final int MAX_ENTRIES = 10_000;

    private static final System.Logger LOG = System.getLogger("io.certgate");

    /** The three settings of {@code ocsp}. */
    public enum Mode {
        OFF, SOFT_FAIL, HARD_FAIL;

        /**
         * @throws IllegalArgumentException for anything but {@code off}, {@code soft-fail}, {@code hard-fail}
         */
        public static Mode parse(String text) {
            return switch (text.strip()) {
                case "off" -> OFF;
                case "soft-fail" -> SOFT_FAIL;
                case "hard-fail" -> HARD_FAIL;
                default -> throw new IllegalArgumentException("\"" + text + "\" is not off, soft-fail or hard-fail");
            };
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private record Key(X500Principal issuer, BigInteger serial) {
    }

    private record Answer(boolean revoked, String detail, Instant expires) {
    }

    private final Mode mode;
    private final Map<Key, Answer> cache = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Answer> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /**
     * @param mode {@link Mode#SOFT_FAIL} or {@link Mode#HARD_FAIL}; with {@code off}, build no checker
     */
    public OcspChecker(Mode mode) {
        if (mode == Mode.OFF) {
            throw new IllegalArgumentException("ocsp=off needs no checker");
        }
        this.mode = mode;
    }

    /**
     * @param path the validated path, client certificate first
     * @param anchor the trusted CA it chains to
     * @return null when the responder says good (or, in soft-fail mode, gave no answer), else the refusal
     */
    Denial check(CertPath path, TrustAnchor anchor, Instant now) {
        X509Certificate client = (X509Certificate) path.getCertificates().get(0);
        Key key = new Key(client.getIssuerX500Principal(), client.getSerialNumber());
        Answer answer = cached(key, now);
        if (answer == null) {
            answer = ask(path, anchor, now);
            if (answer.expires == null) {
                return noAnswer(answer.detail);
            }
            synchronized (cache) {
                cache.put(key, answer);
            }
        }
        return answer.revoked ? new Denial(ReasonCode.REVOKED, answer.detail) : null;
    }

    private Answer cached(Key key, Instant now) {
        synchronized (cache) {
            Answer answer = cache.get(key);
            if (answer != null && now.isBefore(answer.expires)) {
                return answer;
            }
            if (answer != null) {
                cache.remove(key);
            }
            return null;
        }
    }

    /** A good or revoked answer carries an expiry; "could not tell" carries none and is not cached. */
    private static Answer ask(CertPath path, TrustAnchor anchor, Instant now) {
        X509Certificate client = (X509Certificate) path.getCertificates().get(0);
        String who = client.getSubjectX500Principal().getName() + " serial " + client.getSerialNumber().toString(16);
        try {
            CertPathValidator validator = CertPathValidator.getInstance("PKIX");
            PKIXRevocationChecker checker = (PKIXRevocationChecker) validator.getRevocationChecker();
            checker.setOptions(EnumSet.of(PKIXRevocationChecker.Option.ONLY_END_ENTITY,
                    PKIXRevocationChecker.Option.NO_FALLBACK));
            PKIXParameters parameters = new PKIXParameters(Set.of(anchor));
            parameters.setDate(Date.from(now));
            parameters.setRevocationEnabled(true);
            parameters.addCertPathChecker(checker);
            validator.validate(path, parameters);
            return new Answer(false, "OCSP: " + who + " is good", now.plus(CACHE_LIFETIME));
        } catch (CertPathValidatorException e) {
            if (e.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
                return new Answer(true, "OCSP: " + who + " is revoked: " + e.getMessage(), now.plus(CACHE_LIFETIME));
            }
            return new Answer(false, "OCSP: status of " + who + " unknown: " + e.getMessage()
                    + (e.getCause() != null ? " (" + e.getCause() + ")" : ""), null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's PKIX implementation is missing", e);
        }
    }

    private Denial noAnswer(String detail) {
        if (mode == Mode.HARD_FAIL) {
            return new Denial(ReasonCode.REVOCATION_UNKNOWN, detail);
        }
        LOG.log(Level.WARNING, "CertGate: " + detail + "; allowed because ocsp=soft-fail");
        return null;
    }
}
