package io.certgate.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.when;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.certgate.ServletMocks;
import io.certgate.TestPki;
import io.certgate.identity.ClientIdentity;
import io.certgate.identity.IdentityMapper;
import io.certgate.identity.MappedIdentity;
import io.certgate.pki.HeldCertificate;
import io.certgate.servlet.ServletRequestReader;
import io.certgate.verdict.Denial;
import io.certgate.verdict.Identified;
import io.certgate.verdict.ReasonCode;
import io.certgate.verdict.Verdict;

/**
 * What the gate tells an observer (the explain command prints it line by line): every step, in order, with
 * what it found. Each test asserts the lines an operator reads to learn why a request was decided as it was.
 */
class GateNarrationTest {
    private static final TestPki PKI = new TestPki();
    private static final ClassLoader LOADER = GateNarrationTest.class.getClassLoader();
    private static final String RULES = "/open/* open\n/admin/* cn:alice\n/any/* any\n/closed/* deny\n";

    /** Records each line as {@code RESULT text}. */
    private static final class Lines implements GateObserver {
        final List<String> checks = new ArrayList<>();
        boolean unreadablePath;
        ReasonCode allowed;

        @Override
        public void unreadablePath() {
            unreadablePath = true;
        }

        @Override
        public void check(Result result, String text) {
            checks.add(result + " " + text);
        }

        @Override
        public void allowed(ReasonCode reason, String rule) {
            allowed = reason;
        }

        void assertLine(String expected) {
            assertTrue(checks.contains(expected), () -> "no line \"" + expected + "\" in " + checks);
        }

        void assertLineEndingWith(String result, String end) {
            assertTrue(checks.stream().anyMatch(line -> line.startsWith(result + " ") && line.endsWith(end)),
                    () -> "no " + result + " line ending with \"" + end + "\" in " + checks);
        }
    }

    private static Gate gate(String... namesAndValues) throws Exception {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("rules", RULES);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return Gate.fromParameters(parameters, LOADER);
    }

    private static Verdict presented(HeldCertificate client) throws Exception {
        return client == null ? Verdict.ANONYMOUS
                : new Identified(ClientIdentity.of(client.certificate()), "tls", List.of());
    }

    private static Verdict explain(Gate gate, String path, Verdict presented, Lines lines) {
        return gate.decide(ServletMocks.request("GET", path, null), ServletRequestReader.INSTANCE, presented, lines);
    }

    private static HeldCertificate withSubject(X500NameBuilder subject) {
        return HeldCertificate.builder().subject(subject.build()).clientAuth().signedBy(PKI.ca).build();
    }

    @Test
    void anOpenPathShowsItsAccessTestAndTheNameTheApplicationSees() throws Exception {
        Lines lines = new Lines();
        Identified alice = assertInstanceOf(Identified.class, explain(gate(), "/open/x", presented(PKI.alice), lines));
        assertEquals("alice", alice.identity().commonName());
        assertLineEndingWith(lines, "PASS", ": open, no certificate needed");
        lines.assertLine("PASS CN: exactly one, \"alice\", without control or invisible characters");
        lines.assertLine("SKIP roles: not configured");
        assertEquals(ReasonCode.OPEN_PATH, lines.allowed);
    }

    @Test
    void anOpenPathSaysWhenTheClientGoesOnWithoutAnIdentity() throws Exception {
        Gate gate = Gate.fromParameters(Map.of("rules", RULES), LOADER, java.time.Clock.systemUTC(),
                identity -> MappedIdentity.refused("unknown"));
        Lines lines = new Lines();
        assertSame(Verdict.ANONYMOUS, explain(gate, "/open/x", presented(PKI.alice), lines));
        lines.assertLine("NOTE the path is open: the request goes on without an identity (reason mapper-refused on a"
                + " guarded path)");
    }

