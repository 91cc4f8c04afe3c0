package io.certgate.trust;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
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
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import javax.security.auth.x500.X500Principal;

import io.certgate.verdict.Denial;
import io.certgate.verdict.ReasonCode;

/**
 * The {@code ocsp} init-param: asks the OCSP responder named in the client certificate's Authority
 * Information Access extension whether it is revoked.
 *
 * <ul>
 *   <li>{@code off} (default): no OCSP.</li>
 *   <li>{@code soft-fail}: a revoked answer denies ({@code revoked}); no answer (responder down or too slow, no
 *       responder URL, status unknown, a response that does not verify) lets the request through and logs a
 *       warning.</li>
 *   <li>{@code hard-fail}: no answer denies ({@code revocation-unknown}).</li>
 * </ul>
 *
 * <p>Revocation must not stall the application, so a question costs at most one bounded wait, however many
 * requests need the answer:
 * <ul>
 *   <li>CertGate sends the request itself (HTTP POST), waiting at most {@code ocsp-timeout} (default
 *       {@link #DEFAULT_TIMEOUT}) to connect and for each read, and abandoning an exchange still unfinished
 *       after that long at its next read. The JDK's own OCSP client has only a global system property for this
 *       ({@code com.sun.security.ocsp.timeout}, 15 s by default), read once per JVM.</li>
 *   <li>One request per certificate asks; requests for the same certificate meanwhile wait for that answer
 *       instead of asking again.</li>
 *   <li>Answers are remembered per issuer and serial: good or revoked for {@link #CACHE_LIFETIME}, "no answer"
 *       for {@link #NO_ANSWER_LIFETIME}, so a responder outage costs one timeout per certificate per
 *       half-minute, not one per request. At most {@value #MAX_ENTRIES}, least recently used dropped first.</li>
 * </ul>
 *
 * <p>The response is verified by the JDK's {@link PKIXRevocationChecker}, handed over as a stapled response:
 * signature, responder authorization, certificate ID and freshness (the JDK refuses a response past its
 * nextUpdate). Only the client certificate is asked about (intermediates are covered by {@code crl}); the JDK
 * never falls back to downloading CRLs.
 */
