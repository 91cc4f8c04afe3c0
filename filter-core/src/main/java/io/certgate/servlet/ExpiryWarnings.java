package io.certgate.servlet;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import io.certgate.identity.ClientIdentity;

/**
 * Tells clients and operators that a certificate is about to expire: the response header
 * {@value #HEADER} on every allowed request within the window, a log warning at most once a day per
 * certificate, and {@link #expiringSoon} for the metrics (certificates remembered: the {@value #REMEMBERED}
 * most recently seen within the window).
 */
public final class ExpiryWarnings {
    static final String HEADER = "CertGate-Cert-Expires";
    private static final int REMEMBERED = 10_000;
    private static final System.Logger LOG = System.getLogger("io.certgate");

    /** How long a certificate seen within the window counts in {@link #expiringSoon}. */
    private static final Duration SEEN_FOR = Duration.ofDays(1);

    /** A certificate within the window: when it expires, the day it was last warned about, when last seen. */
    private record Seen(Instant notAfter, LocalDate warnedOn, Instant lastSeen) {
    }

    private final Duration window;
    private final Map<String, Seen> seen = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > REMEMBERED;
        }
    };

    public ExpiryWarnings(int days) {
        this.window = Duration.ofDays(days);
    }

    public void check(ClientIdentity identity, Instant now, HttpServletResponse response) {
        Instant notAfter = identity.notAfter();
        // Compared in seconds, not with now.plus(window), so that a request far from expiry allocates nothing.
        if (notAfter == null || window.isZero() || notAfter.getEpochSecond() - window.getSeconds() > now.getEpochSecond()) {
            return;
        }
        response.setHeader(HEADER, DateTimeFormatter.ISO_INSTANT.format(notAfter));
        String key = identity.sha256Fingerprint();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        boolean warn;
        synchronized (seen) {
            Seen before = seen.get(key);
            warn = before == null || !today.equals(before.warnedOn);
            seen.put(key, new Seen(notAfter, today, now));
        }
        if (!warn) {
            return;
        }
        LOG.log(Level.WARNING, "CertGate: client certificate " + DenialLog.quote(identity.subject().toString())
                + " serial " + identity.serialNumber().toString(16) + " expires " + notAfter + "; renew it");
    }

    /**
     * How many distinct certificates within the window were admitted during the day before {@code now} and
     * have not expired yet: the clients that will be locked out soon unless they renew.
     */
    public int expiringSoon(Instant now) {
        Instant since = now.minus(SEEN_FOR);
        int count = 0;
        synchronized (seen) {
            for (Seen certificate : seen.values()) {
                if (certificate.lastSeen.isAfter(since) && certificate.notAfter.isAfter(now)) {
                    count++;
                }
            }
        }
        return count;
    }
}
