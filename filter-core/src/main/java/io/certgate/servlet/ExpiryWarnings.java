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
 * {@value #HEADER} on every allowed request within the window, and a log warning at most once a day per
 * certificate (remembered for the {@value #REMEMBERED} most recent certificates).
 */
public final class ExpiryWarnings {
    static final String HEADER = "CertGate-Cert-Expires";
    private static final int REMEMBERED = 10_000;
    private static final System.Logger LOG = System.getLogger("io.certgate");

    private final Duration window;
    private final Map<String, LocalDate> lastWarned = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LocalDate> eldest) {
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
        synchronized (lastWarned) {
            if (today.equals(lastWarned.get(key))) {
                return;
            }
            lastWarned.put(key, today);
        }
        LOG.log(Level.WARNING, "CertGate: client certificate " + DenialLog.quote(identity.subject().toString())
                + " serial " + identity.serialNumber().toString(16) + " expires " + notAfter + "; renew it");
    }
}
