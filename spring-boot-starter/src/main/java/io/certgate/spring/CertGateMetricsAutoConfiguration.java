package io.certgate.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

import io.micrometer.core.instrument.binder.MeterBinder;

import io.certgate.ServletGate;

/**
 * CertGate's decision counters in Micrometer, when the application has it: a {@link CertGateMeterBinder} bean,
 * which Spring Boot binds to every {@code MeterRegistry} it configures (Prometheus, OTLP, the actuator's
 * {@code /actuator/metrics}, ...). The JMX MBean stays, for plain servlet users and {@code jconsole}.
 */
@AutoConfiguration(after = CertGateAutoConfiguration.class)
@ConditionalOnClass({MeterBinder.class, ServletGate.class})
@ConditionalOnSingleCandidate(ServletGate.class)
public class CertGateMetricsAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    public CertGateMeterBinder certGateMeterBinder(ServletGate gate) {
        return new CertGateMeterBinder(gate.metrics());
    }
}
