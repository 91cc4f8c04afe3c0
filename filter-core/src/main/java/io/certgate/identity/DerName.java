package io.certgate.identity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads a certificate's subject or issuer name from its DER encoding ({@code X500Principal.getEncoded()}),
 * decoding each value by its ASN.1 string type.
 *
 * <pre>{@code
 * DistinguishedName subject = DerName.parse(certificate.getSubjectX500Principal().getEncoded());
 * }</pre>
 *
 * <p>Why not {@code X500Principal.getName(RFC2253)}: the JDK prints a BMPString byte for byte ({@code CN=alice}
 * becomes {@code CN=\00a\00l\00i\00c\00e}) and a TeletexString with replacement characters, while OpenSSL,
 * and so nginx's {@code $ssl_client_s_dn}, converts every string type to text. Reading the DER here makes the
 * TLS source and the proxy sources give one certificate one name. Values of any other type keep the
 * {@code #hex} form of their whole encoding, as the RFC 4514 parser keeps them, and so match no name.
 *
 * <p>The result is what {@link Rfc4514Parser} gives for the same name: RDNs most specific first (the reverse
 * of the DER order), the attributes of a multi-valued RDN in encoding order, types canonical. It is as strict
 * and as bounded: definite minimal lengths only, nothing after the name, malformed UTF-8, UTF-16 or UTF-32
 * refused rather than replaced, at most {@value DistinguishedName#MAX_ATTRIBUTES} attributes, and at most
 * {@value DistinguishedName#MAX_LENGTH} characters in the RFC 4514 form that {@link DistinguishedName#toString()}
 * prints. Control characters are kept in the value, as the parsers keep an escaped {@code \00}: the policy
 * refuses them in a CN with its own reason. Any malformation is a {@link DnParseException}, never another
 * exception.
 */
final class DerName extends DerReader {
    private static final int SET = 0x31;
    /** A value longer than this cannot fit the length bound, whatever its type (UTF-32 takes 4 bytes a character). */
    private static final int MAX_VALUE_BYTES = 4 * DistinguishedName.MAX_LENGTH;
    private int attributeCount;
    private int textLength;

    private DerName(byte[] der) {
        super(der);
    }

    static DistinguishedName parse(byte[] der) throws DnParseException {
        if (der == null) {
            throw new DnParseException("no DN");
        }
        return new DistinguishedName(new DerName(der).name());
    }

    /** Name ::= SEQUENCE OF RelativeDistinguishedName. */
    private List<Rdn> name() throws DnParseException {
        int end = expect(SEQUENCE, "Name", der.length);
        if (end != der.length) {
            throw new DnParseException("bytes after the DER name");
        }
        List<Rdn> rdns = new ArrayList<>();
        while (pos < end) {
            rdns.add(rdn(end));
        }
        Collections.reverse(rdns); // DER lists the most general RDN first, RFC 4514 the most specific.
        return rdns;
    }

    /** RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue. */
    private Rdn rdn(int limit) throws DnParseException {
        int end = expect(SET, "RDN", limit);
        if (pos == end) {
            throw new DnParseException("empty RDN at byte " + pos);
        }
        List<AttributeTypeAndValue> attributes = new ArrayList<>(1);
        while (pos < end) {
            if (++attributeCount > DistinguishedName.MAX_ATTRIBUTES) {
                throw new DnParseException("more than " + DistinguishedName.MAX_ATTRIBUTES + " attributes");
            }
            attributes.add(attributeTypeAndValue(end));
        }
        return new Rdn(attributes);
    }

    /** AttributeTypeAndValue ::= SEQUENCE { type OBJECT IDENTIFIER, value ANY }. */
    private AttributeTypeAndValue attributeTypeAndValue(int limit) throws DnParseException {
        int end = expect(SEQUENCE, "attribute", limit);
        String type = AttributeTypes.canonical(oid(expect(OBJECT_IDENTIFIER, "attribute type", end), "attribute type"));
        String value = value(end);
        if (pos != end) {
            throw new DnParseException("bytes after the attribute value at byte " + pos);
        }
        // The RFC 4514 form: "," or "+" before every attribute but the first, then type=value.
        textLength += (attributeCount > 1 ? 1 : 0) + type.length() + 1 + DnText.escapedLength(value);
        if (textLength > DistinguishedName.MAX_LENGTH) {
            throw new DnParseException("DN longer than " + DistinguishedName.MAX_LENGTH + " characters");
        }
        return new AttributeTypeAndValue(type, value);
    }

    /** The value: any single TLV, with a tag of one or more bytes. */
    private String value(int limit) throws DnParseException {
        int start = pos;
        if (pos >= limit) {
            throw new DnParseException("attribute without a value at byte " + pos);
        }
        int tag = der[pos++] & 0xff;
        if ((tag & 0x1f) == 0x1f) {
            skipHighTagNumber(limit);
        }
        int end = length(limit);
        if (end - start > MAX_VALUE_BYTES) {
            throw new DnParseException("DN longer than " + DistinguishedName.MAX_LENGTH + " characters");
        }
        int contentOffset = pos;
        pos = end;
        return BerString.text(der, start, tag, contentOffset, end);
    }

    /** The rest of a tag number of 31 or more: base-128 bytes, the last without its high bit, none leading 0x80. */
    private void skipHighTagNumber(int limit) throws DnParseException {
        if (pos < limit && der[pos] == (byte) 0x80) {
            throw new DnParseException("non-minimal tag at byte " + pos);
        }
        for (int bytes = 0; ; bytes++) {
            if (pos >= limit || bytes == 4) {
                throw new DnParseException("bad tag at byte " + pos);
            }
            if ((der[pos++] & 0x80) == 0) {
                return;
            }
        }
    }
}
