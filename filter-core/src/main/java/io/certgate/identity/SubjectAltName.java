package io.certgate.identity;

import java.util.Objects;

/** One subjectAltName entry of a certificate, for the types policies can match. */
public record SubjectAltName(Type type, String value) {
    /** The GeneralName choices CertGate reads; others are skipped. */
    public enum Type {
        EMAIL(1), DNS(2), URI(6), IP(7);

        private final int tag;

        Type(int tag) {
            this.tag = tag;
        }

        static Type forTag(int tag) {
            for (Type type : values()) {
                if (type.tag == tag) {
                    return type;
                }
            }
            return null;
        }
    }

    public SubjectAltName {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }
}
