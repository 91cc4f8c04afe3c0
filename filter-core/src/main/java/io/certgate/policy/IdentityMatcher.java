package io.certgate.policy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.certgate.identity.ClientIdentity;
import io.certgate.identity.DistinguishedName;
import io.certgate.identity.SubjectAltName;
import io.certgate.net.IpRange;

/**
 * One test on a parsed identity field, as written in a rule: {@code cn:alice,bob}, {@code ou:ops},
 * {@code san-uri:spiffe://example.org/web}, {@code san-uri:spiffe://example.org/ns/prod/*},
 * {@code san-ip:10.0.0.0/8}, {@code upn:alice@corp.example}, {@code issuer:CN=Example CA},
 * {@code fingerprint:...}, {@code spki:...}, {@code serial:...}, {@code policy:1.3.6.1.4.1.99.1}. Values are
 * compared exactly with the field {@link ClientIdentity} parsed once per certificate, never searched for in
 * the DN string; only DNS names ignore case, as DNS does. No test allocates per request.
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
            return field(type) + ":" + sorted(values);
        }

        static String field(SubjectAltName.Type type) {
            return type == SubjectAltName.Type.UPN ? "upn" : "san-" + type.name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * {@code san-uri:} with at least one prefix form: some URI subjectAltName is one of {@code exact}, or lies
     * below one of {@code bases} (each ending in {@code /}, as written without its {@code *}) by whole path
     * segments. Below means one or more segments of letters, digits and {@code . - _ ~} (the characters of
     * a SPIFFE ID path), none empty, {@code .} or {@code ..}, and nothing else: no query, fragment or
     * percent-encoding, so {@code /ns/prod/../admin} is not below {@code /ns/prod/}.
     */
    record UriIn(Set<String> exact, Set<String> bases) implements IdentityMatcher {
        public UriIn {
            exact = Set.copyOf(exact);
            bases = Set.copyOf(bases);
        }

        @Override
        public boolean matches(ClientIdentity identity) {
            for (SubjectAltName name : identity.subjectAltNames()) {
                if (name.type() == SubjectAltName.Type.URI && matches(name.value())) {
                    return true;
                }
            }
            return false;
        }

        private boolean matches(String uri) {
            if (exact.contains(uri)) {
                return true;
            }
            for (String base : bases) {
                if (uri.startsWith(base) && wholeSegments(uri, base.length())) {
                    return true;
                }
            }
            return false;
        }

        /** Whether {@code uri} from {@code start} on is one or more plain path segments. */
        static boolean wholeSegments(String uri, int start) {
            int segmentStart = start;
            for (int i = start; i <= uri.length(); i++) {
                char c = i < uri.length() ? uri.charAt(i) : '/';
                if (c == '/') {
                    int length = i - segmentStart;
                    boolean dots = (length == 1 || length == 2) && uri.charAt(segmentStart) == '.'
                            && uri.charAt(i - 1) == '.';
                    if (length == 0 || dots) {
                        return false;
                    }
                    segmentStart = i + 1;
                } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '.' || c == '-' || c == '_' || c == '~')) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return "san-uri:" + Stream.concat(exact.stream(), bases.stream().map(base -> base + "*")).sorted()
                    .collect(Collectors.joining(","));
        }
    }

    /** {@code san-ip:}: some IP address subjectAltName is in one of these blocks (a bare address is a /32 or /128). */
    record IpIn(List<IpRange> ranges) implements IdentityMatcher {
        public IpIn {
            ranges = List.copyOf(ranges);
        }

        @Override
        public boolean matches(ClientIdentity identity) {
            for (InetAddress address : identity.ipAddresses()) {
                byte[] bytes = address.getAddress();
                for (IpRange range : ranges) {
                    if (range.contains(bytes)) {
                        return true;
                    }
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "san-ip:" + ranges.stream().map(IpRange::toString).collect(Collectors.joining(","));
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

    /**
     * {@code spki:}: the SHA-256 of the certificate's SubjectPublicKeyInfo is one of these (lower-case hex, no
     * colons), so a pin survives re-issuing the certificate for the same key.
     */
    record SpkiIn(Set<String> sha256) implements IdentityMatcher {
        public SpkiIn {
            sha256 = Set.copyOf(sha256);
        }

        @Override
        public boolean matches(ClientIdentity identity) {
            return identity.spkiSha256() != null && sha256.contains(identity.spkiSha256());
        }

        @Override
        public String toString() {
            return "spki:" + sorted(sha256);
        }
    }

    /** {@code policy:}: the certificatePolicies extension names one of these policy OIDs (dotted). */
    record PolicyIn(Set<String> oids) implements IdentityMatcher {
        public PolicyIn {
            oids = Set.copyOf(oids);
        }

        @Override
        public boolean matches(ClientIdentity identity) {
            for (String policy : identity.certificatePolicies()) {
                if (oids.contains(policy)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "policy:" + sorted(oids);
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
