package io.certgate.policy;

import java.util.List;

import io.certgate.verdict.ReasonCode;

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

    /**
     * Field tests joined with {@code &}, all of which must pass: {@code cn:alice,bob},
     * {@code ou:ops & cn:carol}, {@code san-uri:spiffe://example.org/web}.
     */
    record Matching(List<IdentityMatcher> all) implements Access {
        public Matching {
            all = List.copyOf(all);
            if (all.isEmpty()) {
                throw new IllegalArgumentException("at least one matcher");
            }
        }

        /** Whether any test reads the CN; otherwise an identity without a CN (a SPIFFE ID) may pass. */
        boolean needsCommonName() {
            for (IdentityMatcher matcher : all) {
                if (matcher.needsCommonName()) {
                    return true;
                }
            }
            return false;
        }

        /** Whether every test passes; indexed, so that a role check on every request allocates no iterator. */
        public boolean matches(io.certgate.identity.ClientIdentity identity) {
            for (int i = 0; i < all.size(); i++) {
                if (!all.get(i).matches(identity)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return all.stream().map(Object::toString).collect(java.util.stream.Collectors.joining(" & "));
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
