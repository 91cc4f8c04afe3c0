package io.certgate.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A parsed distinguished name: the RDNs in RFC 4514 order (most specific first, so {@code CN} usually
 * comes first), each with unescaped values.
 *
 * <pre>{@code
 * DistinguishedName dn = DistinguishedName.parse("CN=alice,OU=ops,O=Example");
 * dn.values("OU");   // ["ops"]
 * DistinguishedName.parse("/C=US/O=Example/CN=alice").values("CN");   // ["alice"]
 * }</pre>
 *
 * <p>Policies compare these parsed values exactly; nothing in CertGate searches the DN string. Input is
 * bounded ({@value #MAX_LENGTH} characters, {@value #MAX_ATTRIBUTES} attributes) because it may come from
 * a header.
 */
public record DistinguishedName(List<Rdn> rdns) {
    /** Longest DN text accepted, in characters. */
    public static final int MAX_LENGTH = 4096;
    /** Most attributes (all RDNs together) accepted in one DN. */
    public static final int MAX_ATTRIBUTES = 64;
    /** The common name's type as {@link AttributeTypes#canonical} spells it. */
    private static final String COMMON_NAME = "CN";

    public DistinguishedName {
        rdns = List.copyOf(rdns);
    }

    /**
     * Parses either form: the OpenSSL legacy form when the text starts with {@code /}, RFC 4514 otherwise.
     */
    public static DistinguishedName parse(String text) throws DnParseException {
        checkLength(text);
        return text.startsWith("/") ? parseOpenSslLegacy(text) : parseRfc4514(text);
    }

    /** Parses the RFC 4514 / RFC 2253 form ({@code CN=alice,O=Example}). */
    public static DistinguishedName parseRfc4514(String text) throws DnParseException {
        checkLength(text);
        return new DistinguishedName(Rfc4514Parser.parse(text));
    }

    /** Parses OpenSSL's legacy one-line form ({@code /O=Example/CN=alice}). */
    public static DistinguishedName parseOpenSslLegacy(String text) throws DnParseException {
        checkLength(text);
        return new DistinguishedName(OpenSslOnelineParser.parse(text));
    }

    private static void checkLength(String text) throws DnParseException {
        if (text == null) {
            throw new DnParseException("no DN");
        }
        if (text.length() > MAX_LENGTH) {
            throw new DnParseException("DN longer than " + MAX_LENGTH + " characters");
        }
    }

    /** Every value of attribute {@code type} (a keyword such as {@code CN} or an OID), in RDN order. */
    public List<String> values(String type) {
        String canonical = canonicalOrSelf(type);
        List<String> values = new ArrayList<>(1);
        for (Rdn rdn : rdns) {
            for (AttributeTypeAndValue attribute : rdn.attributes()) {
                if (attribute.type().equals(canonical)) {
                    values.add(attribute.value());
                }
            }
        }
        return values;
    }

    /** How many values attribute {@code type} has; unlike {@link #values}, allocates nothing for a keyword. */
    public int count(String type) {
        String canonical = canonicalOrSelf(type);
        int count = 0;
        for (Rdn rdn : rdns) {
            for (AttributeTypeAndValue attribute : rdn.attributes()) {
                if (attribute.type().equals(canonical)) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Whether some value of attribute {@code type} is in {@code wanted}; unlike {@link #values}, allocates nothing. */
    public boolean hasValueIn(String type, Set<String> wanted) {
        String canonical = canonicalOrSelf(type);
        for (Rdn rdn : rdns) {
            for (AttributeTypeAndValue attribute : rdn.attributes()) {
                if (attribute.type().equals(canonical) && wanted.contains(attribute.value())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The value of attribute {@code type} when it has exactly one, else null; allocates nothing. */
    public String single(String type) {
        String canonical = canonicalOrSelf(type);
        String found = null;
        for (Rdn rdn : rdns) {
            for (AttributeTypeAndValue attribute : rdn.attributes()) {
                if (attribute.type().equals(canonical)) {
                    if (found != null) {
                        return null;
                    }
                    found = attribute.value();
                }
            }
        }
        return found;
    }

    private static String canonicalOrSelf(String type) {
        // The CN is looked up on every request (ClientIdentity.commonName), spelt canonically already: checking
        // and folding it cost a tenth of CertGate's own time per request in a server (JFR, Jetty, header mode).
        if (type.equals(COMMON_NAME)) {
            return COMMON_NAME;
        }
        return AttributeTypes.isValid(type) ? AttributeTypes.canonical(type) : type;
    }

    /** The RFC 4514 form with CertGate's canonical type names and minimal escaping. */
    @Override
    public String toString() {
        return rdns.stream().map(Rdn::toString).collect(Collectors.joining(","));
    }
}
