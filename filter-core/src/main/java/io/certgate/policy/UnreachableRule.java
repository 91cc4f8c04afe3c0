package io.certgate.policy;

import java.util.Objects;

/**
 * A rule that no request can ever reach, because another pattern always answers first; reported by
 * {@link Policy#unreachableRules()} so that a configuration check can flag it before a deploy.
 *
 * @param rule the rule that never applies
 * @param shadowedBy a rule of the pattern that answers instead
 * @param why the reason, as a sentence for the operator
 */
public record UnreachableRule(Rule rule, Rule shadowedBy, String why) {
    public UnreachableRule {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(shadowedBy, "shadowedBy");
        Objects.requireNonNull(why, "why");
    }
}
