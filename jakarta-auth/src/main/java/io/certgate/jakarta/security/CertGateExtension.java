package io.certgate.jakarta.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterTypeDiscovery;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;

import io.certgate.ServletGate;
import io.certgate.config.ConfigException;

/**
 * The CDI portable extension that enables CertGate's Jakarta Security mechanism when the application carries
 * {@link CertGateAuthenticationMechanismDefinition}, as the container's extension does for
 * {@code @BasicAuthenticationMechanismDefinition}: without the annotation it adds nothing, so the jar can sit
 * in any application. With it, {@link CertGateAuthenticationMechanism} and {@link ClientIdentityProducer}
 * become beans, and the gate is configured at deployment: a configuration error fails the deployment with
 * the filter's message, never the first request.
 */
public class CertGateExtension implements Extension {
    private final List<Class<?>> definitions = new ArrayList<>();
    private volatile ServletGate gate;

    <T> void findDefinition(@Observes @WithAnnotations(CertGateAuthenticationMechanismDefinition.class)
            ProcessAnnotatedType<T> event) {
        if (event.getAnnotatedType().isAnnotationPresent(CertGateAuthenticationMechanismDefinition.class)) {
            definitions.add(event.getAnnotatedType().getJavaClass());
        }
    }

    void addMechanism(@Observes AfterTypeDiscovery event) {
        if (!definitions.isEmpty()) {
            event.addAnnotatedType(CertGateAuthenticationMechanism.class, CertGateAuthenticationMechanism.class.getName());
            event.addAnnotatedType(ClientIdentityProducer.class, ClientIdentityProducer.class.getName());
        }
    }

    void configure(@Observes AfterBeanDiscovery event) {
        if (definitions.isEmpty()) {
            return;
        }
        if (definitions.size() > 1) {
            event.addDefinitionError(new DeploymentException("CertGate: @CertGateAuthenticationMechanismDefinition"
                    + " may be on one class of the application, found on " + definitions
                    + "; keep one and put all parameters on it"));
            return;
        }
        Class<?> annotated = definitions.get(0);
        try {
            gate = ServletGate.fromParameters(
                    parameters(annotated.getAnnotation(CertGateAuthenticationMechanismDefinition.class)),
                    annotated.getClassLoader());
        } catch (ConfigException e) {
            event.addDefinitionError(new DeploymentException("CertGate configuration error in"
                    + " @CertGateAuthenticationMechanismDefinition on " + annotated.getName() + ": " + e.getMessage(), e));
        }
    }

    /** The gate the application's definition configured. */
    ServletGate gate() {
        ServletGate current = gate;
        if (current == null) {
            throw new IllegalStateException("CertGate: no @CertGateAuthenticationMechanismDefinition was configured");
        }
        return current;
    }

    /** The filter's init-params that {@code definition} names. */
    static Map<String, String> parameters(CertGateAuthenticationMechanismDefinition definition) throws ConfigException {
        Map<String, String> parameters = new LinkedHashMap<>();
        put(parameters, "config-file", definition.configFile());
        put(parameters, "allowed-cns", definition.allowedCns());
        put(parameters, "rules", definition.rules());
        put(parameters, "roles", definition.roles());
        put(parameters, "sources", definition.sources());
        put(parameters, "trusted-proxies", definition.trustedProxies());
        put(parameters, "proxy-format", definition.proxyFormat());
        put(parameters, "trusted-ca", definition.trustedCa());
        put(parameters, "mode", definition.mode());
        for (String parameter : definition.parameters()) {
            int equals = parameter.indexOf('=');
            if (equals <= 0) {
                throw new ConfigException("parameters", 0, "each entry is name=value, e.g. \"crl=/etc/certgate/root.crl\";"
                        + " got \"" + parameter + "\"");
            }
            String name = parameter.substring(0, equals).strip();
            if (parameters.containsKey(name)) {
                throw new ConfigException(name, 0, "is set twice: once in parameters = {\"" + parameter
                        + "\"} and once before; set it in one place");
            }
            parameters.put(name, parameter.substring(equals + 1));
        }
        return parameters;
    }

    private static void put(Map<String, String> parameters, String name, String value) {
        if (!value.isEmpty()) {
            parameters.put(name, value);
        }
    }
}
