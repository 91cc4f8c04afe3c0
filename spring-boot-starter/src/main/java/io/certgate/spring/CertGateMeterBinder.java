package io.certgate.spring;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.certgate.CertGateMetricsMXBean;
import io.certgate.verdict.ReasonCode;

/**
 * CertGate's decision counters as Micrometer meters: the same live numbers as the JMX MBean, read when the
 * registry is scraped, so the request path pays nothing more than the counters it already bumps.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>Meter</th><th>Tags</th><th>Counts</th></tr>
 * <tr><td>{@code certgate.decisions}</td><td>{@code outcome=allowed}</td><td>requests let through, {@code open}
 *     paths included</td></tr>
 * <tr><td></td><td>{@code outcome=denied}</td><td>requests answered 403</td></tr>
 * <tr><td></td><td>{@code outcome=would-deny}</td><td>requests {@code mode=report-only} let through although
 *     the rules say no</td></tr>
 * <tr><td>{@code certgate.denials}</td><td>{@code reason=<code>}</td><td>denied and would-deny requests by
 *     reason code ({@code no-certificate}, {@code expired}, {@code untrusted-issuer}, ...), the code of the
 *     denial log line; one counter for every code a denial can have, zero until it happens</td></tr>
 * <tr><td>{@code certgate.certificates.expiring}</td><td></td><td>a gauge: distinct client certificates within
 *     {@code expiry-warning-days} of their expiry admitted in the last 24 hours (those that got the
 *     {@code CertGate-Cert-Expires} header), the clients that will be refused soon unless they renew</td></tr>
 * </table>
 *
 * <p>In Prometheus's format these are {@code certgate_decisions_total{outcome="denied"}} and
 * {@code certgate_denials_total{reason="expired"}}.
 */
public final class CertGateMeterBinder implements MeterBinder {
    /** Meter name: decisions by {@value #OUTCOME} tag. */
    public static final String DECISIONS = "certgate.decisions";
    /** Meter name: denials (enforced or report-only) by {@value #REASON} tag. */
    public static final String DENIALS = "certgate.denials";
    /** Meter name: the gauge of certificates near expiry seen lately. */
    public static final String EXPIRING = "certgate.certificates.expiring";
    /** Tag of {@value #DECISIONS}: {@code allowed}, {@code denied} or {@code would-deny}. */
    public static final String OUTCOME = "outcome";
    /** Tag of {@value #DENIALS}: the reason code. */
    public static final String REASON = "reason";

    /** The reason codes of an allowed request; a denial never has them, so they get no denial counter. */
    private static final Set<ReasonCode> ALLOW_REASONS = EnumSet.of(ReasonCode.OPEN_PATH, ReasonCode.ALLOWED);

    /** Micrometer holds a function counter's object weakly; this bean (and the gate) keep it alive. */
    private final CertGateMetricsMXBean metrics;

    /** Publishes {@code metrics}, as {@code ServletGate.metrics()} returns them. */
    public CertGateMeterBinder(CertGateMetricsMXBean metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        decisions(registry, "allowed", CertGateMetricsMXBean::getAllowed, "Requests CertGate let through");
        decisions(registry, "denied", CertGateMetricsMXBean::getDenied, "Requests CertGate answered 403");
        decisions(registry, "would-deny", CertGateMetricsMXBean::getWouldDeny,
                "Requests CertGate's report-only mode let through although the rules say no");
        for (ReasonCode reason : EnumSet.complementOf(EnumSet.copyOf(ALLOW_REASONS))) {
            String code = reason.code();
            // The MXBean gives the by-reason counts as a map; built once per scrape of each counter, never per
            // request.
            FunctionCounter.builder(DENIALS, metrics, m -> m.getDeniedByReason().getOrDefault(code, 0L))
                    .tag(REASON, code)
                    .description("Requests CertGate denied (or would deny, in report-only mode), by reason code")
                    .register(registry);
        }
        Gauge.builder(EXPIRING, metrics, CertGateMetricsMXBean::getCertificatesExpiringSoon)
                .description("Client certificates within expiry-warning-days of their expiry admitted in the last"
                        + " 24 hours")
                .register(registry);
    }

    private void decisions(MeterRegistry registry, String outcome, ToDoubleFunction<CertGateMetricsMXBean> count,
            String description) {
        FunctionCounter.builder(DECISIONS, metrics, count).tag(OUTCOME, outcome).description(description)
                .register(registry);
    }
}
