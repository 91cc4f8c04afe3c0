package io.certgate.property;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Small edits of valid input: flip a character's bits, insert a character (from a list of interesting
 * ones or any), delete a run, duplicate a run. One to four edits per value; positions are fractions of
 * the length so that they stay valid whatever the input's size.
 */
final class Mutations {
    private Mutations() {
    }

    sealed interface Edit {
        String apply(String text);
    }

    record Flip(double at, int bit) implements Edit {
        @Override
        public String apply(String text) {
            if (text.isEmpty()) {
                return text;
            }
            int i = index(at, text.length());
            return text.substring(0, i) + (char) (text.charAt(i) ^ (1 << bit)) + text.substring(i + 1);
        }
    }

    record Insert(double at, String inserted) implements Edit {
        @Override
        public String apply(String text) {
            int i = index(at, text.length() + 1);
            return text.substring(0, i) + inserted + text.substring(i);
        }
    }

    record Delete(double at, int length) implements Edit {
        @Override
        public String apply(String text) {
            if (text.isEmpty()) {
                return text;
            }
            int i = index(at, text.length());
            return text.substring(0, i) + text.substring(Math.min(text.length(), i + length));
        }
    }

    record Duplicate(double at, int length) implements Edit {
        @Override
        public String apply(String text) {
            if (text.isEmpty()) {
                return text;
            }
            int i = index(at, text.length());
            int end = Math.min(text.length(), i + length);
            return text.substring(0, end) + text.substring(i);
        }
    }

    static Arbitrary<Edit> edits(Arbitrary<String> interesting) {
        Arbitrary<Double> at = Arbitraries.doubles().between(0, 1).ofScale(6);
        Arbitrary<String> inserted = Arbitraries.oneOf(interesting, Arbitraries.chars().map(String::valueOf));
        return Arbitraries.oneOf(
                Combinators.combine(at, Arbitraries.integers().between(0, 15)).as(Flip::new),
                Combinators.combine(at, inserted).as(Insert::new),
                Combinators.combine(at, Arbitraries.integers().between(1, 8)).as(Delete::new),
                Combinators.combine(at, Arbitraries.integers().between(1, 8)).as(Duplicate::new));
    }

    /** {@code valid} with one to four edits applied. */
    static Arbitrary<String> mutated(Arbitrary<String> valid, Arbitrary<String> interesting) {
        return Combinators.combine(valid, edits(interesting).list().ofMinSize(1).ofMaxSize(4))
                .as(Mutations::apply);
    }

    static String apply(String text, List<Edit> edits) {
        String result = text;
        for (Edit edit : edits) {
            result = edit.apply(result);
        }
        return result;
    }

    private static int index(double at, int size) {
        return Math.min(size - 1, (int) (at * size));
    }
}
