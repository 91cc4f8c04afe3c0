package io.certgate.jakarta.authentication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.security.auth.message.AuthException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The module's configuration: the filter's init-params, among whatever else a container passes. */
class ServerAuthModuleOptionsTest {
    private static final String TOMCAT_MODULE_KEY = "org.apache.catalina.authenticator.jaspic.ServerAuthModule.1";

    private static CertGateServerAuthModule initialized(Map<String, String> options) throws AuthException {
        CertGateServerAuthModule module = new CertGateServerAuthModule();
        module.initialize(null, null, callbacks -> { }, options);
        return module;
    }

    @Test
    void tomcatsOwnKeysAreLeftAlone() throws AuthException {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(TOMCAT_MODULE_KEY, CertGateServerAuthModule.class.getName());
        options.put("allowed-cns", "alice");
        options.put("roles", "admin=alice");
        CertGateServerAuthModule module = initialized(options);
        assertFalse(module.servletGate().gate().allowlistEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {TOMCAT_MODULE_KEY, "jakarta.security.auth.message.MessagePolicy.isMandatory",
            "com.example.Other", "org.glassfish.x"})
    void keysInAnotherNamespaceAreNotCertGates(String key) throws Exception {
        assertEquals(Map.of("allowed-cns", "alice"),
                CertGateServerAuthModule.certGateParameters(Map.of(key, "x", "allowed-cns", "alice")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"alowed-cns", "header.dnn", "Rules", "trusted_ca"})
    void aMisspeltCertGateParameterStopsTheModuleWithTheFiltersMessage(String key) {
        AuthException refused = assertThrows(AuthException.class,
                () -> initialized(Map.of(key, "alice", TOMCAT_MODULE_KEY, "x")));
        assertTrue(refused.getMessage().contains("init-param '" + key + "': unknown init-param; check the spelling"),
                refused.getMessage());
    }

    @Test
    void theDottedHeaderParametersAreCertGates() throws Exception {
        Map<String, String> options = Map.of("sources", "header", "trusted-proxies", "127.0.0.1",
                "header.dn", "X-Client-Dn", "allowed-cns", "alice");
        assertEquals(options, CertGateServerAuthModule.certGateParameters(options));
        initialized(options);
    }

    @Test
    void aBadValueStopsTheModuleNamingTheParameter() {
        AuthException refused = assertThrows(AuthException.class, () -> initialized(Map.of("mode", "lenient")));
        assertTrue(refused.getMessage().startsWith("CertGate configuration error: init-param 'mode'"),
                refused.getMessage());
    }

    @Test
    void theConstructorRefusesABadConfigurationAtOnce() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new CertGateServerAuthModule(Map.of("alowed-cns", "alice")));
        assertTrue(refused.getMessage().contains("init-param 'alowed-cns'"), refused.getMessage());
    }

    @Test
    void aModuleConfiguredInCodeKeepsItsConfigurationWhenInitialized() throws AuthException {
        CertGateServerAuthModule module = new CertGateServerAuthModule(Map.of("allowed-cns", "alice"));
        module.initialize(null, null, callbacks -> { }, Map.of(TOMCAT_MODULE_KEY, "x"));
        assertFalse(module.servletGate().gate().allowlistEmpty());
    }

    @Test
    void itAuthenticatesServletMessages() {
        assertArrayEquals(new Class<?>[] {HttpServletRequest.class, HttpServletResponse.class},
                new CertGateServerAuthModule().getSupportedMessageTypes());
    }
}