public final class OcspChecker {
    /** The init-param's name. */
    public static final String OCSP = "ocsp";
    /** The init-param bounding each wait on the responder. */
    public static final String OCSP_TIMEOUT = "ocsp-timeout";
    /** How long a good or revoked answer is reused. */
    public static final Duration CACHE_LIFETIME = Duration.ofMinutes(5);
    /** How long "no answer" is reused before the responder is asked again. */
    public static final Duration NO_ANSWER_LIFETIME = Duration.ofSeconds(30);
    /** {@code ocsp-timeout} when not set. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** The shortest {@code ocsp-timeout}: below it a responder across a network cannot answer. */
    public static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    /** The longest {@code ocsp-timeout}: the time a request may hang on a responder. */
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);
    /** Most answers kept. */
    public static final int MAX_ENTRIES = 10_000;
    /** Largest response read; a real one, even with the responder's certificate, is a few KiB. */
    public static final int MAX_RESPONSE_BYTES = 64 * 1024;

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

    private enum Status { GOOD, REVOKED, UNKNOWN }

    private record Answer(Status status, String detail, Instant expires) {
    }

    private final Mode mode;
    private final Duration timeout;
    private final Map<Key, Answer> cache = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Answer> eldest) {
            return size() > MAX_ENTRIES;
        }
    };
    /** The questions on their way to the responder, one per certificate. */
    private final ConcurrentHashMap<Key, CompletableFuture<Answer>> asking = new ConcurrentHashMap<>();

    /**
     * A checker waiting at most {@link #DEFAULT_TIMEOUT} for the responder.
     *
     * @param mode {@link Mode#SOFT_FAIL} or {@link Mode#HARD_FAIL}; with {@code off}, build no checker
     */
    public OcspChecker(Mode mode) {
        this(mode, DEFAULT_TIMEOUT);
    }

    /**
     * @param mode {@link Mode#SOFT_FAIL} or {@link Mode#HARD_FAIL}; with {@code off}, build no checker
     * @param timeout the longest wait to connect and for each read, from {@link #MIN_TIMEOUT} to
     *        {@link #MAX_TIMEOUT}
     */
    public OcspChecker(Mode mode, Duration timeout) {
        if (mode == Mode.OFF) {
            throw new IllegalArgumentException("ocsp=off needs no checker");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("ocsp-timeout " + timeout.toMillis() + "ms is not from "
                    + MIN_TIMEOUT.toMillis() + "ms to " + MAX_TIMEOUT.toSeconds() + "s");
        }
        this.mode = mode;
        this.timeout = timeout;
    }

    /**
     * Reads {@code ocsp-timeout}: a whole number of milliseconds or seconds with its unit, {@code 1500ms} or
     * {@code 2s}, from {@link #MIN_TIMEOUT} to {@link #MAX_TIMEOUT}.
     *
     * @throws IllegalArgumentException saying what is wrong and what to write instead
     */
    public static Duration parseTimeout(String text) {
        String value = text.strip();
        Duration timeout = null;
        try {
            if (value.endsWith("ms")) {
                timeout = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2).strip()));
            } else if (value.endsWith("s")) {
                timeout = Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1).strip()));
            }
        } catch (NumberFormatException e) {
            timeout = null;
        }
        if (timeout == null || timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("\"" + text + "\" is not a time from " + MIN_TIMEOUT.toMillis()
                    + "ms to " + MAX_TIMEOUT.toSeconds() + "s with its unit, such as 500ms or 2s");
        }
        return timeout;
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
            answer = askOnce(key, path, anchor, now);
        }
        return switch (answer.status) {
            case GOOD -> null;
            case REVOKED -> new Denial(ReasonCode.REVOKED, answer.detail);
            case UNKNOWN -> mode == Mode.HARD_FAIL ? new Denial(ReasonCode.REVOCATION_UNKNOWN, answer.detail) : null;
        };
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

    /**
     * Asks the responder, unless a request for the same certificate is already asking: then waits for its
     * answer, which comes within the timeout since that request's wait is bounded.
     */
    private Answer askOnce(Key key, CertPath path, TrustAnchor anchor, Instant now) {
        CompletableFuture<Answer> mine = new CompletableFuture<>();
        CompletableFuture<Answer> running = asking.putIfAbsent(key, mine);
        if (running != null) {
            return running.join();
        }
        try {
            // Another request may have asked, and cached, between our cache miss and our claim.
            Answer answer = cached(key, now);
            if (answer == null) {
                answer = ask(path, anchor, now);
                synchronized (cache) {
                    cache.put(key, answer);
                }
                if (answer.status == Status.UNKNOWN) {
                    LOG.log(Level.WARNING, "CertGate: " + answer.detail + "; "
                            + (mode == Mode.HARD_FAIL ? "denied because ocsp=hard-fail" : "allowed because ocsp=soft-fail")
                            + ", asked again after " + NO_ANSWER_LIFETIME.toSeconds() + " s");
                }
            }
            mine.complete(answer);
            return answer;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            asking.remove(key, mine);
        }
    }

    /** Good, revoked, or "could not tell", each with the time it may be reused until. */
    private Answer ask(CertPath path, TrustAnchor anchor, Instant now) {
        X509Certificate client = (X509Certificate) path.getCertificates().get(0);
        X509Certificate issuer = path.getCertificates().size() > 1
                ? (X509Certificate) path.getCertificates().get(1) : anchor.getTrustedCert();
        String who = client.getSubjectX500Principal().getName() + " serial " + client.getSerialNumber().toString(16);
        String url;
        byte[] response;
        try {
            url = OcspRequest.responderUrl(client);
            if (url == null) {
                return unknown(who, "the certificate names no http OCSP responder", now);
            }
            response = post(url, OcspRequest.encode(client, issuer));
        } catch (IllegalArgumentException e) {
            return unknown(who, e.getMessage(), now);
        } catch (SocketTimeoutException e) {
            return unknown(who, "no answer within ocsp-timeout " + timeout.toMillis() + "ms", now);
        } catch (IOException e) {
            return unknown(who, "responder unreachable (" + e + ")", now);
        }
        try {
            CertPathValidator validator = CertPathValidator.getInstance("PKIX");
            PKIXRevocationChecker checker = (PKIXRevocationChecker) validator.getRevocationChecker();
            checker.setOptions(EnumSet.of(PKIXRevocationChecker.Option.ONLY_END_ENTITY,
                    PKIXRevocationChecker.Option.NO_FALLBACK));
            // Handed over as a stapled response: the JDK verifies it and does not go to the network itself.
            checker.setOcspResponses(Map.of(client, response));
            PKIXParameters parameters = new PKIXParameters(Set.of(anchor));
            parameters.setDate(Date.from(now));
            parameters.setRevocationEnabled(true);
            parameters.addCertPathChecker(checker);
            validator.validate(path, parameters);
            return new Answer(Status.GOOD, "OCSP: " + who + " is good (" + url + ")", now.plus(CACHE_LIFETIME));
        } catch (CertPathValidatorException e) {
            if (e.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
                return new Answer(Status.REVOKED, "OCSP: " + who + " is revoked: " + e.getMessage(),
                        now.plus(CACHE_LIFETIME));
            }
            return unknown(who, e.getMessage() + (e.getCause() != null ? " (" + e.getCause() + ")" : ""), now);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's PKIX implementation is missing", e);
        }
    }

    private static Answer unknown(String who, String why, Instant now) {
        return new Answer(Status.UNKNOWN, "OCSP: status of " + who + " unknown: " + why,
                now.plus(NO_ANSWER_LIFETIME));
    }

    /** POSTs the request; every wait bounded by the timeout, the whole exchange abandoned once it is over. */
    private byte[] post(String url, byte[] request) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int millis = (int) timeout.toMillis();
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new IOException("not an http URL: " + url, e);
        }
        try {
            connection.setConnectTimeout(millis);
            connection.setReadTimeout(millis);
            connection.setUseCaches(false);
            connection.setInstanceFollowRedirects(false);
            connection.setDoOutput(true);
            connection.setRequestMethod("POST");
            connection.setRequestProperty("Content-Type", "application/ocsp-request");
            connection.setFixedLengthStreamingMode(request.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(request);
            }
            int status = connection.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) {
                throw new IOException("HTTP " + status + " from " + url);
            }
            try (InputStream in = connection.getInputStream()) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                byte[] buffer = new byte[4096];
                for (int read; (read = in.read(buffer)) != -1;) {
                    body.write(buffer, 0, read);
                    if (body.size() > MAX_RESPONSE_BYTES) {
                        throw new IOException("response from " + url + " over " + MAX_RESPONSE_BYTES + " bytes");
                    }
                    if (System.nanoTime() - deadline > 0) {
                        throw new SocketTimeoutException("response from " + url + " still arriving");
                    }
                }
                return body.toByteArray();
            }
        } finally {
            connection.disconnect();
        }
    }
}
