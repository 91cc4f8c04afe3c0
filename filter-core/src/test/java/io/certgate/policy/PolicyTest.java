package io.certgate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.certgate.config.ConfigException;
import io.certgate.identity.ClientIdentity;
import io.certgate.identity.DistinguishedName;
import io.certgate.pki.HeldCertificate;
import io.certgate.verdict.ReasonCode;

/**
 * Deciding requests: servlet precedence, methods, case folding, access words and unusable identities.
 * Identities come from real certificates, or from a parsed DN as a proxy would pass it.
 */
class PolicyTest {
    /** The clock for every decision; certificates are built around it. */
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant VALID_FROM = Instant.parse("2029-01-01T00:00:00Z");
    private static final Instant VALID_UNTIL = Instant.parse("2031-01-01T00:00:00Z");

    private static HeldCertificate ca;
    private static ClientIdentity alice;
    private static ClientIdentity bob;

    @BeforeAll
    static void buildCertificates() throws Exception {
        ca = HeldCertificate.builder().commonName("Policy Test CA").certificateAuthority(0)
                .validity(VALID_FROM, VALID_UNTIL).build();
        alice = certificate("alice");
        bob = certificate("bob");
    }

    // ---------------------------------------------------------------------------------------------------
    // servlet precedence
    // ---------------------------------------------------------------------------------------------------

    /** One rule per kind of pattern, each naming a different CN so the deciding rule is visible. */
    private static final List<String> PRECEDENCE_RULES = List.of(
            "/exact      cn:exact",
            "/a/*        cn:prefix-a",
            "/a/b/*      cn:prefix-ab",
            "*.pdf       cn:extension",
            "/           cn:default");

