package io.certgate.jakarta.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.certgate.ServletGate;
import io.certgate.config.ConfigException;

/** {@link CertGateAuthenticationMechanismDefinition}'s attributes are the filter's init-params. */
class DefinitionParametersTest {
    @CertGateAuthenticationMechanismDefinition(allowedCns = "alice, bob", roles = "admin=alice",
            rules = "/open/* open", parameters = {"expiry-warning-days=7", "denied-serials=CN=x # 01"})
    static final class Configured {
    }

    @CertGateAuthenticationMechanismDefinition(allowedCns = "alice", parameters = "allowed-cns=bob")
    static final class SetTwice {
    }

    @CertGateAuthenticationMechanismDefinition(parameters = "crl")
    static final class NoValue {
    }

    @CertGateAuthenticationMechanismDefinition(parameters = "alowed-cns=alice")
    static final class Misspelt {
    }

    private static Map<String, String> parameters(Class<?> annotated) throws ConfigException {
        return CertGateExtension.parameters(annotated.getAnnotation(CertGateAuthenticationMechanismDefinition.class));
    }

    @Test
    void attributesAndParametersBecomeTheFiltersInitParamsAndEmptyOnesAreUnset() throws ConfigException {
        assertEquals(Map.of("allowed-cns", "alice, bob", "roles", "admin=alice", "rules", "/open/* open",
                "expiry-warning-days", "7", "denied-serials", "CN=x # 01"), parameters(Configured.class));
    }

    @Test
    void theParametersConfigureAGate() throws Exception {
        ServletGate gate = ServletGate.fromParameters(parameters(Configured.class), getClass().getClassLoader());
        assertEquals(java.util.List.of("admin"), java.util.List.copyOf(gate.gate().roles(
                new io.certgate.verdict.Identified(io.certgate.identity.ClientIdentity.ofSubject(
                        io.certgate.identity.DistinguishedName.parse("CN=alice")), "header", java.util.List.of()))));
    }

    @Test
    void aParameterSetTwiceIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> parameters(SetTwice.class));
        assertTrue(e.getMessage().contains("'allowed-cns'") && e.getMessage().contains("set twice"), e.getMessage());
    }

    @Test
    void aParameterWithoutValueIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> parameters(NoValue.class));
        assertTrue(e.getMessage().contains("name=value"), e.getMessage());
    }

    @Test
    void aMisspeltParameterStopsTheGateWithTheFiltersMessage() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServletGate.fromParameters(parameters(Misspelt.class), getClass().getClassLoader()));
        assertTrue(e.getMessage().contains("alowed-cns"), e.getMessage());
    }
}
