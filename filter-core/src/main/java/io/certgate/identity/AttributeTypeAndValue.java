package io.certgate.identity;

import java.util.Objects;

/**
 * One {@code type=value} pair of a distinguished name, with the type in canonical form (an upper-case
 * keyword such as {@code CN}, or a dotted OID when CertGate has no keyword for it) and the value fully
 * unescaped.
 */
public record AttributeTypeAndValue(String type, String value) {
    public AttributeTypeAndValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return type + "=" + DnText.escapeRfc4514(value);
    }
}
