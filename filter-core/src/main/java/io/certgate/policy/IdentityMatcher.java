package io.certgate.policy;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import io.certgate.identity.ClientIdentity;
import io.certgate.identity.DistinguishedName;
import io.certgate.identity.SubjectAltName;

/**
 * One test on a parsed identity field, as written in a rule: {@code cn:alice,bob}, {@code ou:ops},
 * {@code san-uri:spiffe://example.org/web}, {@code issuer:CN=Example CA}, {@code fingerprint:...},
 * {@code serial:...}. Values are compared exactly with the parsed field, never searched for in the DN
 * string; only DNS names ignore case, as DNS does.
 */
public sealed interface IdentityMatcher {
    /** Whether the identity satisfies this test. */
    boolean matches(ClientIdentity identity);

    /** Whether the test reads the CN, so that an identity without exactly one CN cannot pass it. */
    default boolean needsCommonName() {
        return false;
    }

    /** {@code cn:}: the single CN is one of these. */
    record CommonNameIn(Set<String> names) implements IdentityMatcher {
        public CommonNameIn {
            names = Set.copyOf(names);
        }

        @Override
        public boolean matches(ClientIdentity identity) {
            String cn = identity.commonName();
            return cn != null && names.contains(cn);
        }

        @Override
        public boolean needsCommonName() {
            return true;
        }

        @Override
        public String toString() {
            return "cn:" + sorted(names);
        }
    }

    /** {@code o:} and {@code ou:}: some value of this subject attribute is one of these. */
    record SubjectAttributeIn(String type, Set<String> values) implements IdentityMatcher {
        public SubjectAttributeIn {
            Objects.requireNonNull(type, "type");
            values = Set.copyOf(values);
        }

        @Override
        public boolean matches(ClientIdentity identity) {
            return identity.subject().hasValueIn(type, values);
        }

        @Override
        public String toString() {
            return type.toLowerCase(Locale.ROOT) + ":" + sorted(values);
        }
    }

    /** {@code san-dns:}, {@code san-email:}, {@code san-uri:}: some subjectAltName of this type is one of these. */
    record SubjectAltNameIn(SubjectAltName.Type type, Set<String> values) implements IdentityMatcher {
        public SubjectAltNameIn {
            Objects.requireNonNull(type, "type");
            values = type == SubjectAltName.Type.DNS
                    ? values.stream().map(SubjectAltNameIn::dnsName).collect(Collectors.toUnmodifiableSet())
                    : Set.copyOf(values);
        }

        @Override
        public boolean matches(ClientIdentity identity) {
            for (SubjectAltName name : identity.subjectAltNames()) {
                if (name.type() == type
                        && values.contains(type == SubjectAltName.Type.DNS ? dnsName(name.value()) : name.value())) {
                    return true;
                }
            }
            return false;
        }

        /** DNS names compare without case and without a trailing root dot. */
        static String dnsName(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
        }

        @Override
        public String toString() {
            return "san-" + type.name().toLowerCase(Locale.ROOT) + ":" + sorted(values);
        }
    }

    /** {@code issuer:}: the issuer DN equals this one, attribute by attribute. */
    record IssuerIs(DistinguishedName issuer) implements IdentityMatcher {
        public IssuerIs {
            Objects.requireNonNull(issuer, "issuer");
        }

        @Override
        public boolean matches(ClientIdentity identity) {
            return issuer.equals(identity.issuer());
        }

        @Override
        public String toString() {
            return "issuer:" + issuer;
        }
    }

    /** {@code fingerprint:}: the SHA-256 of the certificate is one of these (lower-case hex, no colons). */
    record FingerprintIn(Set<String> sha256) implements IdentityMatcher {
        public FingerprintIn {
            sha256 = Set.copyOf(sha256);
        }

        @Override
        public boolean matches(ClientIdentity identity) {
            return identity.sha256Fingerprint() != null && sha256.contains(identity.sha256Fingerprint());
        }

        @Override
        public String toString() {
            return "fingerprint:" + sorted(sha256);
        }
    }

    /** {@code serial:}: the certificate serial is one of these. */
    record SerialIn(Set<BigInteger> serials) implements IdentityMatcher {
        public SerialIn {
            serials = Set.copyOf(serials);
        }

        @Override
        public boolean matches(ClientIdentity identity) {
            return identity.serialNumber() != null && serials.contains(identity.serialNumber());
        }

        @Override
        public String toString() {
            return "serial:" + serials.stream().map(serial -> serial.toString(16)).sorted()
                    .collect(Collectors.joining(","));
        }
    }

    private static String sorted(Set<String> values) {
        List<String> list = values.stream().sorted().toList();
        return String.join(",", list);
    }
}
