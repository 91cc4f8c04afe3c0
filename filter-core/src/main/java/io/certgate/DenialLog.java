package io.certgate;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

import jakarta.servlet.http.HttpServletRequest;

import io.certgate.identity.ClientIdentity;
import io.certgate.policy.ReasonCode;
import io.certgate.policy.Rule;

/**
 * The one log line per denial. Every value that came from the network is quoted, cut to a bounded
 * length and has its control characters escaped, so a client cannot forge or split log lines.
 */
final class DenialLog {
    private static final int MAX_VALUE_LENGTH = 256;

    private DenialLog() {
    }

    /**
     * @param enforced false in {@code report-only} mode, where the line says {@code would-deny}
     */
    static void log(Logger log, HttpServletRequest request, ReasonCode reason, Rule rule, String detail,
            ClientIdentity identity, boolean enforced) {
        if (!log.isLoggable(Level.INFO)) {
            return;
        }
        StringBuilder line = new StringBuilder(256)
                .append(enforced ? "CertGate denied" : "CertGate would-deny").append(" reason=").append(reason.code())
                .append(" client=").append(quote(request.getRemoteAddr()))
                .append(" method=").append(quote(request.getMethod()))
                .append(" path=").append(quote(request.getRequestURI()))
                .append(" subject=").append(quote(identity == null ? "" : identity.subject().toString()))
                .append(" rule=").append(rule == null ? "-" : quote(rule.describe()));
        if (detail != null) {
            line.append(" detail=").append(quote(detail));
        }
        log.log(Level.INFO, line.toString());
    }

    static String quote(String value) {
        if (value == null) {
            return "\"\"";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_VALUE_LENGTH) + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            if (i == MAX_VALUE_LENGTH) {
                out.append("...");
                break;
            }
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || Character.getType(c) == Character.FORMAT
                    || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
