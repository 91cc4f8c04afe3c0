package io.certgate.identity;

import java.util.Objects;

/**
 * One subjectAltName entry of a certificate, for the types policies can match. An IP address is the JDK's
 * text ({@link ClientIdentity#ipAddresses()} has it as an address); a UPN is the Microsoft user principal
 * name otherName (OID 1.3.6.1.4.1.311.20.2.3), decoded from its UTF8String.
 */
public record SubjectAltName(Type type, String value) {
    /** The GeneralName choices CertGate reads; others are skipped. */
    public enum Type {
        /** The otherName of type 1.3.6.1.4.1.311.20.2.3; other otherNames are skipped. */
        UPN(0), EMAIL(1), DNS(2), URI(6), IP(7);

        private final int tag;

        Type(int tag) {
            this.tag = tag;
        }

        /** The type of a GeneralName the JDK gives as text; an otherName (UPN) comes as DER instead. */
        static Type forTag(int tag) {
            for (Type type : values()) {
                if (type.tag == tag && type != UPN) {
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
