package io.certgate.verdict;

/**
 * What a step of the decision concluded about a request, and what the whole decision answers: the client is
 * {@link Identified} (who it is), {@link #ANONYMOUS} (it presented nothing), or there is a {@link Denial}.
 *
 * <p>A certificate source answers with one of the three; trust checks and the policy can only turn an
 * {@code Identified} into a {@code Denial}. The gate's final answer uses the same three: {@code Identified}
 * or {@code Anonymous} when the request may go on, with or without an identity for the application.
 */
public sealed interface Verdict permits Identified, Anonymous, Denial {
    /** No certificate was presented (or none that a trusted source vouched for). */
    Verdict ANONYMOUS = new Anonymous();
}