    static Stream<Arguments> precedence() {
        List<Object[]> rows = List.of(
                new Object[] {"/exact", "/exact"},
                new Object[] {"/exact/x", "/"},
                new Object[] {"/exact.pdf", "*.pdf"},
                new Object[] {"/a", "/a/*"},
                new Object[] {"/a/", "/a/*"},
                new Object[] {"/a/x", "/a/*"},
                new Object[] {"/a/x.pdf", "/a/*"},
                new Object[] {"/a/bc", "/a/*"},
                new Object[] {"/a/b", "/a/b/*"},
                new Object[] {"/a/b/c", "/a/b/*"},
                new Object[] {"/a/b/c.pdf", "/a/b/*"},
                new Object[] {"/x.pdf", "*.pdf"},
                new Object[] {"/z/y/x.pdf", "*.pdf"},
                new Object[] {"/x.pdf/y", "/"},
                new Object[] {"/ab", "/"},
                new Object[] {"/", "/"},
                new Object[] {"/other/thing", "/"});
        List<Arguments> arguments = new ArrayList<>();
        for (String order : List.of("as listed", "reversed")) {
            for (Object[] row : rows) {
                arguments.add(arguments(order, row[0], row[1]));
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "[{index}] lines {0}: {1} -> {2}")
    @MethodSource("precedence")
    void mostSpecificPatternDecidesWhateverTheLineOrder(String order, String path, String expectedPattern)
            throws Exception {
        List<String> lines = new ArrayList<>(PRECEDENCE_RULES);
        if (order.equals("reversed")) {
            Collections.reverse(lines);
        }
        Policy policy = PolicyParser.parse(null, String.join("\n", lines), null);
        List<Rule> rules = policy.rulesFor(List.of(path), "GET");
        assertFalse(rules.isEmpty(), "rulesFor returns at least one rule");
        for (Rule rule : rules) {
            assertEquals(expectedPattern, rule.pattern().toString(), "pattern deciding " + path + ": " + rule);
        }
        Access.Matching matching = (Access.Matching) rules.get(0).access();
        String cn = ((IdentityMatcher.CommonNameIn) matching.all().get(0)).names().iterator().next();
        assertAllowed(policy, path, "GET", dnIdentity("CN=" + cn));
        assertDenied(ReasonCode.CN_NOT_ALLOWED, policy, path, "GET", alice);
    }

    @Test
    void pathNoPatternMatchesGetsTheFailClosedAllowlistDefault() throws Exception {
        Policy policy = PolicyParser.parse("alice", "/public/* open", null);
        Decision decision = decide(policy, "/private", "GET", alice);
        assertTrue(decision.allowed(), "alice is on allowed-cns: " + decision);
        assertEquals(0, decision.rule().line(), "the made-up default rule has no line");
        assertEquals(new Access.Allowlist(), decision.rule().access());
        assertDenied(ReasonCode.CN_NOT_ALLOWED, policy, "/private", "GET", bob);
        assertDenied(ReasonCode.NO_CERTIFICATE, policy, "/private", "GET", null);
    }

    @Test
    void emptyRulesLeaveEveryPathToTheAllowlist() throws Exception {
        Policy policy = PolicyParser.parse("alice", null, null);
        assertAllowed(policy, "/anything", "DELETE", alice);
        assertDenied(ReasonCode.CN_NOT_ALLOWED, policy, "/anything", "DELETE", bob);
    }

    @Test
    void slashStarBeatsExtensionAndDefault() throws Exception {
        Policy policy = PolicyParser.parse(null, "/ open\n*.pdf open\n/* cn:alice", null);
        assertDenied(ReasonCode.NO_CERTIFICATE, policy, "/x.pdf", "GET", null);
        assertDenied(ReasonCode.CN_NOT_ALLOWED, policy, "/", "GET", bob);
        assertDenied(ReasonCode.CN_NOT_ALLOWED, policy, "/x.pdf", "GET", bob);
        assertAllowed(policy, "/x.pdf", "GET", alice);
        assertAllowed(policy, "/", "GET", alice);
        assertEquals("/*", decide(policy, "/x.pdf", "GET", alice).rule().pattern().toString(),
                "/* decides, not *.pdf open or the / default");
    }

    // ---------------------------------------------------------------------------------------------------
    // methods
    // ---------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"/x GET cn:alice\n/x cn:bob", "/x cn:bob\n/x GET cn:alice"})
    void methodSpecificRuleBeatsMethodlessRuleForTheSamePattern(String rules) throws Exception {
        Policy policy = PolicyParser.parse(null, rules, null);
        assertAllowed(policy, "/x", "GET", alice);
        assertDenied(ReasonCode.CN_NOT_ALLOWED, policy, "/x", "GET", bob);
        assertAllowed(policy, "/x", "POST", bob);
        assertDenied(ReasonCode.CN_NOT_ALLOWED, policy, "/x", "POST", alice);
    }

    @Test
    void uncoveredMethodIsDeniedAndDoesNotFallThroughToSlashStar() throws Exception {
        Policy policy = PolicyParser.parse("alice", "/* any\n/admin/* GET cn:alice", null);
        assertAllowed(policy, "/admin/x", "GET", alice);
        Decision decision = assertDenied(ReasonCode.METHOD_NOT_COVERED, policy, "/admin/x", "POST", alice);
        assertEquals("/admin/*", decision.rule().pattern().toString(), "the denial names the pattern");
        assertDenied(ReasonCode.METHOD_NOT_COVERED, policy, "/admin/", "DELETE", alice);
        assertDenied(ReasonCode.METHOD_NOT_COVERED, policy, "/admin/x", "POST", null);
        assertAllowed(policy, "/other", "POST", bob);
    }

    @Test
    void uncoveredMethodOnAnExactPatternIsDenied() throws Exception {
        Policy policy = PolicyParser.parse(null, "/* open\n/login POST,GET open", null);
        assertAllowed(policy, "/login", "POST", null);
        assertDenied(ReasonCode.METHOD_NOT_COVERED, policy, "/login", "PUT", null);
        assertDenied(ReasonCode.METHOD_NOT_COVERED, policy, "/login", "PUT", alice);
        assertAllowed(policy, "/login", "GET", null);
        assertAllowed(policy, "/other", "PUT", null);
    }

    @Test
    void headIsAlsoCheckedAsGet() throws Exception {
        Policy policy = PolicyParser.parse(null, "/files/* HEAD open\n/files/* GET cn:alice", null);
        assertDenied(ReasonCode.NO_CERTIFICATE, policy, "/files/report", "HEAD", null);
        assertDenied(ReasonCode.CN_NOT_ALLOWED, policy, "/files/report", "HEAD", bob);
        assertAllowed(policy, "/files/report", "HEAD", alice);
    }

    @Test
    void headUnderAMethodlessRuleIsStillHeldToTheGetRule() throws Exception {
        Policy policy = PolicyParser.parse(null, "/files/* cn:alice,bob\n/files/* GET cn:alice", null);
        assertDenied(ReasonCode.CN_NOT_ALLOWED, policy, "/files/x", "HEAD", bob);
        assertAllowed(policy, "/files/x", "HEAD", alice);
        assertAllowed(policy, "/files/x", "OPTIONS", bob);
    }

    @Test
    void getIsNotAlsoCheckedAsHead() throws Exception {
        Policy policy = PolicyParser.parse(null, "/files/* HEAD deny\n/files/* GET any", null);
        assertAllowed(policy, "/files/x", "GET", bob);
        assertDenied(ReasonCode.RULE_DENY, policy, "/files/x", "HEAD", bob);
    }

    // ---------------------------------------------------------------------------------------------------
    // case folding
    // ---------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"/ADMIN/x", "/Admin/x", "/aDmIn", "/ADMIN/"})
    void pathInAnotherCaseIsAlsoJudgedUnderTheLowerCasePattern(String path) throws Exception {
        Policy policy = PolicyParser.parse(null, "/* any\n/admin/* cn:alice", null);
        assertDenied(ReasonCode.CN_NOT_ALLOWED, policy, path, "GET", bob);
        assertAllowed(policy, path, "GET", alice);
    }

    @Test
    void lowerCasePathIsAlsoJudgedUnderAnUpperCasePattern() throws Exception {
        Policy policy = PolicyParser.parse(null, "/* any\n/Admin/* cn:alice", null);
        assertDenied(ReasonCode.CN_NOT_ALLOWED, policy, "/admin/x", "GET", bob);
        assertDenied(ReasonCode.CN_NOT_ALLOWED, policy, "/ADMIN/x", "GET", bob);
        assertAllowed(policy, "/admin/x", "GET", alice);
    }

    @Test
    void lowerCasePathIsJudgedUnderAnUpperCasePatternWhenNoPatternIsLowerCase() throws Exception {
        // No pattern matches "/admin/x" as written, so allowed-cns would let bob in: only the lower-cased
        // reading of "/Admin/*" keeps him out.
        Policy policy = PolicyParser.parse("alice, bob", "/Admin/* cn:alice", null);
        assertDenied(ReasonCode.CN_NOT_ALLOWED, policy, "/admin/x", "GET", bob);
        assertAllowed(policy, "/admin/x", "GET", alice);
    }

    @Test
    void exactAndExtensionPatternsAreCaseFoldedToo() throws Exception {
        // "/" rather than "/*" as the open rule: a "/*" prefix would outrank "*.key" in both readings.
        Policy policy = PolicyParser.parse(null, "/ open\n/secret cn:alice\n*.key deny", null);
        assertDenied(ReasonCode.NO_CERTIFICATE, policy, "/SECRET", "GET", null);
        assertDenied(ReasonCode.RULE_DENY, policy, "/files/server.KEY", "GET", alice);
        assertAllowed(policy, "/SECRET", "GET", alice);
    }

    // ---------------------------------------------------------------------------------------------------
    // access words
    // ---------------------------------------------------------------------------------------------------

    @Test
    void openNeedsNoCertificate() throws Exception {
        Policy policy = PolicyParser.parse(null, "/public/* open", null);
        Decision decision = assertAllowed(policy, "/public/x", "GET", null);
        assertEquals(ReasonCode.OPEN_PATH, decision.reason());
        assertTrue(Policy.allOpen(policy.rulesFor(List.of("/public/x"), "GET")));
    }

    @Test
    void openIgnoresEvenAnUnusableCertificate() throws Exception {
        Policy policy = PolicyParser.parse(null, "/public/* open", null);
        ClientIdentity expired = certificate("alice", Instant.parse("2028-01-01T00:00:00Z"),
                Instant.parse("2029-01-01T00:00:00Z"));
        assertEquals(ReasonCode.OPEN_PATH, assertAllowed(policy, "/public/x", "GET", expired).reason());
    }

    @Test
    void anyAcceptsEveryUsableCertificate() throws Exception {
        Policy policy = PolicyParser.parse(null, "/* any", null);
        assertEquals(ReasonCode.ALLOWED, assertAllowed(policy, "/x", "GET", alice).reason());
        assertAllowed(policy, "/x", "GET", bob);
        assertAllowed(policy, "/x", "GET", dnIdentity("CN=carol,O=Example"));
        assertDenied(ReasonCode.NO_CERTIFICATE, policy, "/x", "GET", null);
        assertFalse(Policy.allOpen(policy.rulesFor(List.of("/x"), "GET")));
    }

    @Test
    void allowlistAcceptsOnlyAllowedCns() throws Exception {
        Policy policy = PolicyParser.parse("alice, CLIENT NAME", "/* allowlist", null);
        assertAllowed(policy, "/x", "GET", alice);
        assertAllowed(policy, "/x", "GET", certificate("CLIENT NAME"));
        assertDenied(ReasonCode.CN_NOT_ALLOWED, policy, "/x", "GET", bob);
        assertDenied(ReasonCode.CN_NOT_ALLOWED, policy, "/x", "GET", dnIdentity("CN=Alice"));
        assertDenied(ReasonCode.NO_CERTIFICATE, policy, "/x", "GET", null);
    }

    @Test
    void emptyAllowedCnsDeniesAllowlistPaths() throws Exception {
        Policy policy = PolicyParser.parse("", "/a/* allowlist\n/b/* any", null);
        assertTrue(policy.allowlistEmpty());
        assertDenied(ReasonCode.CN_NOT_ALLOWED, policy, "/a/x", "GET", alice);
        assertDenied(ReasonCode.CN_NOT_ALLOWED, policy, "/unmatched", "GET", alice);
        assertAllowed(policy, "/b/x", "GET", alice);
    }

    @Test
    void cnListAcceptsOnlyItsNames() throws Exception {
        Policy policy = PolicyParser.parse("bob", "/admin/* cn:alice, CLIENT NAME", null);
        assertAllowed(policy, "/admin/x", "GET", alice);
        assertAllowed(policy, "/admin/x", "GET", certificate("CLIENT NAME"));
        assertDenied(ReasonCode.CN_NOT_ALLOWED, policy, "/admin/x", "GET", bob);
        assertDenied(ReasonCode.CN_NOT_ALLOWED, policy, "/admin/x", "GET", certificate("CLIENT"));
        assertDenied(ReasonCode.NO_CERTIFICATE, policy, "/admin/x", "GET", null);
    }

    @Test
    void denyRefusesEveryone() throws Exception {
        Policy policy = PolicyParser.parse("alice", "/internal/* deny", null);
        assertDenied(ReasonCode.RULE_DENY, policy, "/internal/x", "GET", alice);
        assertDenied(ReasonCode.RULE_DENY, policy, "/internal/x", "GET", null);
    }

    @Test
    void cyrillicLookAlikeIsNotTheListedCn() throws Exception {
        Policy policy = PolicyParser.parse("alice", "/admin/* cn:alice\n/* allowlist", null);
        ClientIdentity lookAlike = certificate("\u0430lice");
        assertFalse("alice".equals(lookAlike.commonName()), "precondition: U+0430 is not 'a'");
        assertDenied(ReasonCode.CN_NOT_ALLOWED, policy, "/admin/x", "GET", lookAlike);
        assertDenied(ReasonCode.CN_NOT_ALLOWED, policy, "/x", "GET", lookAlike);
    }

    // ---------------------------------------------------------------------------------------------------
    // unusable identities
    // ---------------------------------------------------------------------------------------------------

    @Test
    void expiredCertificateIsDenied() throws Exception {
        ClientIdentity expired = certificate("alice", Instant.parse("2028-01-01T00:00:00Z"),
                Instant.parse("2029-12-31T23:59:59Z"));
        assertDenied(ReasonCode.EXPIRED, anyPolicy(), "/x", "GET", expired);
        assertDenied(ReasonCode.EXPIRED, PolicyParser.parse("alice", "/* allowlist", null), "/x", "GET", expired);
    }

    @Test
    void notYetValidCertificateIsDenied() throws Exception {
        ClientIdentity early = certificate("alice", Instant.parse("2030-01-01T00:00:01Z"),
                Instant.parse("2031-01-01T00:00:00Z"));
        assertDenied(ReasonCode.NOT_YET_VALID, anyPolicy(), "/x", "GET", early);
    }

    @Test
    void validityBoundsAreInclusive() throws Exception {
        assertAllowed(anyPolicy(), "/x", "GET", certificate("alice", NOW, VALID_UNTIL));
        assertAllowed(anyPolicy(), "/x", "GET", certificate("alice", VALID_FROM, NOW));
    }

    @Test
    void datesAreCheckedBeforeTheCn() throws Exception {
        X500Name twoCns = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, "alice").addRDN(BCStyle.CN, "bob").build();
        ClientIdentity identity = ClientIdentity.of(HeldCertificate.builder().subject(twoCns).signedBy(ca)
                .validity(Instant.parse("2028-01-01T00:00:00Z"), Instant.parse("2029-01-01T00:00:00Z"))
                .build().certificate());
        assertDenied(ReasonCode.EXPIRED, anyPolicy(), "/x", "GET", identity);
    }

    @Test
    void certificateWithoutCnIsDenied() throws Exception {
        X500Name noCn = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Example")
                .addRDN(BCStyle.OU, "alice").build();
        assertDenied(ReasonCode.NO_CN, anyPolicy(), "/x", "GET", certificate(noCn));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"O=Example", "CN=,O=Example", "CN=\"\"", "OU=CN\\=alice"})
    void subjectWithoutAUsableCnIsDenied(String dn) throws Exception {
        assertDenied(ReasonCode.NO_CN, anyPolicy(), "/x", "GET", dnIdentity(dn));
    }

