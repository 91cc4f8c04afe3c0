package io.certgate.identity;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A relative distinguished name: one or more attributes (several when joined with {@code +}).
 *
 * <p>X.501 makes an RDN a SET, so two RDNs holding the same attributes in another order are equal: OpenSSL (and
 * so nginx's {@code $ssl_client_s_dn}) prints a multi-valued RDN in the reverse of its DER order, and the
 * certificate it came from must still be recognised as the same subject.
 */
public record Rdn(List<AttributeTypeAndValue> attributes) {
    private static final Comparator<AttributeTypeAndValue> SET_ORDER =
            Comparator.comparing(AttributeTypeAndValue::type).thenComparing(AttributeTypeAndValue::value);

    public Rdn {
        attributes = List.copyOf(attributes);
        if (attributes.isEmpty()) {
            throw new IllegalArgumentException("an RDN needs at least one attribute");
        }
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Rdn rdn) || rdn.attributes.size() != attributes.size()) {
            return false;
        }
        return attributes.equals(rdn.attributes) || attributes.size() > 1 && sorted().equals(rdn.sorted());
    }

    @Override
    public int hashCode() {
        int hash = 0;
        for (AttributeTypeAndValue attribute : attributes) {
            hash += attribute.hashCode();
        }
        return hash;
    }

    private List<AttributeTypeAndValue> sorted() {
        return attributes.stream().sorted(SET_ORDER).toList();
    }

    @Override
    public String toString() {
        return attributes.stream().map(AttributeTypeAndValue::toString).collect(Collectors.joining("+"));
    }
}
