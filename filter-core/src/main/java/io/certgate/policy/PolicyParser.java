package io.certgate.policy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.certgate.config.ConfigException;
import io.certgate.identity.DistinguishedName;
import io.certgate.identity.DnParseException;
import io.certgate.identity.SubjectAltName;
import io.certgate.net.IpRange;
import io.certgate.verdict.ReasonCode;

/**
 * Reads the policy init-params ({@code allowed-cns}, {@code rules}, {@code roles}) into a {@link Policy}.
 *
 * <p>Every mistake is an error naming the parameter and line; nothing is skipped, so a typo never leaves
 * a path weaker than written.
 *
 * <pre>
 * allowed-cns = alice, bob
 * rules       = /unprotected/*   open
 *               /admin/*         cn:alice
 *               /ops/*           ou:ops &amp; cn:carol,dave
 *               /api/*           san-uri:spiffe://example.org/ns/prod/*
 *               /agents/*        san-ip:10.1.0.0/16 &amp; policy:1.3.6.1.4.1.99.1
 *               /reports/* GET   any
 * roles       = admin=alice; ops=ou:platform &amp; issuer:CN=Corp CA; reader=san-uri:spiffe://example.org/ns/prod/*
 * </pre>
 */
public final class PolicyParser {
    public static final String ALLOWED_CNS = "allowed-cns";
    public static final String RULES = "rules";
    public static final String ROLES = "roles";

    private PolicyParser() {
    }

    /**
     * Parses the three parameters; a null parameter counts as empty.
     *
     * @throws ConfigException naming the parameter, line and fix
     */
    public static Policy parse(String allowedCns, String rules, String roles) throws ConfigException {
        Set<String> allowed = nameList(ALLOWED_CNS, 0, allowedCns == null ? "" : allowedCns, true);
        return new Policy(allowed, rules(rules == null ? "" : rules), roles(roles == null ? "" : roles));
    }