    @Test
    void certificateWithTwoCnsIsDenied() throws Exception {
        X500Name twoCns = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, "alice").addRDN(BCStyle.CN, "bob").build();
        ClientIdentity identity = certificate(twoCns);
        assertDenied(ReasonCode.MULTIPLE_CN, anyPolicy(), "/x", "GET", identity);
        assertDenied(ReasonCode.MULTIPLE_CN, PolicyParser.parse(null, "/* cn:alice,bob", null), "/x", "GET",
                identity);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"CN=alice+CN=bob", "CN=alice,OU=x,CN=alice"})
    void subjectWithTwoCnsIsDenied(String dn) throws Exception {
        assertDenied(ReasonCode.MULTIPLE_CN, anyPolicy(), "/x", "GET", dnIdentity(dn));
    }

    static Stream<Arguments> cnsWithInvisibleCharacters() {
        return Stream.of(
                arguments("NUL", "alice\u0000.evil"),
                arguments("line feed", "alice\nadmin"),
                arguments("carriage return", "ali\rce"),
                arguments("tab", "ali\tce"),
                arguments("bell", "alice\u0007"),
                arguments("DEL", "alice\u007f"),
                arguments("C1 control", "alice\u0085"),
                arguments("right-to-left override", "alice\u202Egnp.exe"),
                arguments("left-to-right override", "\u202Dalice"),
                arguments("right-to-left isolate", "alice\u2067"),
                arguments("zero-width space", "ali\u200Bce"),
                arguments("zero-width joiner", "ali\u200Dce"),
                arguments("byte order mark", "\uFEFFalice"),
                arguments("line separator", "alice\u2028"),
                arguments("private use", "alice\uE000"),
                arguments("soft hyphen", "al\u00ADice"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cnsWithInvisibleCharacters")
    void cnWithControlOrFormatCharactersIsDeniedFromACertificate(String why, String cn) throws Exception {
        Policy policy = PolicyParser.parse("alice", "/* any", null);
        ClientIdentity identity = certificate(cn);
        assertEquals(cn, identity.commonName(), "precondition: the certificate CN survives parsing");
        assertDenied(ReasonCode.CN_CONTROL_CHARACTERS, policy, "/x", "GET", identity);
    }

    /**
     * The JDK prints a trailing CR as backslash-CR ({@code CN=alice\<CR>}), which is not an RFC 4514 escape;
     * the name is read from the certificate's DER instead, so the CR is a control character like any other,
     * denied for the same reason as through nginx (which prints it {@code \0D}).
     */
    @Test
    void cnEndingInCarriageReturnIsDeniedAsAControlCharacter() throws Exception {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "alice\r").build();
        HeldCertificate held = HeldCertificate.builder().subject(subject).signedBy(ca)
                .validity(VALID_FROM, VALID_UNTIL).build();
        ClientIdentity identity = ClientIdentity.of(held.certificate());
        assertEquals("alice\r", identity.commonName());
        assertDenied(ReasonCode.CN_CONTROL_CHARACTERS, anyPolicy(), "/x", "GET", identity);
        assertDenied(ReasonCode.CN_CONTROL_CHARACTERS, anyPolicy(), "/x", "GET", dnIdentity("CN=alice\\0D"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"CN=alice\\00.evil", "CN=alice\\0Aadmin", "CN=alice\\E2\\80\\AEgnp.exe",
        "/CN=alice\\xE2\\x80\\x8B", "/CN=alice\\x00"})
    void cnWithControlOrFormatCharactersIsDeniedFromAProxyDn(String dn) throws Exception {
        assertDenied(ReasonCode.CN_CONTROL_CHARACTERS, anyPolicy(), "/x", "GET", dnIdentity(dn));
    }

    @Test
    void identityProblemReportsTheSameReasonsWithoutARule() throws Exception {
        Policy policy = anyPolicy();
        assertEquals(null, policy.identityProblem(alice, NOW), "alice is usable");
        assertEquals(ReasonCode.EXPIRED, policy.identityProblem(alice, VALID_UNTIL.plusSeconds(1)));
        assertEquals(ReasonCode.NOT_YET_VALID, policy.identityProblem(alice, VALID_FROM.minusSeconds(1)));
        assertEquals(ReasonCode.MULTIPLE_CN, policy.identityProblem(dnIdentity("CN=a+CN=b"), NOW));
        assertEquals(null, policy.identityProblem(dnIdentity("O=x"), NOW),
                "a missing CN is left to the rules that read the CN");
        assertEquals(ReasonCode.CN_CONTROL_CHARACTERS, policy.identityProblem(dnIdentity("CN=a\\0Db"), NOW));
    }

    @Test
    void dnOnlyIdentityHasNoDatesToCheck() throws Exception {
        assertAllowed(anyPolicy(), "/x", "GET", dnIdentity("CN=alice"));
        assertEquals(null, anyPolicy().identityProblem(dnIdentity("CN=alice"), Instant.MAX));
    }

    // ---------------------------------------------------------------------------------------------------
    // several candidate paths
    // ---------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("candidatePathOrders")
    void anyDenyingCandidatePathDenies(List<String> paths) throws Exception {
        Policy policy = PolicyParser.parse("alice", "/public/* open\n/secret/* deny\n/admin/* cn:alice", null);
        Decision decision = assertDenied(ReasonCode.RULE_DENY, policy, paths, "GET", alice);
        assertEquals("/secret/*", decision.rule().pattern().toString(), "the denying rule is reported");
    }

    static Stream<Arguments> candidatePathOrders() {
        return Stream.of(
                arguments(List.of("/public/x", "/secret/x")),
                arguments(List.of("/secret/x", "/public/x")),
                arguments(List.of("/admin/x", "/public/x", "/secret/x")));
    }

    @Test
    void everyCandidatePathMustAllow() throws Exception {
        Policy policy = PolicyParser.parse(null, "/public/* open\n/admin/* cn:alice", null);
        List<String> paths = List.of("/public/..;/admin/x", "/admin/x");
        assertDenied(ReasonCode.NO_CERTIFICATE, policy, paths, "GET", null);
        assertDenied(ReasonCode.CN_NOT_ALLOWED, policy, paths, "GET", bob);
        Decision decision = assertAllowed(policy, paths, "GET", alice);
        assertEquals(ReasonCode.ALLOWED, decision.reason(), "an identity-checked allow is reported over open");
        assertEquals("/admin/*", decision.rule().pattern().toString());
    }

    @Test
    void openPathsAreOnlyAllOpenWhenEveryCandidateIsOpen() throws Exception {
        Policy policy = PolicyParser.parse(null, "/public/* open\n/admin/* cn:alice", null);
        assertTrue(Policy.allOpen(policy.rulesFor(List.of("/public/a", "/public/b"), "GET")));
        assertFalse(Policy.allOpen(policy.rulesFor(List.of("/public/a", "/admin/b"), "GET")));
        assertFalse(Policy.allOpen(policy.rulesFor(List.of("/PUBLIC/a"), "GET")),
                "/PUBLIC/a does not match /public/* as written, so the allowlist default applies too");
    }

    @Test
    void rulesForReturnsEachRuleOfEveryReadingOnce() throws Exception {
        Policy policy = PolicyParser.parse(null, "/* any\n/Admin/* cn:alice\n/x HEAD open\n/x GET cn:bob", null);
        assertEquals(List.of("/* any"), texts(policy.rulesFor(List.of("/y", "/z"), "GET")),
                "every reading finds the same rule");
        assertEquals(List.of("/* any", "/Admin/* cn:alice"), texts(policy.rulesFor("/admin/a", "GET")),
                "as written and case-folded");
        assertEquals(List.of("/x HEAD open", "/x GET cn:bob"), texts(policy.rulesFor("/x", "HEAD")),
                "HEAD is also read as GET");
        assertEquals(List.of("/x GET cn:bob", "/* any"), texts(policy.rulesFor(List.of("/x", "/y"), "GET")),
                "rules of every candidate path");
        assertSame(policy.rulesFor("/y", "GET"), policy.rulesFor("/z", "GET"),
                "a path whose readings agree gets the list made when the rules were read");
    }

    @Test
    void everyReadingOfAPathIsNamedForExplaining() throws Exception {
        Policy policy = PolicyParser.parse(null, "/* any\n/Admin/* cn:alice", null);
        assertEquals(List.of("/* any", "/Admin/* cn:alice"), texts(policy.rulePerReading("/admin/a", "GET")),
                "as written, lower-cased");
        assertEquals(List.of("/* any", "/* any", "/* any", "/* any"), texts(policy.rulePerReading("/x", "HEAD")),
                "as written, lower-cased, as GET, as GET lower-cased");
    }

    private static List<String> texts(List<Rule> rules) {
        return rules.stream().map(Rule::text).toList();
    }

    @Test
    void rolesAreReadFromTheRolesParameter() throws Exception {
        Policy policy = PolicyParser.parse(null, null, "admin=alice; ops=bob,alice");
        assertTrue(policy.roles().has(alice, "admin"));
        assertTrue(policy.roles().has(alice, "ops"));
        assertFalse(policy.roles().has(bob, "admin"));
    }

    // ---------------------------------------------------------------------------------------------------
    // helpers
    // ---------------------------------------------------------------------------------------------------

    private static Policy anyPolicy() throws ConfigException {
        return PolicyParser.parse(null, "/* any", null);
    }

    private static ClientIdentity certificate(String cn) throws Exception {
        return certificate(cn, VALID_FROM, VALID_UNTIL);
    }

    private static ClientIdentity certificate(String cn, Instant notBefore, Instant notAfter) throws Exception {
        return ClientIdentity.of(HeldCertificate.builder().commonName(cn).clientAuth().signedBy(ca)
                .validity(notBefore, notAfter).build().certificate());
    }

    private static ClientIdentity certificate(X500Name subject) throws Exception {
        return ClientIdentity.of(HeldCertificate.builder().subject(subject).clientAuth().signedBy(ca)
                .validity(VALID_FROM, VALID_UNTIL).build().certificate());
    }

    private static ClientIdentity dnIdentity(String dn) throws Exception {
        return ClientIdentity.ofSubject(DistinguishedName.parse(dn));
    }

    private static Decision decide(Policy policy, List<String> paths, String method, ClientIdentity identity) {
        Decision decision = Decision.of(policy, policy.rulesFor(paths, method), identity, NOW);
        assertNotNull(decision, "authorize must always decide");
        return decision;
    }

    private static Decision decide(Policy policy, String path, String method, ClientIdentity identity) {
        return decide(policy, List.of(path), method, identity);
    }

    private static Decision assertAllowed(Policy policy, String path, String method, ClientIdentity identity) {
        return assertAllowed(policy, List.of(path), method, identity);
    }

    private static Decision assertAllowed(Policy policy, List<String> paths, String method,
            ClientIdentity identity) {
        Decision decision = decide(policy, paths, method, identity);
        if (!decision.allowed()) {
            fail(method + " " + paths + " by " + who(identity) + " should be allowed, but was denied "
                    + decision.reason() + " by " + decision.rule().describe());
        }
        return decision;
    }

    private static Decision assertDenied(ReasonCode reason, Policy policy, String path, String method,
            ClientIdentity identity) {
        return assertDenied(reason, policy, List.of(path), method, identity);
    }

    private static Decision assertDenied(ReasonCode reason, Policy policy, List<String> paths, String method,
            ClientIdentity identity) {
        Decision decision = decide(policy, paths, method, identity);
        if (decision.allowed() || decision.reason() != reason) {
            fail(method + " " + paths + " by " + who(identity) + " should be denied " + reason + ", but was "
                    + (decision.allowed() ? "allowed " : "denied ") + decision.reason() + " by "
                    + decision.rule().describe());
        }
        return decision;
    }

    private static String who(ClientIdentity identity) {
        return identity == null ? "(no certificate)" : "\"" + identity.subject() + "\"";
    }
}