    @Test
    void aMappedClientIsShownUnderTheMappersNameWithItsRoles() throws Exception {
        IdentityMapper mapper = identity -> MappedIdentity.of("user-" + identity.commonName(),
                java.util.Set.of("writer", "reader"));
        Gate gate = Gate.fromParameters(Map.of("rules", RULES), LOADER, java.time.Clock.systemUTC(), mapper);
        Lines lines = new Lines();
        Identified alice = assertInstanceOf(Identified.class, explain(gate, "/admin/x", presented(PKI.alice), lines));
        assertEquals("user-alice", alice.mapped().name());
        lines.assertLine("PASS principal: the application sees the client as \"user-alice\" (identity-mapper "
                + mapper.getClass().getName() + ")");
        lines.assertLine("SKIP roles: not configured");
        lines.assertLine("NOTE roles from the identity-mapper: reader, writer");
    }

    @Test
    void withoutACertificateTheChecksAreSkippedAndTheRuleSaysWhy() throws Exception {
        Lines lines = new Lines();
        Denial denial = assertInstanceOf(Denial.class, explain(gate(), "/admin/x", Verdict.ANONYMOUS, lines));
        assertEquals(ReasonCode.NO_CERTIFICATE, denial.reason());
        lines.assertLine("SKIP certificate checks: no certificate");
        assertLineEndingWith(lines, "FAIL", ": no certificate (reason no-certificate)");
    }

    @Test
    void anUnreadableCertificateIsNamedAsSuch() throws Exception {
        Lines lines = new Lines();
        explain(gate(), "/admin/x", new Denial(ReasonCode.MALFORMED_HEADER, "X-Client-Cert sent more than once"),
                lines);
        lines.assertLine("FAIL certificate: unreadable (reason malformed-header)");
        lines.assertLine("SKIP access tests: not made, the certificate was refused first");
    }

    @Test
    void withoutTrustedCaOrDenylistBothAreReportedAsNotConfigured() throws Exception {
        Lines lines = new Lines();
        explain(gate(), "/admin/x", presented(PKI.alice), lines);
        lines.assertLine("SKIP denied-fingerprints, denied-serials: not configured");
        lines.assertLine("SKIP " + Narration.NO_TRUSTED_CA);
    }

