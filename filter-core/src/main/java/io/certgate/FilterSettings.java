package io.certgate;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.certgate.policy.Policy;
import io.certgate.policy.PolicyConfigException;
import io.certgate.policy.PolicyParser;
import io.certgate.source.CertificateSource;
import io.certgate.source.TlsAttributeSource;

/**
 * Everything the filter needs, read from init-params once. Unknown parameter names are errors: a
 * misspelt {@code alowed-cns} must not silently leave the allowlist empty.
 *
 * @param policy the compiled rules
 * @param sources where certificates are read from, in order of preference
 */
record FilterSettings(Policy policy, List<CertificateSource> sources) {
    static final Set<String> PARAMETERS = Set.of(
            PolicyParser.ALLOWED_CNS, PolicyParser.RULES, PolicyParser.ROLES);

    FilterSettings {
        sources = List.copyOf(sources);
    }

    static FilterSettings parse(Map<String, String> parameters) throws PolicyConfigException {
        for (String name : parameters.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new PolicyConfigException(name, 0, "unknown init-param; check the spelling, known ones are "
                        + String.join(", ", new TreeSet<>(PARAMETERS)));
            }
        }
        Policy policy = PolicyParser.parse(parameters.get(PolicyParser.ALLOWED_CNS),
                parameters.get(PolicyParser.RULES), parameters.get(PolicyParser.ROLES));
        return new FilterSettings(policy, List.of(new TlsAttributeSource()));
    }
}
