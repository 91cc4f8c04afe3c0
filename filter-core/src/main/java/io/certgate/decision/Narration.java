package io.certgate.decision;

import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.certgate.identity.ClientIdentity;
import io.certgate.identity.SubjectAltName;
import io.certgate.policy.Access;
import io.certgate.policy.IdentityMatcher;
import io.certgate.policy.Policy;
import io.certgate.policy.RoleGrant;
import io.certgate.policy.Roles;
import io.certgate.policy.Rule;
import io.certgate.verdict.Denial;
import io.certgate.verdict.Identified;
import io.certgate.verdict.ReasonCode;
import io.certgate.verdict.Verdict;

/**
 * The text a {@link Gate} reports to an observer: what each step looked at and found. Only called when
 * someone observes, so none of this runs on the request path.
 */
final class Narration {
    static final String NO_TRUSTED_CA = "trusted-ca: not configured; the container's TLS handshake (or the proxy)"
            + " is trusted to have verified the chain";

    private Narration() {
    }

    /** Reports a failed certificate check and returns its denial. */
    static Denial failed(GateObserver observer, String check, Denial denial) {
        if (observer != GateObserver.NONE) {
            observer.check(GateObserver.Result.FAIL, check + denial.detail() + " (reason " + denial.reason().code()
                    + ")");
        }
        return denial;
    }

    static void nothingToValidate(Verdict presented, GateObserver observer) {
        if (presented instanceof Denial unreadable) {
            observer.check(GateObserver.Result.FAIL, "certificate: unreadable (reason " + unreadable.reason().code()
                    + ")");
        } else {
            observer.check(GateObserver.Result.SKIP, "certificate checks: no certificate");
        }
    }

    static void pathReadings(Policy policy, List<String> paths, String method, GateObserver observer) {
        List<GateObserver.PathReading> readings = new ArrayList<>(paths.size());
        for (String path : paths) {
            readings.add(new GateObserver.PathReading(path,
                    policy.rulePerReading(path, method).stream().map(Rule::describe).toList()));
        }
        observer.pathReadings(readings);
    }

    /** The checks the policy makes on the identity before any access test, one line each. */
    static void identityChecks(Policy policy, Verdict checked, Instant now, GateObserver observer) {
        if (!(checked instanceof Identified identified)) {
            return;
        }
        ClientIdentity identity = identified.identity();
        if (identity.notBefore() == null || identity.notAfter() == null) {
            observer.check(GateObserver.Result.SKIP, "validity dates: unknown, only a DN was given");
        } else if (now.isBefore(identity.notBefore())) {
            observer.check(GateObserver.Result.FAIL, "validity dates: not valid before " + identity.notBefore()
                    + " (reason not-yet-valid)");
        } else if (now.isAfter(identity.notAfter())) {
            observer.check(GateObserver.Result.FAIL, "validity dates: expired at " + identity.notAfter()
                    + " (reason expired)");
        } else {
            observer.check(GateObserver.Result.PASS, "validity dates: " + now + " is within " + identity.notBefore()
                    + " to " + identity.notAfter());
        }
        List<String> names = identity.commonNames();
        if (names.size() > 1) {
            observer.check(GateObserver.Result.FAIL, "CN: " + names.size() + " CNs " + names
                    + "; exactly one is needed (reason multiple-cn)");
        } else if (names.isEmpty() || names.get(0).isEmpty()) {
            observer.check(GateObserver.Result.NOTE, "CN: none; rules that read the CN (any, allowlist, cn:) deny"
                    + " it (reason no-cn), rules on other fields may still allow it");
        } else {
            // The same identity without dates, so that only the CN checks can answer.
            ClientIdentity undated = ClientIdentity.ofSubject(identity.subject());
            if (policy.identityProblem(undated, now) == null) {
                observer.check(GateObserver.Result.PASS, "CN: exactly one, \"" + names.get(0)
                        + "\", without control or invisible characters");
            } else {
                observer.check(GateObserver.Result.FAIL, "CN: \"" + escape(names.get(0))
                        + "\" holds control or invisible formatting characters (reason cn-control-characters)");
            }
        }
    }

    /** The name the application will see, and where it comes from. */
    static void named(String name, String from, GateObserver observer) {
        observer.check(GateObserver.Result.PASS, "principal: the application sees the client as \"" + escape(name)
                + "\" (" + from + ")");
    }

    /** Each {@code roles} entry and whether it grants its role to the identity, with the values it compared. */
    static void roles(Roles roles, ClientIdentity identity, GateObserver observer) {
        if (roles.grants().isEmpty()) {
            observer.check(GateObserver.Result.SKIP, "roles: not configured");
            return;
        }
        for (RoleGrant grant : roles.grants()) {
            boolean held = grant.matches(identity);
            List<String> tests = new ArrayList<>();
            for (IdentityMatcher matcher : grant.expression().all()) {
                tests.add(matcher + " " + (matcher.matches(identity) ? "matches" : "does not match") + " "
                        + actual(matcher, identity));
            }
            observer.check(GateObserver.Result.NOTE, "role " + grant.role() + (held ? " held" : " not held") + ": "
                    + String.join("; ", tests));
        }
    }