    static List<Rule> rules(String text) throws ConfigException {
        List<Rule> rules = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int hash = lines[i].indexOf('#');
            String line = (hash >= 0 ? lines[i].substring(0, hash) : lines[i]).strip();
            if (line.isEmpty()) {
                continue;
            }
            Rule rule = rule(line, i + 1);
            for (String key : keys(rule)) {
                if (!seen.add(key)) {
                    throw new ConfigException(RULES, i + 1, "duplicate rule for " + key
                            + ": \"" + line + "\"; keep one rule per pattern and method (patterns are compared ignoring case)");
                }
            }
            rules.add(rule);
        }
        return rules;
    }

    private static List<String> keys(Rule rule) {
        if (rule.methods().isEmpty()) {
            return List.of(folded(rule) + " (all methods)");
        }
        return rule.methods().stream().map(method -> folded(rule) + " " + method).toList();
    }

    /** Patterns are compared ignoring case, because {@link Policy} also matches paths that way. */
    private static String folded(Rule rule) {
        return rule.pattern().toString().toLowerCase(Locale.ROOT);
    }

    private static Rule rule(String line, int number) throws ConfigException {
        String[] words = line.split("\\s+", 3);
        if (words.length < 2) {
            throw new ConfigException(RULES, number, "\"" + line
                    + "\" has no access; write \"<url-pattern> [METHODS] <access>\", e.g. \"/admin/* cn:alice\"");
        }
        UrlPattern pattern;
        try {
            pattern = UrlPattern.parse(words[0]);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(RULES, number, e.getMessage());
        }
        Set<String> methods = Set.of();
        String accessText = line.substring(words[0].length()).strip();
        if (words.length == 3 && isMethodList(words[1])) {
            methods = methods(words[1], number);
            accessText = accessText.substring(words[1].length()).strip();
        }
        return new Rule(pattern, methods, access(accessText, number), number, line);
    }

    /** Methods are upper case; access words are lower case, so the two never look alike. */
    private static boolean isMethodList(String word) {
        return !word.isEmpty() && Character.isUpperCase(word.charAt(0));
    }

    private static Set<String> methods(String word, int number) throws ConfigException {
        Set<String> methods = new LinkedHashSet<>();
        for (String method : word.split(",", -1)) {
            if (method.isEmpty() || !method.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || c == '-' || c == '_')) {
                throw new ConfigException(RULES, number, "bad method list \"" + word
                        + "\"; write upper-case methods separated by commas, e.g. \"GET,HEAD\"");
            }
            if (!methods.add(method)) {
                throw new ConfigException(RULES, number, "method " + method + " listed twice in \"" + word + "\"");
            }
        }
        return methods;
    }

    private static Access access(String text, int number) throws ConfigException {
        switch (text) {
            case "open":
                return new Access.Open();
            case "any":
                return new Access.AnyCertificate();
            case "allowlist":
                return new Access.Allowlist();
            case "deny":
                return new Access.Deny(ReasonCode.RULE_DENY);
            default:
                return matching(RULES, text, number);
        }
    }

    /** {@code field:value[,value...]} tests joined with {@code &}. */
    private static Access.Matching matching(String parameter, String text, int number) throws ConfigException {
        List<IdentityMatcher> matchers = new ArrayList<>();
        for (String part : text.split("&", -1)) {
            String test = part.strip();
            int colon = test.indexOf(':');
            String field = colon < 0 ? "" : test.substring(0, colon).strip();
            String value = colon < 0 ? "" : test.substring(colon + 1);
            matchers.add(matcher(parameter, text, field, value, number));
        }
        return new Access.Matching(matchers);
    }

    private static IdentityMatcher matcher(String parameter, String text, String field, String value, int number)
            throws ConfigException {
        switch (field) {
            case "cn":
                return new IdentityMatcher.CommonNameIn(nameList(parameter, number, value, false));
            case "o":
                return new IdentityMatcher.SubjectAttributeIn("O", nameList(parameter, number, value, false));
            case "ou":
                return new IdentityMatcher.SubjectAttributeIn("OU", nameList(parameter, number, value, false));
            case "san-dns":
                return new IdentityMatcher.SubjectAltNameIn(SubjectAltName.Type.DNS, nameList(parameter, number, value, false));
            case "san-email":
                return new IdentityMatcher.SubjectAltNameIn(SubjectAltName.Type.EMAIL, nameList(parameter, number, value, false));
            case "san-uri":
                return uris(parameter, number, nameList(parameter, number, value, false));
            case "san-ip":
                List<IpRange> ranges = new ArrayList<>();
                for (String block : nameList(parameter, number, value, false)) {
                    try {
                        ranges.add(IpRange.parse(block));
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(parameter, number, "san-ip: " + e.getMessage());
                    }
                }
                return new IdentityMatcher.IpIn(ranges);
            case "upn":
                return new IdentityMatcher.SubjectAltNameIn(SubjectAltName.Type.UPN, nameList(parameter, number, value, false));
            case "spki":
                return new IdentityMatcher.SpkiIn(hexList(parameter, number, value, true));
            case "policy":
                Set<String> oids = nameList(parameter, number, value, false);
                for (String oid : oids) {
                    if (!isOid(oid)) {
                        throw new ConfigException(parameter, number, "\"" + oid + "\" is not a policy OID; write it"
                                + " dotted, without leading zeros, e.g. policy:2.23.140.1.2.1");
                    }
                }
                return new IdentityMatcher.PolicyIn(oids);
            case "issuer":
                try {
                    return new IdentityMatcher.IssuerIs(DistinguishedName.parse(value.strip()));
                } catch (DnParseException e) {
                    throw new ConfigException(parameter, number, "issuer DN \"" + value.strip() + "\" does not parse: "
                            + e.getMessage() + "; write it as RFC 4514, e.g. issuer:CN=Example CA,O=Example");
                }
            case "fingerprint":
                return new IdentityMatcher.FingerprintIn(hexList(parameter, number, value, true));
            case "serial":
                Set<BigInteger> serials = new LinkedHashSet<>();
                for (String hex : hexList(parameter, number, value, false)) {
                    serials.add(new BigInteger(hex, 16));
                }
                return new IdentityMatcher.SerialIn(serials);
            default:
                throw new ConfigException(parameter, number, "unknown " + (parameter.equals(ROLES) ? "role test" : "access")
                        + " \"" + text.strip() + "\"; use " + (parameter.equals(ROLES) ? "a CN list, or" : "open, any, allowlist, deny, or")
                        + " field tests joined with '&' on cn:, o:, ou:,"
                        + " san-dns:, san-email:, san-uri:, san-ip:, upn:, issuer:, fingerprint:, spki:, serial:,"
                        + " policy: (e.g. \"ou:ops & cn:carol\")");
        }
    }

    /** Exact URIs, and prefixes written {@code <uri>/*} that match whole path segments below them. */
    private static IdentityMatcher uris(String parameter, int number, Set<String> values) throws ConfigException {
        Set<String> exact = new LinkedHashSet<>();
        Set<String> bases = new LinkedHashSet<>();
        for (String uri : values) {
            boolean prefix = uri.endsWith("/*");
            String base = prefix ? uri.substring(0, uri.length() - 1) : uri;
            int scheme = base.indexOf("://");
            if (base.indexOf('*') >= 0 || (prefix && (scheme <= 0 || base.length() == scheme + 4
                    || base.endsWith("//") || base.indexOf('?') >= 0 || base.indexOf('#') >= 0))) {
                throw new ConfigException(parameter, number, "bad san-uri \"" + uri + "\": '*' may only end a URI as"
                        + " \"/*\", after a scheme, an authority and whole path segments without a query or fragment,"
                        + " e.g. san-uri:spiffe://example.org/ns/prod/*");
            }
            (prefix ? bases : exact).add(base);
        }
        return bases.isEmpty() ? new IdentityMatcher.SubjectAltNameIn(SubjectAltName.Type.URI, exact)
                : new IdentityMatcher.UriIn(exact, bases);
    }

    /** A dotted OID: two or more arcs of digits without leading zeros, the first 0, 1 or 2, bounded in length. */
    private static boolean isOid(String text) {
        if (text.length() > 200) {
            return false;
        }
        String[] arcs = text.split("\\.", -1);
        if (arcs.length < 2) {
            return false;
        }
        for (String arc : arcs) {
            if (arc.isEmpty() || arc.length() > 40 || (arc.length() > 1 && arc.charAt(0) == '0')
                    || !arc.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
        }
        // Under 0 and 1 the second arc is below 40: DER packs the first two arcs as 40 * first + second.
        return arcs[0].length() == 1 && arcs[0].charAt(0) <= '2'
                && (arcs[0].equals("2") || arcs[1].length() == 1 || (arcs[1].length() == 2 && Integer.parseInt(arcs[1]) < 40));
    }

    /** Hex values with optional colons; a fingerprint must be a whole SHA-256 (64 hex digits). */
    private static Set<String> hexList(String parameter, int number, String text, boolean sha256) throws ConfigException {
        Set<String> values = new LinkedHashSet<>();
        for (String entry : nameList(parameter, number, text, false)) {
            String hex = entry.replace(":", "").toLowerCase(Locale.ROOT);
            if (hex.startsWith("0x")) {
                hex = hex.substring(2);
            }
            boolean valid = !hex.isEmpty() && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)
                    && (!sha256 || hex.length() == 64);
            if (!valid) {
                throw new ConfigException(parameter, number, "\"" + entry + "\" is not "
                        + (sha256 ? "a SHA-256 fingerprint (64 hex digits, colons allowed)" : "a hex serial number"));
            }
            values.add(hex);
        }
        return values;
    }

    /** The field names a test may start with, so that a role entry holding one is read as an expression. */
    private static final Set<String> FIELDS = Set.of("cn", "o", "ou", "san-dns", "san-email", "san-uri", "san-ip", "upn",
            "issuer", "fingerprint", "spki", "serial", "policy");

    /**
     * {@code ROLE=VALUE} entries separated by {@code ;}. A value whose {@code &}-separated parts start with a
     * field name and a colon ({@code ou:platform & issuer:CN=Corp CA}) is an expression of the rule language;
     * any other is a CN list ({@code alice,bob}), read as {@code cn:alice,bob}. A role may have several entries;
     * any of them grants it.
     */
    private static Roles roles(String text) throws ConfigException {
        List<RoleGrant> grants = new ArrayList<>();
        if (text.isBlank()) {
            return Roles.none();
        }
        for (String entry : text.split(";", -1)) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            String role = equals < 0 ? "" : entry.substring(0, equals).strip();
            if (role.isEmpty() || role.codePoints().anyMatch(Character::isISOControl)) {
                throw new ConfigException(ROLES, 0, "\"" + entry.strip() + "\" is not ROLE=CN[,CN...] or ROLE=EXPRESSION;"
                        + " write e.g. \"admin=alice,bob; ops=ou:platform & o:Example\"");
            }
            String value = entry.substring(equals + 1);
            Access.Matching expression = isExpression(value) ? matching(ROLES, value, 0)
                    : new Access.Matching(List.of(new IdentityMatcher.CommonNameIn(nameList(ROLES, 0, value, false))));
            grants.add(new RoleGrant(role, expression, value.strip()));
        }
        return new Roles(grants);
    }

    /** Whether some {@code &}-separated part of a role's value starts with a field name and a colon. */
    private static boolean isExpression(String value) {
        for (String part : value.split("&", -1)) {
            int colon = part.indexOf(':');
            if (colon > 0 && FIELDS.contains(part.substring(0, colon).strip())) {
                return true;
            }
        }
        return false;
    }

    /** A comma-separated CN list; entries are trimmed and none may be empty. */
    private static Set<String> nameList(String parameter, int line, String text, boolean mayBeEmpty)
            throws ConfigException {
        Set<String> names = new LinkedHashSet<>();
        if (text.isBlank()) {
            if (mayBeEmpty) {
                return names;
            }
            throw new ConfigException(parameter, line, "empty CN list; name at least one CN");
        }
        for (String name : text.split(",", -1)) {
            String trimmed = name.strip();
            if (trimmed.isEmpty()) {
                throw new ConfigException(parameter, line, "empty CN in \"" + text.strip()
                        + "\"; remove the extra comma");
            }
            if (trimmed.codePoints().anyMatch(Character::isISOControl)) {
                throw new ConfigException(parameter, line, "control character in CN \"" + trimmed + "\"");
            }
            names.add(trimmed);
        }
        return names;
    }
}
