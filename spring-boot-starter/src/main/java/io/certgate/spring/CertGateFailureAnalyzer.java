package io.certgate.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a bad {@code certgate.*} configuration at startup with CertGate's own message and the property to
 * fix, instead of a bean creation stack trace.
 */
public class CertGateFailureAnalyzer extends AbstractFailureAnalyzer<CertGateConfigurationException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, CertGateConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage() + "\n\nProperty: " + cause.property(),
                "Fix the property " + cause.property() + " (README.md, \"Configuration reference\", init-param '"
                        + cause.parameter() + "'), or set certgate.enabled=false to start without CertGate.",
                cause);
    }
}
