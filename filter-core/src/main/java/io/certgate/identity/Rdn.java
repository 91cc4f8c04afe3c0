package io.certgate.identity;

import java.util.List;
import java.util.stream.Collectors;

/** A relative distinguished name: one or more attributes (several when joined with {@code +}). */
public record Rdn(List<AttributeTypeAndValue> attributes) {
    public Rdn {
        attributes = List.copyOf(attributes);
        if (attributes.isEmpty()) {
            throw new IllegalArgumentException("an RDN needs at least one attribute");
        }
    }

    @Override
    public String toString() {
        return attributes.stream().map(AttributeTypeAndValue::toString).collect(Collectors.joining("+"));
    }
}
