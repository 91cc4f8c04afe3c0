package io.certgate.policy;

import java.util.Set;

/** What a rule asks of the client. Parsed from the {@code <access>} word of a rule line. */
public sealed interface Access {
    /** {@code open}: no certificate needed. */
    record Open() implements Access {
        @Override
        public String toString() {
            return "open";
        }
    }

    /** {@code any}: any certificate that passed validation. */
    record AnyCertificate() implements Access {
        @Override
        public String toString() {
            return "any";
        }
    }

    /** {@code allowlist}: a CN from the {@code allowed-cns} init-param. */
    record Allowlist() implements Access {
        @Override
        public String toString() {
            return "allowlist";
        }
    }

    /** {@code cn:alice,bob}: a CN from this list. */
    record CommonNames(Set<String> names) implements Access {
        public CommonNames {
            names = Set.copyOf(names);
        }

        @Override
        public String toString() {
            return "cn:" + String.join(",", names.stream().sorted().toList());
        }
    }

    /** {@code deny}: nobody; also used for requests no rule covers, with the reason saying which. */
    record Deny(ReasonCode reason) implements Access {
        @Override
        public String toString() {
            return "deny";
        }
    }
}
