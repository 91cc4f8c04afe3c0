package io.certgate.spring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import io.certgate.config.ReloadFailure;
import io.certgate.decision.Gate;

/**
 * CertGate's health, {@code certgate} under {@code /actuator/health}: {@code DOWN} while a file CertGate
 * reloads on change ({@code certgate.config-file}, a {@code certgate.crl} file, the {@code certgate.trusted-ca}
 * bundle) changed but could not be used, with each such file, when it was tried and what is wrong; {@code UP}
 * once every file in force is the file on disk again.
 *
 * <p>{@code DOWN}, not {@code OUT_OF_SERVICE}: nobody took CertGate out of service on purpose. It still
 * decides, failing closed, with what it loaded before; but that is not what the operator wrote (a CRL that
 * should revoke someone, a policy edit), which needs a person. Each check looks at the files first, as the next
 * request would, so a broken edit shows without waiting for traffic.
 */
public final class CertGateHealthIndicator implements HealthIndicator {
    /** The detail holding the failed reloads. */
    public static final String RELOAD_FAILURES = "reloadFailures";

    private final Gate gate;

    public CertGateHealthIndicator(Gate gate) {
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    @Override
    public Health health() {
        List<ReloadFailure> failures = gate.reloadFailures();
        if (failures.isEmpty()) {
            return Health.up().build();
        }
        return Health.down().withDetail(RELOAD_FAILURES, failures.stream().map(CertGateHealthIndicator::detail)
                .toList()).build();
    }

    private static Map<String, String> detail(ReloadFailure failure) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("property", CertGateProperties.propertyOf(failure.parameter()));
        detail.put("file", failure.file());
        detail.put("at", failure.at().toString());
        detail.put("message", failure.message());
        return detail;
    }
}
