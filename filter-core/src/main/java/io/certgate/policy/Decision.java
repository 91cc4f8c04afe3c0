package io.certgate.policy;

import java.util.Objects;

/**
 * The answer for one request: allowed or denied, why, and the rule that decided.
 *
 * @param allowed whether the request may go on
 * @param reason why
 * @param rule the rule that decided
 */
public record Decision(boolean allowed, ReasonCode reason, Rule rule) {
    public Decision {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(rule, "rule");
    }

    static Decision allow(ReasonCode reason, Rule rule) {
        return new Decision(true, reason, rule);
    }

    /** A denial for {@code reason} under {@code rule}. */
    public static Decision deny(ReasonCode reason, Rule rule) {
        return new Decision(false, reason, rule);
    }
}
