package io.certgate;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.certgate.config.ConfigException;
import io.certgate.decision.Gate;
import io.certgate.servlet.AuthenticatedRequest;
import io.certgate.servlet.DenialLog;
import io.certgate.servlet.DenialResponse;
import io.certgate.servlet.ExpiryWarnings;
import io.certgate.servlet.HiddenHeadersRequest;
import io.certgate.servlet.RequestAttributes;
import io.certgate.servlet.ServletRequestReader;
import io.certgate.verdict.Denial;
import io.certgate.verdict.Identified;
import io.certgate.verdict.Verdict;

/**
 * The {@link Gate} for one servlet request, with everything around the decision that a user sees: proxy
 * headers hidden from untrusted peers, the denial log line, the metrics, the 403 response, report-only mode,
 * expiry warnings, and the authenticated request the application receives. {@link ClientCertFilter} is this
 * plus a filter chain; a container integration (a Jakarta Authentication module, a Jetty authenticator, a
 * Spring filter) calls {@link #admit} the same way, so every entry point behaves alike.
 *
 * <pre>{@code
 * ServletGate gate = ServletGate.fromParameters(Map.of("allowed-cns", "alice"), loader);
 * HttpServletRequest admitted = gate.admit(request, response);
 * if (admitted == null) return;            // denied: the 403 is written and logged
 * admitted.getUserPrincipal();             // CertGate's principal, or null on an open path without one
 * }</pre>
 */
public final class ServletGate {
    private static final System.Logger LOG = System.getLogger("io.certgate");

    private final Gate gate;
    private final ExpiryWarnings expiryWarnings;
    private final Metrics metrics;

    private ServletGate(Gate gate) {
        this.gate = gate;
        this.expiryWarnings = new ExpiryWarnings(gate.expiryWarningDays());
        this.metrics = new Metrics(() -> expiryWarnings.expiringSoon(gate.now()));
    }

    /**
     * A gate configured with exactly the filter's init-params. Warns in the log when the configuration lets
     * nobody through an {@code allowlist} or is in report-only mode, as {@code init} does.
     *
     * @throws ConfigException naming the parameter at fault and the fix
     */
    public static ServletGate fromParameters(Map<String, String> parameters, ClassLoader loader)
            throws ConfigException {
        return of(Gate.fromParameters(parameters, loader));
    }

    static ServletGate of(Gate gate) {
        if (gate.allowlistEmpty()) {
            LOG.log(Level.WARNING, "CertGate: init-param 'allowed-cns' is empty, so paths under an 'allowlist' rule,"
                    + " and every path no rule covers, deny everyone");
        }
        if (gate.reportOnly()) {
            LOG.log(Level.WARNING, "CertGate: mode=report-only: requests the rules deny are logged as would-deny"
                    + " and let through; set mode=enforce once the log looks right");
        }
        return new ServletGate(Objects.requireNonNull(gate, "gate"));
    }

    /** The decision this applies to servlet requests. */
    public Gate gate() {
        return gate;
    }

    /**
     * Decides a request and does what the decision says.
     *
     * @return null when the request is denied (the 403 is written, unless the dispatch is an include, which
     *     cannot set a status and is left out); otherwise the request to hand on: authenticated as
     *     {@code CLIENT_CERT} with CertGate's principal and roles when a usable certificate came with it, else
     *     the request itself (proxy headers from an untrusted peer hidden)
     */
    public HttpServletRequest admit(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        return admit(request, response, request.getDispatcherType());
    }

    /**
     * As {@link #admit(HttpServletRequest, HttpServletResponse)}, for a caller that has asked the request's
     * dispatcher type already: it is asked once per request, not once per path the gate reads.
     */
    HttpServletRequest admit(HttpServletRequest request, HttpServletResponse response, DispatcherType dispatch)
            throws IOException, ServletException {
        ServletRequestReader reader = ServletRequestReader.forDispatch(dispatch);
        // Certificate headers from a peer that is not a trusted proxy are removed before anyone reads them.
        // Trust is asked once per request: getRemoteAddr() formats the address anew on some containers.
        boolean fromTrustedProxy = gate.peerIsTrustedProxy(request, reader);
        Set<String> proxyHeaders = gate.proxyHeaderNames();
        HttpServletRequest visible = fromTrustedProxy || proxyHeaders.isEmpty() ? request
                : HiddenHeadersRequest.hide(request, proxyHeaders);
        // Decided on the request as sent: the header source reads headers only from a trusted proxy, and notices
        // certificate headers from a trusted address that is not the proxy (trusted-proxy-certs).
        Verdict verdict = gate.decide(request, reader, fromTrustedProxy);
        Identified admitted;
        if (verdict instanceof Denial denial) {
            boolean enforced = !gate.reportOnly();
            DenialLog.log(LOG, visible, denial, enforced);
            metrics.denied(denial.reason(), enforced);
            if (enforced) {
                if (dispatch != DispatcherType.INCLUDE) {
                    DenialResponse.send(visible, response, denial.reason(), gate.deniedPage());
                }
                request.setAttribute(RequestAttributes.DENIED, denial);
                return null;
            }
            admitted = denial.presentedUsable() ? denial.presented() : null;
        } else {
            metrics.allowed();
            admitted = verdict instanceof Identified identified ? identified : null;
        }
        if (admitted == null) {
            return visible;
        }
        // The decision's time: reading the clock again would cost as much as a third of the decision.
        expiryWarnings.check(admitted.identity(), gate.decidedAt(), response);
        return new AuthenticatedRequest(visible, admitted, gate);
    }

    /**
     * The live counters of this gate's decisions (allowed, denied, would-deny, denials by reason code) and the
     * certificates near expiry seen lately, for a metrics library to read; the same numbers the JMX MBean shows.
     */
    public CertGateMetricsMXBean metrics() {
        return metrics;
    }

    /** Whether this dispatch is the forward to the {@code denied-page} that {@link #admit} itself made. */
    public boolean isOwnForward(HttpServletRequest request) {
        return DenialResponse.isOwnForward(request);
    }

    /**
     * Publishes the counters as the JMX MBean {@code io.certgate:type=ClientCertFilter,name="NAME"}, with
     * {@code context="PATH"} added when the application's context path is known, so that the applications
     * of one server do not take each other's name.
     *
     * @param contextPath the application's context path ({@code ""} for the root), or null
     */
    public void registerMetrics(String name, String contextPath) {
        metrics.register(name, contextPath);
    }

    /** Removes the JMX MBean, if registered. */
    public void unregisterMetrics() {
        metrics.unregister();
    }
}