    /** Each distinct rule's access test on the identity. */
    static void accessTests(Policy policy, List<Rule> rules, Verdict checked, Instant now, GateObserver observer) {
        ClientIdentity identity = checked instanceof Identified identified ? identified.identity() : null;
        Map<String, Rule> distinct = new LinkedHashMap<>();
        for (Rule rule : rules) {
            distinct.putIfAbsent(rule.describe(), rule);
        }
        boolean allOpen = Policy.allOpen(rules);
        for (Rule rule : distinct.values()) {
            Denial denial = allOpen ? null : policy.denial(List.of(rule), identity, now);
            observer.check(denial == null ? GateObserver.Result.PASS : GateObserver.Result.FAIL,
                    rule.describe() + ": " + accessTest(rule, denial, identity));
        }
    }

    private static String accessTest(Rule rule, Denial denial, ClientIdentity identity) {
        Access access = rule.access();
        if (access instanceof Access.Open) {
            return "open, no certificate needed";
        }
        if (access instanceof Access.Deny deny) {
            return deny.reason() == ReasonCode.METHOD_NOT_COVERED
                    ? "the pattern has rules, but none for this method (reason method-not-covered)"
                    : "deny, nobody gets through (reason " + deny.reason().code() + ")";
        }
        ReasonCode reason = denial == null ? ReasonCode.ALLOWED : denial.reason();
        if (reason != ReasonCode.ALLOWED && reason != ReasonCode.CN_NOT_ALLOWED) {
            return access + ": " + (identity == null ? "no certificate" : "the identity is unusable for this rule")
                    + " (reason " + reason.code() + ")";
        }
        String outcome = " (reason " + reason.code() + ")";
        if (access instanceof Access.AnyCertificate) {
            return "any valid certificate" + outcome;
        }
        if (access instanceof Access.Allowlist) {
            return "allowlist: CN \"" + identity.commonName() + "\" is " + (denial == null ? "" : "not ")
                    + "in allowed-cns" + outcome;
        }
        Access.Matching matching = (Access.Matching) access;
        List<String> tests = new ArrayList<>();
        for (IdentityMatcher matcher : matching.all()) {
            tests.add(matcher + " " + (matcher.matches(identity) ? "matches" : "does not match") + " "
                    + actual(matcher, identity));
        }
        return String.join("; ", tests) + outcome;
    }

    /** The identity's value a matcher compared, for the explanation. */
    private static String actual(IdentityMatcher matcher, ClientIdentity identity) {
        if (matcher instanceof IdentityMatcher.CommonNameIn) {
            return "CN " + quoted(identity.commonNames());
        }
        if (matcher instanceof IdentityMatcher.SubjectAttributeIn attribute) {
            return attribute.type() + " " + quoted(identity.subject().values(attribute.type()));
        }
        if (matcher instanceof IdentityMatcher.SubjectAltNameIn san) {
            return sanValues(san.type(), identity);
        }
        if (matcher instanceof IdentityMatcher.UriIn) {
            return sanValues(SubjectAltName.Type.URI, identity);
        }
        if (matcher instanceof IdentityMatcher.IpIn) {
            return "SAN IP " + (identity.certificate() == null ? "(unknown, only a DN was given)"
                    : quoted(identity.ipAddresses().stream().map(InetAddress::getHostAddress).toList()));
        }
        if (matcher instanceof IdentityMatcher.SpkiIn) {
            return "public key SHA-256 " + (identity.spkiSha256() == null ? "(unknown)" : identity.spkiSha256());
        }
        if (matcher instanceof IdentityMatcher.PolicyIn) {
            return "certificate policies " + (identity.certificate() == null ? "(unknown, only a DN was given)"
                    : quoted(identity.certificatePolicies()));
        }
        if (matcher instanceof IdentityMatcher.IssuerIs) {
            return "issuer " + (identity.issuer() == null ? "(unknown)" : "\"" + identity.issuer() + "\"");
        }
        if (matcher instanceof IdentityMatcher.FingerprintIn) {
            return "SHA-256 " + (identity.sha256Fingerprint() == null ? "(unknown)" : identity.sha256Fingerprint());
        }
        BigInteger serial = identity.serialNumber();
        return "serial " + (serial == null ? "(unknown)" : serial.toString(16));
    }

    private static String sanValues(SubjectAltName.Type type, ClientIdentity identity) {
        return "SAN " + type + " " + quoted(identity.subjectAltNames().stream()
                .filter(name -> name.type() == type).map(SubjectAltName::value).toList());
    }

    private static String quoted(List<String> values) {
        return values.isEmpty() ? "(none)" : values.stream().map(value -> "\"" + escape(value) + "\"")
                .collect(Collectors.joining(", "));
    }

    /** Control and invisible characters as {@code \\uXXXX}, so a terminal shows what is there. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                out.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
