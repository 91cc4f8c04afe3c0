package io.certgate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.certgate.config.ConfigException;
import io.certgate.verdict.ReasonCode;

/** Reading the init-params; every mistake stops init with a message that names parameter and line. */
class PolicyParserTest {

    // ---------------------------------------------------------------------------------------------------
    // accepted rules
    // ---------------------------------------------------------------------------------------------------

    static Stream<Arguments> accessWords() {
        return Stream.of(
                arguments("/x open", new Access.Open()),
                arguments("/x any", new Access.AnyCertificate()),
                arguments("/x allowlist", new Access.Allowlist()),
                arguments("/x deny", new Access.Deny(ReasonCode.RULE_DENY)),
                arguments("/x cn:alice", new Access.Matching(List.of(new IdentityMatcher.CommonNameIn(Set.of("alice"))))),
                arguments("/x cn:alice,bob", new Access.Matching(List.of(new IdentityMatcher.CommonNameIn(Set.of("alice", "bob"))))),
                arguments("/x cn: alice , bob ", new Access.Matching(List.of(new IdentityMatcher.CommonNameIn(Set.of("alice", "bob"))))),
                arguments("/x cn:CLIENT NAME, bob", new Access.Matching(List.of(new IdentityMatcher.CommonNameIn(Set.of("CLIENT NAME", "bob"))))),
                arguments("/x GET cn:CLIENT NAME, bob", new Access.Matching(List.of(new IdentityMatcher.CommonNameIn(Set.of("CLIENT NAME", "bob"))))),
                arguments("/x cn:Jos\u00e9", new Access.Matching(List.of(new IdentityMatcher.CommonNameIn(Set.of("Jos\u00e9"))))));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("accessWords")
    void accessWordParsesToItsAccess(String line, Access expected) throws ConfigException {
        List<Rule> rules = PolicyParser.rules(line);
        assertEquals(1, rules.size(), "one rule from \"" + line + "\"");
        assertEquals(expected, rules.get(0).access(), "access of \"" + line + "\"");
    }

    static Stream<Arguments> methodLists() {
        return Stream.of(
                arguments("/x any", Set.of()),
                arguments("/x GET any", Set.of("GET")),
                arguments("/x GET,HEAD any", Set.of("GET", "HEAD")),
                arguments("/x PROPFIND,M-SEARCH,X_CUSTOM deny", Set.of("PROPFIND", "M-SEARCH", "X_CUSTOM")),
                arguments("/x ABCDEFGHIJKLMNOPQRSTUVWXYZ,Z deny", Set.of("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "Z")),
                arguments("/x\tPOST\tcn:alice", Set.of("POST")),
                arguments("/x   PUT    open", Set.of("PUT")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("methodLists")
    void methodListParses(String line, Set<String> expected) throws ConfigException {
        assertEquals(expected, PolicyParser.rules(line).get(0).methods(), "methods of \"" + line + "\"");
    }

    @Test
    void ruleRemembersPatternLineAndText() throws ConfigException {
        List<Rule> rules = PolicyParser.rules("# header\n\n/unprotected/*   open\n  /admin/*  GET  cn:alice  \n");
        assertEquals(2, rules.size());
        Rule admin = rules.get(1);
        assertEquals(UrlPattern.parse("/admin/*"), admin.pattern());
        assertEquals(4, admin.line(), "line numbers count comments and blank lines");
        assertEquals("/admin/*  GET  cn:alice", admin.text(), "the line as written, trimmed");
        assertEquals("line 4 \"/admin/*  GET  cn:alice\"", admin.describe());
    }

    @Test
    void commentsAndBlankLinesAreIgnored() throws ConfigException {
        String text = """
                # The policy for the demo app.
                   # indented comment

                /unprotected/*   open   # trailing comment
                \t
                /admin/*         cn:alice#no space before the hash
                """;
        List<Rule> rules = PolicyParser.rules(text);
        assertEquals(2, rules.size(), "only the two rule lines count: " + rules);
        assertEquals(new Access.Open(), rules.get(0).access());
        assertEquals(4, rules.get(0).line());
        assertEquals(new Access.Matching(List.of(new IdentityMatcher.CommonNameIn(Set.of("alice")))), rules.get(1).access());
        assertEquals(6, rules.get(1).line());
    }

    @Test
    void everyLineEndingCounts() throws ConfigException {
        List<Rule> rules = PolicyParser.rules("/a open\r\n/b open\r/c open\n/d open");
        assertEquals(List.of(1, 2, 3, 4), rules.stream().map(Rule::line).toList());
    }

    @Test
    void emptyAndNullParametersMakeAnEmptyPolicy() throws ConfigException {
        Policy policy = PolicyParser.parse(null, null, null);
        assertTrue(policy.allowlistEmpty());
        assertEquals(Set.of(), policy.roles().names());
        Policy blank = PolicyParser.parse("  ", "\n# only a comment\n", " ");
        assertTrue(blank.allowlistEmpty());
    }

    @Test
    void allowedCnsAreTrimmedAndMayHoldSpaces() throws ConfigException {
        Policy policy = PolicyParser.parse(" alice , CLIENT NAME ", "/ allowlist", null);
        assertFalse(policy.allowlistEmpty());
    }

    @Test
    void rolesParse() throws Exception {
        Roles roles = PolicyParser.parse(null, null, "admin=alice, CLIENT NAME; ops = bob ;").roles();
        assertEquals(Set.of("admin", "ops"), roles.names());
        assertTrue(roles.has(cn("alice"), "admin"));
        assertTrue(roles.has(cn("CLIENT NAME"), "admin"));
        assertTrue(roles.has(cn("bob"), "ops"));
        assertFalse(roles.has(cn("bob"), "admin"));
        assertFalse(roles.has(cn("alice"), "nobody"));
        assertFalse(roles.has(cn("alice"), null));
    }

    @Test
    void aBareRoleValueIsACnListAndAFieldTestIsAnExpression() throws Exception {
        Roles roles = PolicyParser.parse(null, null,
                "admin = alice; ops = ou:platform & o:Corp; web = AT&T; admin = cn:carol").roles();
        assertEquals(List.of("cn:alice", "ou:platform & o:Corp", "cn:AT&T", "cn:carol"),
                roles.grants().stream().map(grant -> grant.expression().toString()).toList(),
                "a value without a field test is a CN list, even with an '&' in it");
        assertEquals(List.of("alice", "ou:platform & o:Corp", "AT&T", "cn:carol"),
                roles.grants().stream().map(RoleGrant::text).toList());
        assertTrue(roles.has(cn("carol"), "admin"), "a role written twice is granted by either entry");
        assertTrue(roles.has(cn("alice"), "admin"));
        assertTrue(roles.has(dn("CN=x,OU=platform,O=Corp"), "ops"));
        assertFalse(roles.has(dn("CN=x,OU=platform,O=Other"), "ops"), "every test of an expression must pass");
    }

    private static io.certgate.identity.ClientIdentity cn(String cn) throws Exception {
        return dn("CN=" + cn);
    }

    private static io.certgate.identity.ClientIdentity dn(String dn) throws Exception {
        return io.certgate.identity.ClientIdentity.ofSubject(io.certgate.identity.DistinguishedName.parse(dn));
    }

    @Test
    void differentMethodsForOnePatternAreNotDuplicates() throws ConfigException {
        List<Rule> rules = PolicyParser.rules("/x GET any\n/x POST cn:alice\n/x deny");
        assertEquals(3, rules.size());
    }

    // ---------------------------------------------------------------------------------------------------
    // errors
    // ---------------------------------------------------------------------------------------------------

    static Stream<Arguments> badRules() {
        return Stream.of(
                arguments("unknown access word", "/a open\n/x permit", 2, "unknown access \"permit\""),
                arguments("access word in upper case", "/x OPEN", 1, "unknown access"),
                arguments("access word with extra text", "/x any more", 1, "unknown access \"any more\""),
                arguments("cn without a colon", "/x cn alice", 1, "unknown access"),
                arguments("methods but no access", "/x GET", 1, "unknown access \"GET\""),
                arguments("rule with no access", "/a open\n\n/admin/*", 3, "has no access"),
                arguments("malformed url-pattern", "/admin* open", 1, "bad url-pattern \"/admin*\""),
                arguments("url-pattern without slash", "admin open", 1, "bad url-pattern \"admin\""),
                arguments("url-pattern with dot-dot", "# c\n/a/../b open", 2, "bad url-pattern \"/a/../b\""),
                arguments("duplicate pattern", "/x any\n/x open", 2, "duplicate rule"),
                arguments("duplicate differing only by case", "/Admin/* any\n/admin/* open", 2, "duplicate rule"),
                arguments("duplicate method", "/x GET any\n/x GET,POST open", 2, "duplicate rule for /x GET"),
                arguments("duplicate method, pattern case differs", "/X GET any\n/x HEAD,GET deny", 2,
                        "duplicate rule for /x GET"),
                arguments("empty CN in cn:", "/x cn:alice,,bob", 1, "empty CN"),
                arguments("trailing comma in cn:", "/x cn:alice,", 1, "empty CN"),
                arguments("leading comma in cn:", "/x cn:,alice", 1, "empty CN"),
                arguments("empty cn: list", "/x cn:", 1, "empty CN list"),
                arguments("blank cn: list", "/x cn:   ", 1, "empty CN list"),
                arguments("control character in cn:", "/x cn:al\u0001ice", 1, "control character"),
                arguments("empty method in list", "/x GET,,POST any", 1, "bad method list"),
                arguments("trailing comma in method list", "/x GET, any", 1, "bad method list"),
                arguments("method in mixed case", "/x Get any", 1, "bad method list"),
                arguments("method with a digit", "/x GET2 any", 1, "bad method list"),
                arguments("method with a character just past Z", "/x GET[ any", 1, "bad method list"),
                arguments("method with a character just before A", "/x GET@ any", 1, "bad method list"),
                arguments("method listed twice", "/x GET,GET any", 1, "listed twice"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badRules")
    void badRuleNamesRulesAndTheLine(String why, String rules, int line, String detail) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> PolicyParser.parse("alice", rules, null), why);
        assertConfigError(e, PolicyParser.RULES, line, detail);
    }

    static Stream<Arguments> badAllowedCns() {
        return Stream.of(
                arguments("empty CN in the middle", "alice,,bob"),
                arguments("trailing comma", "alice,"),
                arguments("leading comma", ",alice"),
                arguments("blank entry", "alice, ,bob"),
                arguments("control character", "ali\nce"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badAllowedCns")
    void badAllowedCnsNamesTheParameter(String why, String allowedCns) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> PolicyParser.parse(allowedCns, "/ allowlist", null), why);
        assertConfigError(e, PolicyParser.ALLOWED_CNS, 0, why.equals("control character") ? "control" : "empty CN");
    }

    static Stream<Arguments> badRoles() {
        return Stream.of(
                arguments("empty CN", "admin=alice,,bob", "empty CN"),
                arguments("trailing comma", "admin=alice,", "empty CN"),
                arguments("no CNs", "admin=", "empty CN list"),
                arguments("no '='", "admin", "is not ROLE=CN"),
                arguments("no role name", "=alice", "is not ROLE=CN"),
                arguments("blank role name", "  =alice", "is not ROLE=CN"),
                arguments("second entry bad", "admin=alice; ops", "is not ROLE=CN"),
                arguments("control character in a role name", "ad\u0007min=alice", "is not ROLE=CN"),
                arguments("unknown field", "admin=ou:ops & colour:blue", "unknown role test"),
                arguments("a bare CN beside a field test", "admin=alice & ou:ops", "unknown role test"),
                arguments("empty expression part", "admin=ou:ops &", "unknown role test"),
                arguments("bad issuer DN", "admin=issuer:CN=Corp CA,,O=Corp", "issuer DN"),
                arguments("bad URI prefix", "reader=san-uri:spiffe://example.org/ns/*/x", "bad san-uri"),
                arguments("bad policy OID", "admin=policy:1.2.x", "is not a policy OID"),
                arguments("short fingerprint", "admin=fingerprint:AB:CD", "SHA-256"),
                arguments("empty OU list", "admin=ou:", "empty CN list"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badRoles")
    void badRolesEntryNamesTheParameter(String why, String roles, String detail) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> PolicyParser.parse("alice", "/ allowlist", roles), why);
        assertConfigError(e, PolicyParser.ROLES, 0, detail);
    }

    @Test
    void messageSuggestsTheFix() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> PolicyParser.parse(null, "/x permit", null));
        assertTrue(e.getMessage().contains("open, any, allowlist, deny") && e.getMessage().contains("cn:, o:, ou:"),
                "an unknown access lists the known ones: " + e.getMessage());
    }

    @Test
    void ruleErrorIsReportedBeforeLaterLinesAreRead() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> PolicyParser.parse(null, "/a permit\n/b alsobad", null));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }

    private static void assertConfigError(ConfigException e, String parameter, int line, String detail) {
        String message = e.getMessage();
        assertEquals(parameter, e.parameter(), "parameter() of: " + message);
        assertTrue(message.startsWith("init-param '" + parameter + "'"),
                "the message names '" + parameter + "': " + message);
        if (line > 0) {
            assertTrue(message.startsWith("init-param '" + parameter + "' line " + line + ":"),
                    "the message names line " + line + ": " + message);
        } else {
            assertFalse(message.contains(" line "), "no line for a one-line parameter: " + message);
        }
        assertTrue(message.contains(detail), "the message says \"" + detail + "\": " + message);
    }
}
