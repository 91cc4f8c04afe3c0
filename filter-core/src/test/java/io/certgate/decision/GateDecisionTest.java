package io.certgate.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;

import jakarta.servlet.http.HttpServletRequest;

import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.certgate.LogCapture;
import io.certgate.ServletMocks;
import io.certgate.TestPki;
import io.certgate.config.ConfigException;
import io.certgate.identity.IdentityMapper;
import io.certgate.identity.MappedIdentity;
import io.certgate.pki.HeldCertificate;
import io.certgate.servlet.ServletRequestReader;
import io.certgate.verdict.Denial;
import io.certgate.verdict.Identified;
import io.certgate.verdict.ReasonCode;
import io.certgate.verdict.Verdict;

/**
 * {@link Gate#decide}: what it answers for the request path and the settings around the rules (identity mapper,
 * header source, trusted-ca and denylist, the bounds of the numeric init-params).
 */
class GateDecisionTest {
    private static final TestPki PKI = new TestPki();
    private static final ClassLoader LOADER = GateDecisionTest.class.getClassLoader();
    private static final String RULES = "/open/* open\n/admin/* cn:alice\n/any/* any\n";
    private static final String PROXY = "127.0.0.2";

    @TempDir
    Path directory;

    private static Map<String, String> parameters(String... namesAndValues) {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("rules", RULES);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return parameters;
    }

    private static Gate gate(String... namesAndValues) throws ConfigException {
        return Gate.fromParameters(parameters(namesAndValues), LOADER);
    }

    private static Gate gate(IdentityMapper mapper) throws ConfigException {
        return Gate.fromParameters(parameters(), LOADER, Clock.systemUTC(), mapper);
    }

    private static Verdict decide(Gate gate, HttpServletRequest request) {
        return gate.decide(request, ServletRequestReader.INSTANCE,
                gate.peerIsTrustedProxy(request, ServletRequestReader.INSTANCE));
    }

    private static Verdict decide(Gate gate, String path, HeldCertificate client) {
        return decide(gate, ServletMocks.request("GET", path, client));
    }

    /** A request from {@code peer} carrying nginx's certificate headers for a DN-only identity. */
    private static HttpServletRequest nginxDnFrom(String peer, String path, String dn) {
        HttpServletRequest request = ServletMocks.request("GET", path, null);
        when(request.getRemoteAddr()).thenReturn(peer);
        Map<String, String> headers = Map.of("x-client-verify", "SUCCESS", "x-client-dn", dn);
        when(request.getHeaders(anyString())).thenAnswer(call -> {
            String value = headers.get(call.<String>getArgument(0).toLowerCase(Locale.ROOT));
            return Collections.enumeration(value == null ? List.of() : List.of(value));
        });
        return request;
    }

    private String caBundle() throws Exception {
        Path bundle = directory.resolve("ca.pem");
        Files.writeString(bundle, PKI.ca.certificatePem());
        return bundle.toString();
    }

