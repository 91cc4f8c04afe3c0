package io.certgate.verdict;

import java.util.Objects;

import io.certgate.identity.ClientIdentity;

/**
 * Why a request is denied: the one shape of "no" that sources, trust checks, the policy and the gate share.
 * The reason code is what the log line, the metrics and alerts use; the detail says more, for the operator
 * only (never the client).
 *
 * @param reason the stable reason code
 * @param rule the rule that decided, as {@code Rule.describe()} writes it, or null when no rule was looked at
 *     (an unreadable path, or a step before the rules)
 * @param detail what exactly was wrong, for the log, or null
 * @param presented what the client presented, when it could be read (so that the log names a refused
 *     certificate), or null
 * @param presentedUsable whether {@code presented} could still be handed to the application if the caller
 *     lets the request through anyway ({@code mode=report-only}): readable, trusted and within its dates
 */
public record Denial(ReasonCode reason, String rule, String detail, Identified presented, boolean presentedUsable)
        implements Verdict {
    public Denial {
        Objects.requireNonNull(reason, "reason");
        if (presented == null && presentedUsable) {
            throw new IllegalArgumentException("nothing presented cannot be usable");
        }
    }

    /** A refusal before any rule, with nothing readable presented. */
    public Denial(ReasonCode reason, String detail) {
        this(reason, null, detail, null, false);
    }

    /** The same denial, naming the rule that decided. */
    public Denial underRule(String ruleDescription) {
        return new Denial(reason, ruleDescription, detail, presented, presentedUsable);
    }

    /** The same denial, naming what the client presented. */
    public Denial of(Identified what, boolean usable) {
        return new Denial(reason, rule, detail, what, usable);
    }

    /** The presented identity, or null. */
    public ClientIdentity identity() {
        return presented == null ? null : presented.identity();
    }
}
