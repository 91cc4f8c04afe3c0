package io.certgate.servlet;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Locale;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import io.certgate.identity.ClientIdentity;
import io.certgate.verdict.Denial;
import io.certgate.verdict.ReasonCode;

/**
 * The one log line per denial. Every value that came from the network is quoted, cut to a bounded
 * length and has its control characters escaped, so a client cannot forge or split log lines.
 *
 * <p>The line names the certificate presented, refused or not: subject, issuer, serial (hex) and SHA-256
 * fingerprint, so an operator can find it; {@code -} for what the source cannot know (a DN-only proxy header
 * has no issuer, serial or fingerprint) or when no readable certificate was presented.
 */
public final class DenialLog {
    private static final int MAX_VALUE_LENGTH = 256;

    private DenialLog() {
    }

    /**
     * @param enforced false in {@code report-only} mode, where the line says {@code would-deny}
     */
    public static void log(Logger log, HttpServletRequest request, Denial denial, boolean enforced) {
        ReasonCode reason = denial.reason();
        ClientIdentity identity = denial.identity();
        if (!log.isLoggable(Level.INFO)) {
            return;
        }
        StringBuilder line = new StringBuilder(256)
                .append(enforced ? "CertGate denied" : "CertGate would-deny").append(" reason=").append(reason.code())
                .append(" client=").append(quote(request.getRemoteAddr()))
                .append(" method=").append(quote(request.getMethod()))
                .append(" path=").append(quote(ServletRequestReader.INSTANCE.requestUri(request)));
        DispatcherType dispatch = request.getDispatcherType();
        if (dispatch != null && dispatch != DispatcherType.REQUEST) {
            line.append(" dispatch=").append(dispatch.name().toLowerCase(Locale.ROOT));
        }
        line.append(" subject=").append(quote(identity == null ? "" : identity.subject().toString()))
                .append(" issuer=").append(identity == null || identity.issuer() == null ? "-"
                        : quote(identity.issuer().toString()))
                .append(" serial=").append(identity == null || identity.serialNumber() == null ? "-"
                        : identity.serialNumber().toString(16))
                .append(" sha256=").append(identity == null || identity.sha256Fingerprint() == null ? "-"
                        : identity.sha256Fingerprint())
                .append(" rule=").append(denial.rule() == null ? "-" : quote(denial.rule()));
        if (denial.detail() != null) {
            line.append(" detail=").append(quote(denial.detail()));
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