    private static String fingerprint(HeldCertificate certificate) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(certificate.certificate().getEncoded()));
    }

    @Test
    void anOpenPathHandsOnTheClientThatPresentedACertificate() throws Exception {
        Identified alice = assertInstanceOf(Identified.class, decide(gate(), "/open/x", PKI.alice));
        assertEquals("alice", alice.identity().commonName());
        assertSame(Verdict.ANONYMOUS, decide(gate(), "/open/x", null));
    }

    @Test
    void aMapperThatRefusesTheClientDeniesWithItsReason() throws Exception {
        Gate gate = gate(identity -> MappedIdentity.refused("not in the directory"));
        Denial denial = assertInstanceOf(Denial.class, decide(gate, "/admin/x", PKI.alice));
        assertEquals(ReasonCode.MAPPER_REFUSED, denial.reason());
        assertEquals("not in the directory", denial.detail());
        assertEquals("alice", denial.identity().commonName(), "the log names the refused client");
    }

    @Test
    void aMapperThatThrowsDeniesAndIsLogged() throws Exception {
        LogCapture log = new LogCapture().start();
        try {
            Gate gate = gate(identity -> {
                throw new IllegalStateException("the directory is down");
            });
            Denial denial = assertInstanceOf(Denial.class, decide(gate, "/admin/x", PKI.alice));
            assertEquals(ReasonCode.MAPPER_FAILED, denial.reason());
            assertTrue(denial.detail().endsWith("threw java.lang.IllegalStateException: the directory is down"),
                    denial.detail());
            assertTrue(log.has(Level.WARNING, "failed for CN=alice; the request is denied (mapper-failed)"),
                    log.toString());
        } finally {
            log.stop();
        }
    }

    @Test
    void aMapperThatAnswersNullDeniesAndIsLogged() throws Exception {
        LogCapture log = new LogCapture().start();
        try {
            Denial denial = assertInstanceOf(Denial.class, decide(gate(identity -> null), "/admin/x", PKI.alice));
            assertEquals(ReasonCode.MAPPER_FAILED, denial.reason());
            assertTrue(denial.detail().endsWith("returned null"), denial.detail());
            assertTrue(log.has(Level.WARNING, "returned null for CN=alice; the request is denied (mapper-failed)"),
                    log.toString());
        } finally {
            log.stop();
        }
    }

    @Test
    void theIdentityMapperInitParamRunsTheNamedClass() throws Exception {
        Gate gate = gate("identity-mapper", " io.certgate.DirectoryMapper ");
        Denial denial = assertInstanceOf(Denial.class, decide(gate, "/any/x", TestPki.client("boom", PKI.ca)));
        assertEquals(ReasonCode.MAPPER_FAILED, denial.reason());
        Denial refused = assertInstanceOf(Denial.class, decide(gate, "/any/x", PKI.alice));
        assertEquals(ReasonCode.MAPPER_REFUSED, refused.reason());
    }

    @Test
    void certificateHeadersFromAnUntrustedPeerDoNotCount() throws Exception {
        Gate gate = gate("sources", "header", "trusted-proxies", PROXY);
        HttpServletRequest spoofed = nginxDnFrom("192.0.2.7", "/admin/x", "CN=alice");
        assertFalse(gate.peerIsTrustedProxy(spoofed, ServletRequestReader.INSTANCE));
        assertEquals(ReasonCode.NO_CERTIFICATE, assertInstanceOf(Denial.class, decide(gate, spoofed)).reason());
        HttpServletRequest proxied = nginxDnFrom(PROXY, "/admin/x", "CN=alice");
        assertTrue(gate.peerIsTrustedProxy(proxied, ServletRequestReader.INSTANCE));
        assertEquals("alice", assertInstanceOf(Identified.class, decide(gate, proxied)).identity().commonName());
    }

    @Test
    void aDnWithoutItsCertificateIsRefusedNamingWhatNeedsTheCertificate() throws Exception {
        Denial withCa = assertInstanceOf(Denial.class, decide(gate("sources", "header", "trusted-proxies", PROXY,
                "trusted-ca", caBundle()), nginxDnFrom(PROXY, "/admin/x", "CN=alice")));
        assertEquals(ReasonCode.CERTIFICATE_NOT_PASSED, withCa.reason());
        assertTrue(withCa.detail().startsWith("trusted-ca is set"), withCa.detail());
        Denial withDenylist = assertInstanceOf(Denial.class, decide(gate("sources", "header", "trusted-proxies", PROXY,
                "denied-fingerprints", fingerprint(PKI.bob)), nginxDnFrom(PROXY, "/admin/x", "CN=alice")));
        assertEquals(ReasonCode.CERTIFICATE_NOT_PASSED, withDenylist.reason());
        assertTrue(withDenylist.detail().startsWith("denied-fingerprints or denied-serials is set"),
                withDenylist.detail());
    }

    @Test
    void expiryWarningDaysRunFromZeroTo3650() throws Exception {
        assertEquals(14, gate().expiryWarningDays());
        assertEquals(0, gate("expiry-warning-days", "0").expiryWarningDays());
        assertEquals(3650, gate("expiry-warning-days", " 3650 ").expiryWarningDays());
        for (String days : new String[] {"-1", "3651", "two"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> gate("expiry-warning-days", days));
            assertEquals("expiry-warning-days", e.parameter());
        }
    }

    @ParameterizedTest(name = "max-chain-depth={0}")
    @ValueSource(strings = {"1", "8"})
    void maxChainDepthAcceptsOneToEight(String depth) throws Exception {
        Gate gate = gate("trusted-ca", caBundle(), "max-chain-depth", depth);
        assertEquals("alice", assertInstanceOf(Identified.class, decide(gate, "/admin/x", PKI.alice)).identity()
                .commonName());
    }

    @ParameterizedTest(name = "max-chain-depth={0}")
    @ValueSource(strings = {"0", "9", "deep"})
    void maxChainDepthOutsideOneToEightIsRefused(String depth) throws Exception {
        String bundle = caBundle();
        ConfigException e = assertThrows(ConfigException.class, () -> gate("trusted-ca", bundle, "max-chain-depth",
                depth));
        assertEquals("max-chain-depth", e.parameter());
    }

    @Test
    void theDeniedPageIsThePathWithoutSurroundingBlanks() throws Exception {
        assertEquals("/WEB-INF/denied.jsp", gate("denied-page", " /WEB-INF/denied.jsp ").deniedPage());
        assertEquals(null, gate().deniedPage());
    }

    @Test
    void principalCnNamesTheClientByItsCnAndRefusesACertificateWithout() throws Exception {
        Gate gate = Gate.fromParameters(Map.of("rules", "/admin/* cn:alice\n/org/* o:Example", "principal", "cn"),
                LOADER);
        Identified alice = assertInstanceOf(Identified.class, decide(gate, "/admin/x", PKI.alice));
        assertEquals("alice", gate.name(alice));
        HeldCertificate noCn = HeldCertificate.builder().subject(new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Example").build()).clientAuth().signedBy(PKI.ca).build();
        Denial denial = assertInstanceOf(Denial.class, decide(gate, "/org/x", noCn));
        assertEquals(ReasonCode.NO_PRINCIPAL_NAME, denial.reason());
        assertEquals("principal=cn is set, and the certificate has no single CN", denial.detail());
    }

    @Test
    void principalSubjectNamesTheClientByItsWholeDn() throws Exception {
        Gate gate = Gate.fromParameters(Map.of("rules", "/admin/* cn:alice", "principal", "subject"), LOADER);
        assertEquals("CN=alice", gate.name(assertInstanceOf(Identified.class, decide(gate, "/admin/x", PKI.alice))));
    }

    @Test
    void theParameterNamesAreThoseInitAccepts() throws Exception {
        assertTrue(Gate.parameterNames().containsAll(java.util.Set.of("allowed-cns", "rules", "roles", "config-file",
                "mode", "sources", "trusted-proxies", "proxy-format", "trusted-ca", "crl", "ocsp", "denied-page",
                "principal", "identity-mapper")), Gate.parameterNames()::toString);
        assertFalse(Gate.parameterNames().contains("alowed-cns"));
        assertEquals("alowed-cns", assertThrows(ConfigException.class, () -> gate("alowed-cns", "alice")).parameter());
    }

    @Test
    void checkConfigurationSaysWhetherEveryRuleCanMatch() throws Exception {
        assertTrue(gate().checkConfiguration(GateObserver.NONE));
        assertFalse(Gate.fromParameters(Map.of("rules", "/* any\n/ deny"), LOADER)
                .checkConfiguration(GateObserver.NONE));
    }
}
