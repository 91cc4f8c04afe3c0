package io.certgate.decision;

import io.certgate.config.ConfigException;
import io.certgate.identity.ClientIdentity;
import io.certgate.identity.SubjectAltName;

/**
 * The {@code principal} init-param: which field of the certificate names the client to the application
 * ({@code getRemoteUser()}, {@code getUserPrincipal()}, every integration). Unset, the name is
 * {@link ClientIdentity#displayName()}: the CN, falling back to the first URI, then DNS subjectAltName, then
 * the subject DN, as before the parameter existed. Set, only that field names the client, and a certificate
 * without it is refused on guarded paths ({@code no-principal-name}).
 */
enum PrincipalName {
    /** Not set: the CN, or the first URI or DNS subjectAltName, or the subject DN. */
    DEFAULT(null, "the CN, else the first URI or DNS subjectAltName, else the subject DN"),
    CN("cn", "a single CN"),
    SUBJECT("subject", "a subject DN"),
    SAN_EMAIL("san-email", "an e-mail subjectAltName"),
    SAN_URI("san-uri", "a URI subjectAltName"),
    SAN_DNS("san-dns", "a DNS subjectAltName"),
    UPN("upn", "a UPN otherName subjectAltName");

    static final String PRINCIPAL = "principal";

    private final String value;
    private final String field;

    PrincipalName(String value, String field) {
        this.value = value;
        this.field = field;
    }

    /** The init-param's value; null (unset) is {@link #DEFAULT}. */
    static PrincipalName parse(String text) throws ConfigException {
        if (text == null) {
            return DEFAULT;
        }
        for (PrincipalName name : values()) {
            if (name.value != null && name.value.equals(text.strip())) {
                return name;
            }
        }
        throw new ConfigException(PRINCIPAL, 0, "\"" + text + "\" is not cn, subject, san-email, san-uri, san-dns or"
                + " upn; name the certificate field the application should see as the user");
    }

    /** Whether the operator chose a field, so that a certificate without it has no name. */
    boolean explicit() {
        return this != DEFAULT;
    }

    /** What the field is, for messages: "an e-mail subjectAltName". */
    String field() {
        return field;
    }

    /** How the init-param is written: {@code principal=san-uri}, or "principal unset". */
    String setting() {
        return value == null ? "principal unset" : PRINCIPAL + "=" + value;
    }

    /** The client's name, or null when the certificate has no such field. Allocates nothing but for SUBJECT. */
    String of(ClientIdentity identity) {
        return switch (this) {
            case DEFAULT -> identity.displayName();
            case CN -> nonEmpty(identity.commonName());
            case SUBJECT -> nonEmpty(identity.subject().toString());
            case SAN_EMAIL -> identity.firstSubjectAltName(SubjectAltName.Type.EMAIL);
            case SAN_URI -> identity.firstSubjectAltName(SubjectAltName.Type.URI);
            case SAN_DNS -> identity.firstSubjectAltName(SubjectAltName.Type.DNS);
            case UPN -> identity.firstSubjectAltName(SubjectAltName.Type.UPN);
        };
    }

    private static String nonEmpty(String name) {
        return name == null || name.isEmpty() ? null : name;
    }
}
