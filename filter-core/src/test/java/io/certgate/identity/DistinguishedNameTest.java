package io.certgate.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import javax.naming.InvalidNameException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.security.auth.x500.X500Principal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The DN parsers, in the table style of Jetty's {@code ServletPathSpecTest}: each row is an input and the
 * RDNs it must parse to, written as {@code TYPE=value} with {@code +} joining the attributes of one RDN.
 * Values in the expected column are already unescaped (Java escapes only).
 */
class DistinguishedNameTest {

    // ---------------------------------------------------------------------------------------------------
    // RFC 4514 / RFC 2253 form
    // ---------------------------------------------------------------------------------------------------

    static Stream<Arguments> rfc4514Accepted() {
        return Stream.of(
                // plain
                arguments("CN=alice", List.of("CN=alice")),
                arguments("CN=alice,OU=ops,O=Example,C=US", List.of("CN=alice", "OU=ops", "O=Example", "C=US")),
                arguments("CN=CLIENT NAME,O=CLIENT NAME", List.of("CN=CLIENT NAME", "O=CLIENT NAME")),
                arguments("", List.of()),
                arguments("   ", List.of()),
                arguments("CN=", List.of("CN=")),
                arguments("CN=,O=x", List.of("CN=", "O=x")),
                // type names: case, aliases, OIDs
                arguments("cn=alice,o=Example", List.of("CN=alice", "O=Example")),
                arguments("commonName=alice", List.of("CN=alice")),
                arguments("2.5.4.3=alice", List.of("CN=alice")),
                arguments("OID.2.5.4.3=alice", List.of("CN=alice")),
                arguments("oid.2.5.4.11=ops", List.of("OU=ops")),
                arguments("S=Florida,E=a@example.com", List.of("ST=Florida", "EMAILADDRESS=a@example.com")),
                arguments("1.2.3.4=x", List.of("1.2.3.4=x")),
                arguments("x-custom=v", List.of("X-CUSTOM=v")),
                arguments("azAZ09-=v", List.of("AZAZ09-=v")),
                arguments("OID.1.9.0=v", List.of("1.9.0=v")),
                // escaped specials
                arguments("CN=Sales\\, Inc.", List.of("CN=Sales, Inc.")),
                arguments("CN=a\\+b", List.of("CN=a+b")),
                arguments("CN=say \\\"hi\\\"", List.of("CN=say \"hi\"")),
                arguments("CN=back\\\\slash", List.of("CN=back\\slash")),
                arguments("CN=a\\=b", List.of("CN=a=b")),
                arguments("CN=a\\;b\\<c\\>", List.of("CN=a;b<c>")),
                arguments("CN=\\#not-hex", List.of("CN=#not-hex")),
                arguments("CN=a=b", List.of("CN=a=b")),
                arguments("CN=a#b", List.of("CN=a#b")),
                // hex escapes: single bytes and UTF-8 sequences
                arguments("CN=\\41lice", List.of("CN=Alice")),
                arguments("CN=a\\2cb", List.of("CN=a,b")),
                arguments("CN=Jos\\C3\\A9", List.of("CN=Jos\u00e9")),
                arguments("CN=Jos\\c3\\a9", List.of("CN=Jos\u00e9")),
                arguments("CN=\\E2\\82\\AC100", List.of("CN=\u20ac100")),
                arguments("CN=\\F0\\9F\\98\\80", List.of("CN=\uD83D\uDE00")),
                arguments("CN=\\C3\\A9\\,x", List.of("CN=\u00e9,x")),
                arguments("CN=Jos\u00e9", List.of("CN=Jos\u00e9")),
                // multi-valued RDNs
                arguments("CN=alice+UID=a1,O=Example", List.of("CN=alice+UID=a1", "O=Example")),
                arguments("OU=a+OU=b+OU=c", List.of("OU=a+OU=b+OU=c")),
                arguments("CN=alice + UID=a1 , O=Example", List.of("CN=alice+UID=a1", "O=Example")),
                arguments("CN=\"q\" + UID=a1", List.of("CN=q+UID=a1")),
                arguments("CN=#0c0161 + UID=a1", List.of("CN=a+UID=a1")),
                // quoted values
                arguments("CN=\"Sales, Inc.\",O=x", List.of("CN=Sales, Inc.", "O=x")),
                arguments("CN=\"a+b;c<d>e=f\"", List.of("CN=a+b;c<d>e=f")),
                arguments("CN=\"say \\\"hi\\\"\"", List.of("CN=say \"hi\"")),
                arguments("CN=\"  padded  \"", List.of("CN=  padded  ")),
                arguments("CN = \"q\" , O=x", List.of("CN=q", "O=x")),
                arguments("CN=\"\"", List.of("CN=")),
                // #hex BER values
                arguments("1.2.840.113549.1.9.1=#16106a6f7365406578616d706c652e636f6d",
                        List.of("EMAILADDRESS=jose@example.com")),
                arguments("CN=#0c05616c696365", List.of("CN=alice")),
                arguments("CN=#0C05616C696365", List.of("CN=alice")),
                arguments("CN=#1305616c696365", List.of("CN=alice")),
                arguments("CN=#1e06005a006f00eb", List.of("CN=Zo\u00eb")),
                arguments("CN=#0c00", List.of("CN=")),
                // a non-string BER type stays opaque, so it can never equal a listed name
                arguments("2.5.4.45=#0403616263", List.of("2.5.4.45=#0403616263")),
                // spaces around separators; trailing unescaped spaces trimmed, escaped kept
                arguments("  CN = alice ,  O = Example  ", List.of("CN=alice", "O=Example")),
                arguments("CN=alice   ", List.of("CN=alice")),
                arguments("CN=alice\\ ", List.of("CN=alice ")),
                arguments("CN=alice\\  ,O=x", List.of("CN=alice ", "O=x")),
                arguments("CN=alice\\20", List.of("CN=alice ")),
                arguments("CN=\\ alice", List.of("CN= alice")),
                arguments("CN=a  b", List.of("CN=a  b")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("rfc4514Accepted")
    void rfc4514FormParsesToRdns(String text, List<String> expected) throws DnParseException {
        assertRdns(expected, DistinguishedName.parseRfc4514(text), text);
        assertRdns(expected, DistinguishedName.parse(text), text);
    }

    static Stream<Arguments> rfc4514Rejected() {
        return Stream.of(
                arguments("dangling backslash", "CN=alice\\"),
                arguments("dangling backslash in quotes", "CN=\"alice\\"),
                arguments("bad escape \\q", "CN=\\qalice"),
                arguments("bad escape \\n", "CN=a\\nb"),
                arguments("half a hex escape at the end", "CN=a\\4"),
                arguments("hex escape with a non-hex second digit", "CN=a\\4g"),
                arguments("unescaped quote", "CN=a\"b"),
                arguments("unescaped semicolon", "CN=alice;O=x"),
                arguments("unescaped less-than", "CN=a<b"),
                arguments("unescaped greater-than", "CN=a>b"),
                arguments("raw NUL", "CN=alice\u0000.evil"),
                arguments("raw NUL in quotes", "CN=\"alice\u0000\""),
                arguments("overlong UTF-8 for '/'", "CN=\\C0\\AF"),
                arguments("overlong UTF-8 for NUL", "CN=\\C0\\80"),
                arguments("truncated UTF-8", "CN=Jos\\C3"),
                arguments("truncated UTF-8 before more text", "CN=Jos\\C3x"),
                arguments("lone continuation byte", "CN=\\A9"),
                arguments("UTF-8 encoded surrogate", "CN=\\ED\\A0\\80"),
                arguments("odd-length #hex", "CN=#0c0"),
                arguments("empty #hex", "CN=#"),
                arguments("#hex shorter than a BER header", "CN=#0c"),
                arguments("#hex length not matching its header", "CN=#0c0561"),
                arguments("#hex UTF8String with invalid UTF-8", "CN=#0c01ff"),
                arguments("#hex UniversalString with a surrogate pair", "CN=#1c080000d83d0000de00"),
                arguments("#hex followed by junk", "CN=#0c0161zz"),
                arguments("empty attribute type", "=alice"),
                arguments("attribute type with a bad character", "C_N=alice"),
                arguments("attribute type starting with a hyphen", "-CN=alice"),
                arguments("attribute type with an empty OID arc", "2..5=alice"),
                arguments("attribute type with a trailing dot", "2.5.4.3.=alice"),
                arguments("attribute type mixing digits and letters", "2abc=alice"),
                arguments("OID. prefix without an OID", "OID.=alice"),
                arguments("missing '='", "CN"),
                arguments("missing '=' after a valid RDN", "CN=alice,O"),
                arguments("trailing comma", "CN=alice,"),
                arguments("trailing comma and space", "CN=alice, "),
                arguments("leading comma", ",CN=alice"),
                arguments("double comma", "CN=alice,,O=x"),
                arguments("trailing plus", "CN=alice+"),
                arguments("unterminated quoted value", "CN=\"alice"),
                arguments("text after a quoted value", "CN=\"alice\"bob"),
                arguments("unescaped space in a type", "C N=alice"));
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("rfc4514Rejected")
    void rfc4514FormRejects(String why, String text) {
        assertRejected(text, () -> DistinguishedName.parseRfc4514(text));
    }

    @Test
    void aMultiValuedRdnIsASetSoItsOrderDoesNotMatter() throws DnParseException {
        assertEquals(DistinguishedName.parse("CN=alice+OU=ops,O=Example"), DistinguishedName.parse("OU=ops+CN=alice,O=Example"));
        assertEquals(DistinguishedName.parse("CN=alice+OU=ops").hashCode(), DistinguishedName.parse("OU=ops+CN=alice").hashCode());
        assertNotEquals(DistinguishedName.parse("CN=alice+OU=ops"), DistinguishedName.parse("CN=alice+OU=dev"));
        assertNotEquals(DistinguishedName.parse("CN=alice+OU=ops"), DistinguishedName.parse("CN=alice+OU=ops+OU=ops"));
        assertNotEquals(DistinguishedName.parse("CN=alice+OU=ops"), DistinguishedName.parse("CN=alice,OU=ops"),
                "two RDNs are not one multi-valued RDN");
    }

    @Test
    void textOfMaxLengthIsAcceptedAndOneMoreIsRejected() throws DnParseException {
        String atLimit = "CN=" + "a".repeat(DistinguishedName.MAX_LENGTH - 3);
        assertEquals(DistinguishedName.MAX_LENGTH, atLimit.length());
        assertEquals(List.of("a".repeat(DistinguishedName.MAX_LENGTH - 3)),
                DistinguishedName.parse(atLimit).values("CN"), "a DN of exactly MAX_LENGTH characters is accepted");

        String tooLong = atLimit + "a";
        assertRejected(tooLong, () -> DistinguishedName.parse(tooLong));
        assertRejected(tooLong, () -> DistinguishedName.parseRfc4514(tooLong));
        String legacyTooLong = "/CN=" + "a".repeat(DistinguishedName.MAX_LENGTH);
        assertRejected(legacyTooLong, () -> DistinguishedName.parseOpenSslLegacy(legacyTooLong));
    }

    @Test
    void maxAttributesAreAcceptedAndOneMoreIsRejected() throws DnParseException {
        String atLimit = attributes(DistinguishedName.MAX_ATTRIBUTES, ",");
        assertEquals(DistinguishedName.MAX_ATTRIBUTES, DistinguishedName.parse(atLimit).values("OU").size(),
                "MAX_ATTRIBUTES attributes are accepted");

        String tooMany = attributes(DistinguishedName.MAX_ATTRIBUTES + 1, ",");
        assertRejected(tooMany, () -> DistinguishedName.parse(tooMany));
    }

    @Test
    void attributeLimitCountsEveryValueOfMultiValuedRdns() {
        String tooMany = attributes(DistinguishedName.MAX_ATTRIBUTES + 1, "+");
        assertRejected(tooMany, () -> DistinguishedName.parse(tooMany));
    }

    @Test
    void attributeLimitAppliesToTheOpenSslLegacyForm() throws DnParseException {
        String atLimit = "/" + attributes(DistinguishedName.MAX_ATTRIBUTES, "/");
        assertEquals(DistinguishedName.MAX_ATTRIBUTES, DistinguishedName.parse(atLimit).values("OU").size());

        String tooMany = "/" + attributes(DistinguishedName.MAX_ATTRIBUTES + 1, "/");
        assertRejected(tooMany, () -> DistinguishedName.parse(tooMany));
    }

    @Test
    void nullIsRejected() {
        assertRejected(null, () -> DistinguishedName.parse(null));
        assertRejected(null, () -> DistinguishedName.parseRfc4514(null));
        assertRejected(null, () -> DistinguishedName.parseOpenSslLegacy(null));
    }

    // ---------------------------------------------------------------------------------------------------
    // DN tricks: what an attacker puts in a CSR
    // ---------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"CN", "cn", "Cn", "commonName", "2.5.4.3", "OID.2.5.4.3"})
    void theCommonNameIsFoundHoweverItsTypeIsSpelt(String type) throws DnParseException {
        DistinguishedName dn = DistinguishedName.parseRfc4514("CN=alice,O=Example");
        assertEquals("alice", dn.single(type));
        assertEquals(1, dn.count(type));
        assertEquals(List.of("alice"), dn.values(type));
        assertNull(DistinguishedName.parseRfc4514("CN=alice,CN=bob").single(type), "two CNs are not one");
    }

    @Test
    void escapedCnInsideAnotherAttributeIsNotACn() throws DnParseException {
        DistinguishedName dn = DistinguishedName.parse("OU=CN\\=alice,CN=mallory");
        assertEquals(List.of("mallory"), dn.values("CN"), "the CN is mallory; 'CN=alice' is only OU text");
        assertEquals(List.of("CN=alice"), dn.values("OU"));
    }

    @Test
    void escapedCommaDoesNotStartANewRdn() throws DnParseException {
        DistinguishedName dn = DistinguishedName.parse("OU=x\\,CN=alice,CN=mallory");
        assertEquals(List.of("mallory"), dn.values("CN"));
        assertEquals(List.of("x,CN=alice"), dn.values("OU"));
    }

    @Test
    void quotedCommaDoesNotStartANewRdn() throws DnParseException {
        DistinguishedName dn = DistinguishedName.parse("OU=\"x,CN=alice\",CN=mallory");
        assertEquals(List.of("mallory"), dn.values("CN"));
    }

    @Test
    void twoCnsInOneMultiValuedRdnAreBothReported() throws DnParseException {
        DistinguishedName dn = DistinguishedName.parse("CN=alice+CN=bob");
        assertEquals(List.of("alice", "bob"), dn.values("CN"), "both CNs, so a policy can refuse the ambiguity");
        assertEquals(1, dn.rdns().size(), "one RDN with two attributes");
    }

    @Test
    void escapedNulIsKeptInTheValueNotTruncated() throws DnParseException {
        DistinguishedName dn = DistinguishedName.parse("CN=alice\\00.evil");
        assertEquals(List.of("alice\u0000.evil"), dn.values("CN"),
                "the NUL stays in the value so that 'alice\\0.evil' never equals 'alice'");
    }

    @Test
    void hexEscapedCommaDoesNotStartANewRdn() throws DnParseException {
        DistinguishedName dn = DistinguishedName.parse("OU=x\\2CCN\\3Dalice,CN=mallory");
        assertEquals(List.of("mallory"), dn.values("CN"));
        assertEquals(List.of("x,CN=alice"), dn.values("OU"));
    }

    // ---------------------------------------------------------------------------------------------------
    // values() and toString()
    // ---------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "[{index}] values(\"{0}\")")
    @ValueSource(strings = {"CN", "cn", "commonName", "2.5.4.3", "OID.2.5.4.3"})
    void valuesAcceptsAnySpellingOfTheType(String type) throws DnParseException {
        DistinguishedName dn = DistinguishedName.parse("CN=alice,OU=ops,CN=second");
        assertEquals(List.of("alice", "second"), dn.values(type), "values(\"" + type + "\") in RDN order");
    }

    @Test
    void valuesOfAnAbsentTypeIsEmpty() throws DnParseException {
        assertEquals(List.of(), DistinguishedName.parse("OU=ops").values("CN"));
        assertEquals(List.of(), DistinguishedName.parse("OU=ops").values(""));
    }

    static Stream<Arguments> toStringForms() {
        return Stream.of(
                arguments("cn=alice, o=Example", "CN=alice,O=Example"),
                arguments("CN=\"Sales, Inc.\"", "CN=Sales\\, Inc."),
                arguments("CN=a+UID=b", "CN=a+UID=b"),
                arguments("CN=\\ x\\ ", "CN=\\ x\\ "),
                arguments("CN=alice\\00", "CN=alice\\00"),
                // control characters are written as hex, so a DN in a log line cannot break or fake the line
                arguments("CN=alice\\0a.evil\\1f\\7f", "CN=alice\\0a.evil\\1f\\7f"),
                arguments("CN=\\#x", "CN=\\#x"),
                arguments("/C=US/CN=bob", "CN=bob,C=US"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("toStringForms")
    void toStringIsCanonicalRfc4514(String text, String expected) throws DnParseException {
        assertEquals(expected, DistinguishedName.parse(text).toString(), "toString of " + text);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("rfc4514Accepted")
    void toStringParsesBackToTheSameDn(String text, List<String> expected) throws DnParseException {
        DistinguishedName dn = DistinguishedName.parse(text);
        assertEquals(dn, DistinguishedName.parse(dn.toString()), "round trip of " + text + " via " + dn);
    }

    // ---------------------------------------------------------------------------------------------------
    // OpenSSL legacy one-line form
    // ---------------------------------------------------------------------------------------------------

    static Stream<Arguments> openSslAccepted() {
        return Stream.of(
                arguments("/C=US/ST=Florida/L=Orlando/O=CLIENT NAME/CN=CLIENT NAME",
                        List.of("CN=CLIENT NAME", "O=CLIENT NAME", "L=Orlando", "ST=Florida", "C=US")),
                arguments("/CN=alice", List.of("CN=alice")),
                arguments("/O=Example/OU=ops/CN=alice", List.of("CN=alice", "OU=ops", "O=Example")),
                arguments("/emailAddress=a@example.com/CN=alice",
                        List.of("CN=alice", "EMAILADDRESS=a@example.com")),
                arguments("/CN=Jos\\xC3\\xA9", List.of("CN=Jos\u00e9")),
                arguments("/CN=Jos\\xc3\\xa9", List.of("CN=Jos\u00e9")),
                arguments("/CN=\\X41\\x42", List.of("CN=AB")),
                // not a whole \xHH escape: OpenSSL never writes one, so the text stands as it is
                arguments("/CN=a\\x4", List.of("CN=a\\x4")),
                arguments("/CN=a\\x4/O=x", List.of("O=x", "CN=a\\x4")),
                arguments("/CN=\\xE2\\x82\\xAC100", List.of("CN=\u20ac100")),
                // OpenSSL does not escape these, so they are literal here
                arguments("/CN=a,b+c=d", List.of("CN=a,b+c=d")),
                arguments("/CN=back\\slash", List.of("CN=back\\slash")),
                arguments("/CN=", List.of("CN=")),
                arguments("/CN=a b ", List.of("CN=a b ")),
                arguments("/CN=alice\\x00.evil", List.of("CN=alice\u0000.evil")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("openSslAccepted")
    void openSslLegacyFormParsesToRdnsInRfc4514Order(String text, List<String> expected) throws DnParseException {
        assertRdns(expected, DistinguishedName.parseOpenSslLegacy(text), text);
        assertRdns(expected, DistinguishedName.parse(text), text);
    }

    static Stream<Arguments> openSslRejected() {
        return Stream.of(
                arguments("empty", ""),
                arguments("only a slash", "/"),
                arguments("does not start with a slash", "CN=alice"),
                arguments("component without '='", "/C=US/Florida/CN=alice"),
                arguments("empty component", "/C=US//CN=alice"),
                arguments("trailing slash", "/C=US/CN=alice/"),
                arguments("empty type", "/=alice"),
                arguments("bad type", "/C N=alice"),
                arguments("raw NUL", "/CN=alice\u0000.evil"),
                arguments("overlong UTF-8", "/CN=\\xC0\\xAF"),
                arguments("truncated UTF-8", "/CN=Jos\\xC3"),
                arguments("lone continuation byte", "/CN=\\xA9"));
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("openSslRejected")
    void openSslLegacyFormRejects(String why, String text) {
        assertRejected(text, () -> DistinguishedName.parseOpenSslLegacy(text));
    }

    @Test
    void parseChoosesTheFormByTheLeadingSlash() throws DnParseException {
        assertEquals(DistinguishedName.parse("CN=alice,O=Example"), DistinguishedName.parse("/O=Example/CN=alice"),
                "both forms of the same name parse to equal values");
    }

    // ---------------------------------------------------------------------------------------------------
    // Agreement with the JDK
    // ---------------------------------------------------------------------------------------------------

    static Stream<X500Principal> jdkPrincipals() {
        return Stream.of(
                new X500Principal("CN=alice, OU=ops, O=Example, C=US"),
                new X500Principal("CN=Sales\\, Inc., O=\"quoted, value\", L=back\\\\slash"),
                new X500Principal("CN=a\\+b\\;c\\<d\\>e\\\"f, OU=x=y"),
                new X500Principal("CN=\\ leading and trailing\\ , O=\\#hash"),
                new X500Principal("CN=alice+UID=a1, OU=a+OU=b, DC=example, DC=com"),
                new X500Principal("CN=Jos\u00e9 M\u00fcller, O=\u65e5\u672c, L=\u20ac \uD83D\uDE00"),
                new X500Principal("CN=\u0430lice, STREET=1 Main St, ST=Florida"),
                new X500Principal("CN=alice\u0000.evil"),
                new X500Principal("CN=tab\there, O=CLIENT NAME"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("jdkPrincipals")
    void agreesWithJdkLdapNameOnRfc2253Output(X500Principal principal) throws Exception {
        String rfc2253 = principal.getName(X500Principal.RFC2253);
        List<String> ours = describe(DistinguishedName.parseRfc4514(rfc2253), true);
        List<String> jdk = describeWithLdapName(rfc2253);
        assertEquals(jdk, ours, "CertGate and javax.naming.ldap.LdapName disagree on " + rfc2253);
    }

    @Test
    void agreesWithJdkOnRawValueUnescaping() throws Exception {
        for (String escaped : List.of("Sales\\, Inc.", "Jos\\C3\\A9", "a\\+b\\\"c\\\\d", "\\ x\\ ", "\\#x",
                "a\\3Db", "\"quoted, value\"")) {
            String ours = DistinguishedName.parseRfc4514("CN=" + escaped).values("CN").get(0);
            assertEquals(javax.naming.ldap.Rdn.unescapeValue(escaped), ours, "unescaping " + escaped);
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Fuzz-ish: nothing but DnParseException ever escapes
    // ---------------------------------------------------------------------------------------------------

    private static final String DN_CHARACTERS = "CNOUcnou=,+;\"\\#<> /.0123456789aAbBcCdDeEfFxX\u0000\u00e9\t-";
    private static final String[] DN_FRAGMENTS = {
        "CN=", "OID.2.5.4.3=", "2.5.4.3=", "\\", "\\C3", "\\A9", "\\x", "\\xC3", "#", "#0c", "#1e", "#16",
        "#0c05616c696365", "#8203", "\"", ",", "+", " ", "/", "=", "\\00", "\\2C", "\\ ",
    };

    @Test
    void randomInputNeverThrowsAnythingButDnParseException() {
        Random random = new Random(4514);
        int accepted = 0;
        for (int i = 0; i < 5000; i++) {
            String text = randomDn(random);
            try {
                DistinguishedName dn = DistinguishedName.parse(text);
                dn.toString();
                dn.values("CN");
                accepted++;
            } catch (DnParseException expected) {
                // fine: refused with the one checked exception
            } catch (RuntimeException | Error e) {
                fail("parse(" + javaLiteral(text) + ") threw " + e, e);
            }
        }
        assertTrue(accepted > 50, "the generator should also produce some valid DNs, got " + accepted);
    }

    private static String randomDn(Random random) {
        StringBuilder text = new StringBuilder();
        if (random.nextInt(4) == 0) {
            text.append('/');
        }
        int parts = 1 + random.nextInt(12);
        for (int p = 0; p < parts; p++) {
            if (random.nextBoolean()) {
                text.append(DN_FRAGMENTS[random.nextInt(DN_FRAGMENTS.length)]);
            } else {
                int length = 1 + random.nextInt(6);
                for (int c = 0; c < length; c++) {
                    text.append(DN_CHARACTERS.charAt(random.nextInt(DN_CHARACTERS.length())));
                }
            }
        }
        return text.toString();
    }

    // ---------------------------------------------------------------------------------------------------
    // helpers
    // ---------------------------------------------------------------------------------------------------

    private interface Parse {
        DistinguishedName run() throws Exception;
    }

    private static void assertRejected(String text, Parse parse) {
        try {
            DistinguishedName dn = parse.run();
            fail("expected DnParseException for " + javaLiteral(text) + " but parsed " + describe(dn, false));
        } catch (DnParseException expected) {
            String message = expected.getMessage();
            assertTrue(message != null && !message.isBlank(), "DnParseException needs a message");
            if (text != null && text.length() > 40) {
                assertTrue(!message.contains(text), "the message must not echo the whole (network) input");
            }
        } catch (Exception e) {
            fail("expected DnParseException for " + javaLiteral(text) + " but got " + e, e);
        }
    }

    private static void assertRdns(List<String> expected, DistinguishedName dn, String text) {
        assertEquals(expected, describe(dn, false), "RDNs of " + javaLiteral(text));
    }

    /** One string per RDN: {@code TYPE=value+TYPE=value}, values raw; optionally sorted within the RDN. */
    static List<String> describe(DistinguishedName dn, boolean sortWithinRdn) {
        List<String> rdns = new ArrayList<>();
        for (Rdn rdn : dn.rdns()) {
            List<String> attributes = new ArrayList<>();
            for (AttributeTypeAndValue attribute : rdn.attributes()) {
                attributes.add(attribute.type() + "=" + attribute.value());
            }
            if (sortWithinRdn) {
                Collections.sort(attributes);
            }
            rdns.add(String.join("+", attributes));
        }
        return rdns;
    }

    /** The same description from the JDK's LDAP name parser, in RFC 4514 order (LdapName stores it reversed). */
    private static List<String> describeWithLdapName(String rfc2253) throws InvalidNameException, NamingException {
        List<String> rdns = new ArrayList<>();
        for (javax.naming.ldap.Rdn rdn : new LdapName(rfc2253).getRdns()) {
            List<String> attributes = new ArrayList<>();
            NamingEnumeration<? extends Attribute> all = rdn.toAttributes().getAll();
            while (all.hasMore()) {
                Attribute attribute = all.next();
                NamingEnumeration<?> values = attribute.getAll();
                while (values.hasMore()) {
                    Object value = values.next();
                    assertTrue(value instanceof String, "the JDK gave a non-string value for " + attribute.getID());
                    attributes.add(attribute.getID().toUpperCase(Locale.ROOT) + "=" + value);
                }
            }
            Collections.sort(attributes);
            rdns.add(String.join("+", attributes));
        }
        Collections.reverse(rdns);
        return rdns;
    }

    private static String attributes(int count, String separator) {
        List<String> attributes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            attributes.add("OU=u" + i);
        }
        return String.join(separator, attributes);
    }

    static String javaLiteral(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
