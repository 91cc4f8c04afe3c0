package io.certgate.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.certgate.identity.ClientIdentity;

/**
 * The whole access policy: CN allowlist, per-path rules and roles, compiled once.
 *
 * <p>Deciding is two steps so that open paths never pay for reading a certificate:
 * {@link #rulesFor} finds the rules that apply to a request, and, unless all are {@code open},
 * {@link #authorize} checks the client's identity against each of them. Every rule must allow.
 *
 * <p>The policy knows nothing of servlets or of where a certificate came from: a rule means the same over
 * direct TLS and behind a proxy.
 */
public final class Policy {
    private final Set<String> allowedCommonNames;
    private final PathRules rules;
    /** The same rules with lower-cased patterns, for the case-insensitive reading of a path. */
    private final PathRules foldedRules;
    private final Roles roles;

    Policy(Set<String> allowedCommonNames, List<Rule> rules, Roles roles) {
        this.allowedCommonNames = Set.copyOf(allowedCommonNames);
        this.rules = new PathRules(rules);
        this.foldedRules = new PathRules(rules.stream().map(Policy::foldCase).toList());
        this.roles = roles;
    }

    public Roles roles() {
        return roles;
    }

    /** Whether the {@code allowed-cns} list is empty, so that {@code allowlist} rules deny everyone. */
    public boolean allowlistEmpty() {
        return allowedCommonNames.isEmpty();
    }

    /**
     * The rules that apply to a request. Each candidate path is matched as written and, because some
     * servers and frameworks map paths ignoring case, also lower-cased against the lower-cased patterns.
     * A {@code HEAD} request is also checked as {@code GET}, because servlets answer {@code HEAD} by
     * running {@code doGet}.
     *
     * @param paths the context-relative paths the request may be resolved to (at least one)
     * @param method the HTTP method
     */
    public List<Rule> rulesFor(List<String> paths, String method) {
        List<Rule> applicable = new ArrayList<>(paths.size());
        for (String path : paths) {
            String folded = path.toLowerCase(Locale.ROOT);
            applicable.add(rules.match(path, method));
            applicable.add(foldedRules.match(folded, method));
            if (method.equals("HEAD")) {
                applicable.add(rules.match(path, "GET"));
                applicable.add(foldedRules.match(folded, "GET"));
            }
        }
        return applicable;
    }

    /** The rules as written, in line order. */
    public List<Rule> rules() {
        return rules.rules();
    }

    /**
     * The rules {@link #rulesFor} can never return, for any path or method: shadowed, as the path is
     * written and as it is read lower-cased, by a pattern that always answers first. For a configuration
     * check; never called per request.
     */
    public List<UnreachableRule> unreachableRules() {
        Set<Integer> hiddenWhenFolded = new HashSet<>();
        for (UnreachableRule folded : foldedRules.unreachable()) {
            hiddenWhenFolded.add(folded.rule().line());
        }
        List<UnreachableRule> unreachable = new ArrayList<>();
        for (UnreachableRule asWritten : rules.unreachable()) {
            if (hiddenWhenFolded.contains(asWritten.rule().line())) {
                unreachable.add(asWritten);
            }
        }
        unreachable.sort(Comparator.comparingInt(hidden -> hidden.rule().line()));
        return unreachable;
    }

    private static Rule foldCase(Rule rule) {
        UrlPattern folded = UrlPattern.parse(rule.pattern().toString().toLowerCase(Locale.ROOT));
        return new Rule(folded, rule.methods(), rule.access(), rule.line(), rule.text());
    }

    /**
     * Why the identity cannot be used at all (dates, several CNs, a CN with control characters), or null if
     * it can; a missing CN is not counted here, since rules on other fields may still grant access.
     */
    public ReasonCode identityProblem(ClientIdentity identity, Instant now) {
        return IdentityCheck.problem(identity, now, false);
    }

    /** Whether every rule is {@code open}, so no certificate is needed. */
    public static boolean allOpen(List<Rule> rules) {
        for (Rule rule : rules) {
            if (!rule.isOpen()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks an identity against every rule.
     *
     * @param rules from {@link #rulesFor}
     * @param identity the client, or null when it presented no certificate
     * @param now the time to check validity dates against
     */
    public Decision authorize(List<Rule> rules, ClientIdentity identity, Instant now) {
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("no rules to check: rulesFor always returns at least one");
        }
        Decision allowed = null;
        for (Rule rule : rules) {
            Decision decision = authorize(rule, identity, now);
            if (!decision.allowed()) {
                return decision;
            }
            if (allowed == null || allowed.reason() == ReasonCode.OPEN_PATH) {
                allowed = decision;
            }
        }
        return allowed;
    }

    private Decision authorize(Rule rule, ClientIdentity identity, Instant now) {
        Access access = rule.access();
        if (access instanceof Access.Open) {
            return Decision.allow(ReasonCode.OPEN_PATH, rule);
        }
        if (access instanceof Access.Deny deny) {
            return Decision.deny(deny.reason(), rule);
        }
        if (identity == null) {
            return Decision.deny(ReasonCode.NO_CERTIFICATE, rule);
        }
        boolean needsCommonName = !(access instanceof Access.Matching matching) || matching.needsCommonName();
        ReasonCode unusable = IdentityCheck.problem(identity, now, needsCommonName);
        if (unusable != null) {
            return Decision.deny(unusable, rule);
        }
        boolean granted;
        if (access instanceof Access.AnyCertificate) {
            granted = true;
        } else if (access instanceof Access.Allowlist) {
            granted = allowedCommonNames.contains(identity.commonName());
        } else if (access instanceof Access.Matching matching) {
            granted = matching.matches(identity);
        } else {
            throw new AssertionError(access);
        }
        return granted ? Decision.allow(ReasonCode.ALLOWED, rule) : Decision.deny(ReasonCode.CN_NOT_ALLOWED, rule);
    }
}
