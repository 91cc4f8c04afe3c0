package io.certgate.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules, indexed by pattern in servlet precedence: exact, then the longest prefix, then extension,
 * then default, whatever the order of the lines.
 *
 * <p>The most specific pattern that matches the path decides alone. Among its rules, one that lists the
 * method wins over one without methods (a {@code GET} rule also covers {@code HEAD}); if it has neither, the request is denied
 * ({@link ReasonCode#METHOD_NOT_COVERED}) rather than handed to a less specific pattern, which would let
 * {@code POST /admin/} fall through to {@code /*}'s rule. A path no pattern matches gets the fail-closed
 * {@code allowlist} default.
 */
final class PathRules {
    private static final Rule NO_RULE = new Rule(UrlPattern.parse("/"), Set.of(), new Access.Allowlist(), 0,
            "(no rule matches) allowlist");

    private final Map<String, RulesForPattern> exact = new HashMap<>();
    private final List<RulesForPattern> prefixesLongestFirst;
    private final List<RulesForPattern> extensions = new ArrayList<>();
    private final RulesForPattern defaultRules;

    PathRules(Collection<Rule> rules) {
        Map<UrlPattern, RulesForPattern> byPattern = new LinkedHashMap<>();
        for (Rule rule : rules) {
            byPattern.computeIfAbsent(rule.pattern(), RulesForPattern::new).add(rule);
        }
        List<RulesForPattern> prefixes = new ArrayList<>();
        RulesForPattern fallback = null;
        for (RulesForPattern group : byPattern.values()) {
            switch (group.pattern.kind()) {
                case EXACT -> exact.put(group.pattern.toString(), group);
                case PREFIX -> prefixes.add(group);
                case EXTENSION -> extensions.add(group);
                case DEFAULT -> fallback = group;
                default -> throw new AssertionError(group.pattern.kind());
            }
        }
        prefixes.sort(Comparator.comparingInt((RulesForPattern group) -> group.pattern.prefixLength()).reversed());
        this.prefixesLongestFirst = List.copyOf(prefixes);
        this.defaultRules = fallback;
    }

    /** The rule for a context-relative path and an HTTP method; never null. */
    Rule match(String path, String method) {
        RulesForPattern group = mostSpecific(path);
        return group == null ? NO_RULE : group.ruleFor(method);
    }

    private RulesForPattern mostSpecific(String path) {
        RulesForPattern group = exact.get(path);
        if (group != null) {
            return group;
        }
        for (RulesForPattern prefix : prefixesLongestFirst) {
            if (prefix.pattern.matches(path)) {
                return prefix;
            }
        }
        for (RulesForPattern extension : extensions) {
            if (extension.pattern.matches(path)) {
                return extension;
            }
        }
        return defaultRules;
    }

    /** The rules of one pattern. */
    private static final class RulesForPattern {
        private final UrlPattern pattern;
        private final Map<String, Rule> byMethod = new HashMap<>();
        private Rule anyMethod;
        private Rule notCovered;

        RulesForPattern(UrlPattern pattern) {
            this.pattern = pattern;
        }

        void add(Rule rule) {
            if (rule.methods().isEmpty()) {
                anyMethod = rule;
            } else {
                rule.methods().forEach(method -> byMethod.put(method, rule));
            }
            notCovered = new Rule(pattern, Set.of(), new Access.Deny(ReasonCode.METHOD_NOT_COVERED), 0,
                    pattern + " (no rule for this method)");
        }

        Rule ruleFor(String method) {
            Rule rule = byMethod.get(method);
            if (rule == null && method.equals("HEAD")) {
                // A GET rule covers HEAD, as doGet answers both.
                rule = byMethod.get("GET");
            }
            if (rule != null) {
                return rule;
            }
            return anyMethod != null ? anyMethod : notCovered;
        }
    }
}
