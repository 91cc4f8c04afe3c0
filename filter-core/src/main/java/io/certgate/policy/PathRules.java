package io.certgate.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.certgate.verdict.ReasonCode;

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
    private static final List<Rule> NO_RULE = List.of(new Rule(UrlPattern.parse("/"), Set.of(), new Access.Allowlist(),
            0, "(no rule matches) allowlist"));

    private final List<Rule> all;
    private final Map<String, RulesForPattern> exact = new HashMap<>();
    private final List<RulesForPattern> prefixesLongestFirst;
    private final List<RulesForPattern> extensions = new ArrayList<>();
    private final RulesForPattern defaultRules;

    /**
     * @param rules the rules, in line order
     * @param foldCase whether to match lower-cased paths against lower-cased patterns; the rules returned are
     *     still the rules as written
     */
    PathRules(Collection<Rule> rules, boolean foldCase) {
        this.all = List.copyOf(rules);
        Map<UrlPattern, RulesForPattern> byPattern = new LinkedHashMap<>();
        for (Rule rule : rules) {
            UrlPattern pattern = foldCase ? UrlPattern.parse(rule.pattern().toString().toLowerCase(Locale.ROOT))
                    : rule.pattern();
            byPattern.computeIfAbsent(pattern, RulesForPattern::new).add(rule);
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

    /**
     * The rule for a context-relative path and an HTTP method, as a list of that one rule, made when the rules
     * were read so that matching a request allocates nothing.
     */
    List<Rule> match(String path, String method) {
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

    /** The rules in the order they were written. */
    List<Rule> rules() {
        return all;
    }

    /**
     * The rules that {@link #match} can never return, with the pattern that always answers first. Only two
     * things hide a pattern from every path: the prefix pattern {@code /*}, which matches every path before
     * extension patterns and the default are tried, and an earlier extension pattern whose extension ends the
     * later one's ({@code *.gz} before {@code *.tar.gz}). Nothing else can: an exact pattern is tried first, a
     * prefix or the default keeps infinitely many paths that finitely many other patterns cannot cover, and
     * within a pattern every rule answers some method (a rule without methods answers all unlisted ones).
     */
    List<UnreachableRule> unreachable() {
        RulesForPattern everything = null;
        for (RulesForPattern prefix : prefixesLongestFirst) {
            if (prefix.pattern.prefixLength() == 0) {
                everything = prefix;
            }
        }
        List<UnreachableRule> unreachable = new ArrayList<>();
        for (int i = 0; i < extensions.size(); i++) {
            RulesForPattern group = extensions.get(i);
            if (everything != null) {
                group.hide(unreachable, everything, "every path matches the prefix pattern \"/*\", and prefix"
                        + " patterns are tried before extension patterns such as \"" + group.pattern + "\"");
                continue;
            }
            String extension = group.pattern.toString().substring(1);
            for (RulesForPattern earlier : extensions.subList(0, i)) {
                String earlierExtension = earlier.pattern.toString().substring(1);
                if (extension.endsWith(earlierExtension)) {
                    group.hide(unreachable, earlier, "every path ending in \"" + extension + "\" also ends in \""
                            + earlierExtension + "\", and extension patterns are tried in the order they first appear,"
                            + " so \"" + earlier.pattern + "\" always answers first");
                    break;
                }
            }
        }
        if (defaultRules != null && everything != null) {
            defaultRules.hide(unreachable, everything, "every path matches the prefix pattern \"/*\", so the"
                    + " default pattern \"/\" is never reached");
        }
        return unreachable;
    }

    /** The rules of one pattern. */
    private static final class RulesForPattern {
        private final UrlPattern pattern;
        private final List<Rule> rules = new ArrayList<>(1);
        private final Map<String, List<Rule>> byMethod = new HashMap<>();
        private List<Rule> anyMethod;
        private List<Rule> notCovered;

        RulesForPattern(UrlPattern pattern) {
            this.pattern = pattern;
        }

        void add(Rule rule) {
            if (rules.isEmpty()) {
                // Named by the pattern as first written, which may differ in case from the folded one.
                UrlPattern written = rule.pattern();
                notCovered = List.of(new Rule(written, Set.of(), new Access.Deny(ReasonCode.METHOD_NOT_COVERED), 0,
                        written + " (no rule for this method)"));
            }
            rules.add(rule);
            List<Rule> alone = List.of(rule);
            if (rule.methods().isEmpty()) {
                anyMethod = alone;
            } else {
                rule.methods().forEach(method -> byMethod.put(method, alone));
            }
        }

        void hide(List<UnreachableRule> unreachable, RulesForPattern by, String why) {
            for (Rule rule : rules) {
                unreachable.add(new UnreachableRule(rule, by.rules.get(0), why));
            }
        }

        List<Rule> ruleFor(String method) {
            List<Rule> rule = byMethod.get(method);
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