    @Test
    void aDenylistedCertificateIsRefusedBeforeTheAccessTests() throws Exception {
        String bob = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PKI.bob.certificate()
                .getEncoded()));
        Gate gate = gate("denied-fingerprints", bob);
        Lines refused = new Lines();
        Denial denial = assertInstanceOf(Denial.class, explain(gate, "/any/x", presented(PKI.bob), refused));
        assertEquals(ReasonCode.DENYLISTED, denial.reason());
        refused.assertLine("SKIP access tests: not made, the certificate was refused first");
        Lines passed = new Lines();
        explain(gate, "/any/x", presented(PKI.alice), passed);
        passed.assertLine("PASS denylist: not in denied-fingerprints or denied-serials");
        passed.assertLine("SKIP " + Narration.NO_TRUSTED_CA);
        assertLineEndingWith(passed, "PASS", ": any valid certificate (reason allowed)");
    }

    @Test
    void withTrustedCaAloneTheChainIsCheckedAndTheDenylistSkipped(@TempDir Path directory) throws Exception {
        Path bundle = directory.resolve("ca.pem");
        Files.writeString(bundle, PKI.ca.certificatePem());
        Lines lines = new Lines();
        explain(gate("trusted-ca", bundle.toString()), "/any/x", presented(PKI.alice), lines);
        lines.assertLine("SKIP denied-fingerprints, denied-serials: not configured");
        assertTrue(lines.checks.stream().anyMatch(line -> line.startsWith("PASS trusted-ca: chains to a trusted CA")),
                lines.checks::toString);
    }

    @Test
    void aCertificateNotValidYetSaysFromWhen() throws Exception {
        Instant notBefore = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        HeldCertificate future = HeldCertificate.builder().commonName("alice").clientAuth().signedBy(PKI.ca)
                .validity(notBefore, notBefore.plus(Duration.ofDays(30))).build();
        Lines lines = new Lines();
        explain(gate(), "/any/x", presented(future), lines);
        lines.assertLine("FAIL validity dates: not valid before " + notBefore + " (reason not-yet-valid)");
    }

    @Test
    void aDenyRuleSaysNobodyGetsThrough() throws Exception {
        Lines lines = new Lines();
        explain(gate(), "/closed/x", presented(PKI.alice), lines);
        assertLineEndingWith(lines, "FAIL", ": deny, nobody gets through (reason rule-deny)");
    }

    @Test
    void anExpiredCertificateIsUnusableForTheRule() throws Exception {
        Lines lines = new Lines();
        explain(gate(), "/any/x", presented(PKI.expired), lines);
        assertLineEndingWith(lines, "FAIL", ": the identity is unusable for this rule (reason expired)");
    }

    @Test
    void twoCnsAreReportedAsMultiple() throws Exception {
        HeldCertificate twoCns = withSubject(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "alice")
                .addRDN(BCStyle.CN, "admin"));
        Lines lines = new Lines();
        explain(gate(), "/any/x", presented(twoCns), lines);
        lines.assertLine("FAIL CN: 2 CNs [admin, alice]; exactly one is needed (reason multiple-cn)");
    }

    @Test
    void aSubjectWithoutCnIsNotedNotFailed() throws Exception {
        HeldCertificate noCn = withSubject(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Example"));
        Lines lines = new Lines();
        explain(gate(), "/any/x", presented(noCn), lines);
        assertTrue(lines.checks.stream().anyMatch(line -> line.startsWith("NOTE CN: none;")), lines.checks::toString);
    }

    @Test
    void aCnWithControlCharactersIsShownEscaped() throws Exception {
        HeldCertificate bidi = TestPki.client("alice\u202e", PKI.ca);
        Lines lines = new Lines();
        explain(gate(), "/any/x", presented(bidi), lines);
        lines.assertLine("FAIL CN: \"alice\\u202e\" holds control or invisible formatting characters"
                + " (reason cn-control-characters)");
    }

    @Test
    void aPinnedCertificateRuleShowsTheValuesItCompared() throws Exception {
        ClientIdentity alice = ClientIdentity.of(PKI.alice.certificate());
        String serial = alice.serialNumber().toString(16);
        Gate gate = Gate.fromParameters(Map.of("rules", "/pinned/* issuer:CN=CertGate Test CA & serial:" + serial
                + " & fingerprint:" + alice.sha256Fingerprint()), LOADER);
        Lines lines = new Lines();
        assertInstanceOf(Identified.class, explain(gate, "/pinned/x", presented(PKI.alice), lines));
        String access = lines.checks.stream().filter(line -> line.contains("/pinned/*")).findFirst().orElseThrow();
        assertTrue(access.startsWith("PASS ") && access.endsWith("(reason allowed)"), access);
        assertTrue(access.contains("matches issuer \"CN=CertGate Test CA\""), access);
        assertTrue(access.contains("matches serial " + serial), access);
        assertTrue(access.contains("matches SHA-256 " + alice.sha256Fingerprint()), access);
        assertTrue(access.indexOf("matches serial") < access.indexOf("matches SHA-256"),
                "each test shows its own value, in the rule's order: " + access);
    }

    @Test
    void anUnreadablePathIsReported() throws Exception {
        // A named dispatcher's include sets no jakarta.servlet.include.* attributes: no path to judge.
        HttpServletRequest include = ServletMocks.request("GET", "/admin/x", null);
        when(include.getDispatcherType()).thenReturn(DispatcherType.INCLUDE);
        Lines lines = new Lines();
        Denial denial = assertInstanceOf(Denial.class, gate().decide(include, ServletRequestReader.INSTANCE,
                presented(PKI.alice), lines));
        assertEquals(ReasonCode.BAD_PATH, denial.reason());
        assertTrue(lines.unreadablePath);
    }

    private static void assertLineEndingWith(Lines lines, String result, String end) {
        lines.assertLineEndingWith(result, end);
    }
}
