package io.certgate.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import io.certgate.ServletGate;

/**
 * CertGate's {@link CertGateHealthIndicator} ({@code certgate} under {@code /actuator/health}), when the
 * application has Spring Boot's health support ({@code spring-boot-health}, which the actuator brings). Off with
 * {@code management.health.certgate.enabled=false}.
 */
@AutoConfiguration(after = CertGateAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class, ServletGate.class})
@ConditionalOnSingleCandidate(ServletGate.class)
@ConditionalOnEnabledHealthIndicator("certgate")
public class CertGateHealthAutoConfiguration {
    /** Named so that the contributor is {@code certgate}: Spring drops the {@code HealthIndicator} suffix. */
    @Bean
    @ConditionalOnMissingBean(CertGateHealthIndicator.class)
    public CertGateHealthIndicator certgateHealthIndicator(ServletGate gate) {
        return new CertGateHealthIndicator(gate.gate());
    }
}
