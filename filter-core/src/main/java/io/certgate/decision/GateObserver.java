package io.certgate.decision;

import java.util.List;

import io.certgate.verdict.ReasonCode;

/**
 * Watches a decision step by step, for a caller that must show how it was made (the explain command, a
 * debug page, a test). Every method does nothing by default, and the request path uses {@link #NONE}, for
 * which the gate builds no text at all: observing costs nothing unless someone observes.
 */
public interface GateObserver {
    /** Observes nothing; what the request path uses. */
    GateObserver NONE = new GateObserver() {
    };

    /** How one step went. */
    enum Result {
        /** The step let the request on. */
        PASS,
        /** The step refused. */
        FAIL,
        /** The step does not apply (not configured, nothing to check). */
        SKIP,
        /** Something worth knowing that decides nothing by itself. */
        NOTE
    }

    /**
     * One reading of the request path, with the rule each form of it matched (as written, lower-cased, and
     * for {@code HEAD} also as {@code GET}).
     *
     * @param path the context-relative path
     * @param rules the rule descriptions, one per form
     */
    record PathReading(String path, List<String> rules) {
        public PathReading {
            rules = List.copyOf(rules);
        }
    }

    /** The request path could not be read safely: the decision is {@code bad-path}, before any rule. */
    default void unreadablePath() {
    }

    /** Every reading of the request path the rules are checked under; the container's first. */
    default void pathReadings(List<PathReading> readings) {
    }

    /** One check on the certificate, the identity or a rule, in the order the gate makes them. */
    default void check(Result result, String text) {
    }

    /** The request is allowed, for {@code reason}, by {@code rule} (as {@code Rule.describe()} writes it). */
    default void allowed(ReasonCode reason, String rule) {
    }

    /** A rule of the configuration, for a configuration check. */
    default void rule(String rule) {
    }

    /** A rule that can never match, because {@code shadowedBy} always matches first, and why. */
    default void unreachableRule(String rule, String shadowedBy, String why) {
    }
}
