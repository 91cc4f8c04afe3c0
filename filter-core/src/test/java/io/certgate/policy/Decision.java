package io.certgate.policy;

import java.time.Instant;
import java.util.List;

import io.certgate.identity.ClientIdentity;
import io.certgate.verdict.Denial;
import io.certgate.verdict.ReasonCode;

/**
 * The policy's answer for one request in the tests' terms: allowed or denied, why, and the rule that
 * decided, as the filter's log line and the explainer name it.
 */
record Decision(boolean allowed, ReasonCode reason, Rule rule) {

    /** Asks {@code policy} as the gate does: its denial, or else the rule and reason it allows by. */
    static Decision of(Policy policy, List<Rule> rules, ClientIdentity identity, Instant now) {
        Denial denial = policy.denial(rules, identity, now);
        if (denial == null) {
            return new Decision(true, Policy.allowReason(rules), Policy.allowedBy(rules));
        }
        for (Rule rule : rules) {
            if (rule.describe().equals(denial.rule())) {
                return new Decision(false, denial.reason(), rule);
            }
        }
        throw new AssertionError("the denial names " + denial.rule() + ", which is none of " + rules);
    }
}
