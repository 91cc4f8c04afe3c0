package io.certgate.spring;

import io.certgate.config.ConfigException;

/**
 * A {@code certgate.*} configuration CertGate refuses to start with. The message is the one the filter's
 * {@code init} gives for the same init-params ({@code CertGate configuration error: init-param 'X': ...}),
 * and {@link #property()} names the Spring property to fix. {@link CertGateFailureAnalyzer} turns it into
 * Spring Boot's startup failure report.
 */
public class CertGateConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String property;

    CertGateConfigurationException(ConfigException cause, String property) {
        super("CertGate configuration error: " + cause.getMessage(), cause);
        this.property = property;
    }

    /** The init-param at fault, as CertGate names it. */
    public String parameter() {
        return ((ConfigException) getCause()).parameter();
    }

    /** The property to fix, e.g. {@code certgate.allowed-cns}. */
    public String property() {
        return property;
    }
}
