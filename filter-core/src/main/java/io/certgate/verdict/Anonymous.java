package io.certgate.verdict;

/** Nothing was presented: the one instance is {@link Verdict#ANONYMOUS}. */
final class Anonymous implements Verdict {
    Anonymous() {
    }

    @Override
    public String toString() {
        return "Anonymous";
    }
}
