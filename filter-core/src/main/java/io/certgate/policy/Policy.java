package io.certgate.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.certgate.identity.ClientIdentity;
import io.certgate.verdict.Denial;
import io.certgate.verdict.ReasonCode;

/**
 * The whole access policy: CN allowlist, per-path rules and roles, compiled once.
 *
 * <p>Deciding is two steps, so that a path whose rules are all {@code open} needs no certificate:
 * {@link #rulesFor} finds the rules that apply to a request, and, unless all are {@code open},
 * {@link #authorize} checks the client's identity against each of them. Every rule must allow. The request
 * path asks {@link #denial} instead, which answers the same without allocating when it allows.
 *
 * <p>The policy knows nothing of servlets or of where a certificate came from: a rule means the same over
 * direct TLS and behind a proxy.
 */
public final class Policy {
    private final Set<String> allowedCommonNames;
    private final PathRules rules;
    /** The same rules matched by lower-cased patterns, for the case-insensitive reading of a path. */
    private final PathRules foldedRules;
    private final boolean patternsHaveUpperCase;
    private final Roles roles;

    Policy(Set<String> allowedCommonNames, List<Rule> rules, Roles roles) {
        this.allowedCommonNames = Set.copyOf(allowedCommonNames);
        this.rules = new PathRules(rules, false);
        this.foldedRules = new PathRules(rules, true);
        this.patternsHaveUpperCase = rules.stream()
                .anyMatch(rule -> !rule.pattern().toString().equals(rule.pattern().toString().toLowerCase(Locale.ROOT)));
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
     * The rules that apply to a request, each once. Each candidate path is matched as written and, because
     * some servers and frameworks map paths ignoring case, also lower-cased against the lower-cased
     * patterns. A {@code HEAD} request is also checked as {@code GET}, because servlets answer {@code HEAD}
     * by running {@code doGet}.
     *
     * @param paths the context-relative paths the request may be resolved to (at least one)
     * @param method the HTTP method
     */
    public List<Rule> rulesFor(List<String> paths, String method) {
        List<Rule> applicable = rulesFor(paths.get(0), method);
        for (int i = 1; i < paths.size(); i++) {
            applicable = union(applicable, rulesFor(paths.get(i), method));
        }
        return applicable;
    }

    /**
     * The rules that apply to a request with one candidate path, each once, as {@link #rulesFor(List, String)}
     * finds them. When every reading finds the same rule, as for almost every request, this allocates nothing.
     */
    public List<Rule> rulesFor(String path, String method) {
        // toLowerCase returns the path itself when it has no upper case; then, unless a pattern has upper
        // case, the lower-cased reading finds what the reading as written finds.
        String folded = path.toLowerCase(Locale.ROOT);
        boolean sameWhenFolded = !patternsHaveUpperCase && folded.equals(path);
        List<Rule> applicable = rules.match(path, method);
        if (!sameWhenFolded) {
            applicable = union(applicable, foldedRules.match(folded, method));
        }
        if (method.equals("HEAD")) {
            applicable = union(applicable, rules.match(path, "GET"));
            if (!sameWhenFolded) {
                applicable = union(applicable, foldedRules.match(folded, "GET"));
            }
        }
        return applicable;
    }

    /**
     * The rule each reading of one path finds, for explaining a decision: as written, lower-cased, and for
     * {@code HEAD} also both as {@code GET}, in that order. {@link #rulesFor} is the same rules, each once.
     */
    public List<Rule> rulePerReading(String path, String method) {
        String folded = path.toLowerCase(Locale.ROOT);
        List<Rule> readings = new ArrayList<>(4);
        readings.addAll(rules.match(path, method));
        readings.addAll(foldedRules.match(folded, method));
        if (method.equals("HEAD")) {
            readings.addAll(rules.match(path, "GET"));
            readings.addAll(foldedRules.match(folded, "GET"));
        }
        return List.copyOf(readings);
    }

    /**
     * The rules of {@code first}, then those only in {@code more}; {@code first} itself when it holds them all.
     * Indexed loops, not {@code containsAll}, so that the common case allocates no iterator.
     */
    private static List<Rule> union(List<Rule> first, List<Rule> more) {
        List<Rule> union = null;
        for (int i = 0; i < more.size(); i++) {
            Rule rule = more.get(i);
            if (!holds(first, rule) && (union == null || !union.contains(rule))) {
                if (union == null) {
                    union = new ArrayList<>(first);
                }
                union.add(rule);
            }
        }
        return union == null ? first : List.copyOf(union);
    }

    private static boolean holds(List<Rule> rules, Rule wanted) {
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (rule == wanted || rule.equals(wanted)) {
                return true;
            }
        }
        return false;
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

    /**
     * Why the identity cannot be used at all (dates, several CNs, a CN with control characters), or null if
     * it can; a missing CN is not counted here, since rules on other fields may still grant access.
     */
    public ReasonCode identityProblem(ClientIdentity identity, Instant now) {
        return IdentityCheck.problem(identity, identity.commonName(), now, false);
    }

    /** Whether every rule is {@code open}, so no certificate is needed. */
    public static boolean allOpen(List<Rule> rules) {
        for (int i = 0; i < rules.size(); i++) {
            if (!rules.get(i).isOpen()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The rule a denial names when the certificate was refused before any rule looked at it: the first that
     * needs one.
     *
     * @param rules from {@link #rulesFor}, not all {@code open}
     */
    public static Rule firstGuarded(List<Rule> rules) {
        for (int i = 0; i < rules.size(); i++) {
            if (!rules.get(i).isOpen()) {
                return rules.get(i);
            }
        }
        return rules.get(0);
    }

    /**
     * The rule an allowed request is allowed by: the first that checked the identity, or the first rule when
     * all are {@code open}.
     *
     * @param rules from {@link #rulesFor}, none of which refused the request
     */
    public static Rule allowedBy(List<Rule> rules) {
        return allOpen(rules) ? rules.get(0) : firstGuarded(rules);
    }

    /** The reason code of an allowance by {@code rules}: {@code open-path} when all are open, else {@code allowed}. */
    public static ReasonCode allowReason(List<Rule> rules) {
        return allOpen(rules) ? ReasonCode.OPEN_PATH : ReasonCode.ALLOWED;
    }

    /**
     * The denial of the first rule that refuses the identity, or null when every rule allows it. Allocates
     * nothing when it allows.
     *
     * @param rules from {@link #rulesFor}
     * @param identity the client, or null when it presented no certificate
     * @param now the time to check validity dates against
     */
    public Denial denial(List<Rule> rules, ClientIdentity identity, Instant now) {
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("no rules to check: rulesFor always returns at least one");
        }
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            ReasonCode refusal = refusal(rule, identity, now);
            if (refusal != null) {
                return new Denial(refusal, rule.describe(), null, null, false);
            }
        }
        return null;
    }

    /** Why the rule refuses the identity, or null when it allows it. */
    private ReasonCode refusal(Rule rule, ClientIdentity identity, Instant now) {
        Access access = rule.access();
        if (access instanceof Access.Open) {
            return null;
        }
        if (access instanceof Access.Deny deny) {
            return deny.reason();
        }
        if (identity == null) {
            return ReasonCode.NO_CERTIFICATE;
        }
        boolean needsCommonName = !(access instanceof Access.Matching matching) || matching.needsCommonName();
        // Found once for both uses: finding it walks the subject.
        String commonName = identity.commonName();
        ReasonCode unusable = IdentityCheck.problem(identity, commonName, now, needsCommonName);
        if (unusable != null) {
            return unusable;
        }
        boolean granted;
        if (access instanceof Access.AnyCertificate) {
            granted = true;
        } else if (access instanceof Access.Allowlist) {
            granted = allowedCommonNames.contains(commonName);
        } else if (access instanceof Access.Matching matching) {
            granted = matching.matches(identity);
        } else {
            throw new AssertionError(access);
        }
        return granted ? null : ReasonCode.CN_NOT_ALLOWED;
    }
}
