package io.certgate;

import java.util.Map;

/**
 * Request counts of one {@link ClientCertFilter}, registered as
 * {@code io.certgate:type=ClientCertFilter,context=<context-path>,name=<filter-name>} and readable with {@code jconsole}.
 */
public interface CertGateMetricsMXBean {
    /** Requests let through (including {@code open} paths). */
    long getAllowed();

    /** Requests answered 403. */
    long getDenied();

    /** Requests that {@code report-only} mode let through although the rules say no. */
    long getWouldDeny();

    /** Denied (or would-deny) requests by reason code. */
    Map<String, Long> getDeniedByReason();

    /**
     * Distinct client certificates within {@code expiry-warning-days} of their expiry that were admitted in the
     * last 24 hours and have not expired yet (the ones that got the {@code CertGate-Cert-Expires} header): the
     * clients that will be refused soon unless they renew. Always 0 with {@code expiry-warning-days=0}.
     */
    int getCertificatesExpiringSoon();
}
