package io.certgate.identity;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.certgate.net.IpRange;

/**
 * The certificate fields beyond the names that {@link ClientIdentity#of} reads from DER itself, because the
 * JDK hands them over undecoded: the Microsoft UPN otherName (the JDK gives an otherName as DER bytes, and
 * not the certificate's), the certificatePolicies extension, and IP address subjectAltNames as bytes.
 *
 * <p>As strict and as bounded as {@link DerName}: definite minimal lengths, nothing after a structure,
 * malformed UTF-8 refused, a UPN of at most {@value #MAX_UPN_BYTES} bytes, at most {@value #MAX_POLICIES}
 * policies, none twice (RFC 5280 4.2.1.4). A malformation is a {@link DnParseException}; the caller turns it
 * into a refused certificate, never a name read halfway.
 */
final class CertificateFields {
    /** szOID_NT_PRINCIPAL_NAME: the user principal name of a Windows smart card logon certificate. */
    static final String UPN_OID = "1.3.6.1.4.1.311.20.2.3";
    /** Active Directory's limit for userPrincipalName, in characters; in bytes it bounds the decoding work. */
    static final int MAX_UPN_BYTES = 1024;
    /** Real certificates carry one to a handful. */
    static final int MAX_POLICIES = 32;

    private static final int OCTET_STRING = 0x04;
    private static final int UTF8_STRING = 0x0c;
    /** GeneralName's otherName choice: {@code [0] IMPLICIT} on the otherName SEQUENCE, so constructed. */
    private static final int OTHER_NAME = 0xa0;
    /** otherName's value: {@code [0] EXPLICIT}, so context-specific and constructed. */
    private static final int EXPLICIT_0 = 0xa0;

    private CertificateFields() {
    }

    /**
     * For each otherName of a subjectAltName extension, in certificate order, its UPN, or null when it is an
     * otherName of another type. Read from {@code X509Certificate.getExtensionValue("2.5.29.17")} (an OCTET
     * STRING holding {@code GeneralNames}) rather than from the otherName bytes that
     * {@code getSubjectAlternativeNames()} gives: the JDK re-encodes those, wrapping the value in a second
     * {@code [0]}, so they are not the certificate's bytes.
     *
     * @throws DnParseException if the extension, an otherName, or a UPN in it is malformed
     */
    static List<String> otherNameUpns(byte[] extensionValue) throws DnParseException {
        DerReader der = new DerReader(extensionValue);
        int octets = der.expect(OCTET_STRING, "extension value", extensionValue.length);
        int end = der.expect(DerReader.SEQUENCE, "GeneralNames", octets);
        if (end != extensionValue.length || octets != end) {
            throw new DnParseException("bytes after the GeneralNames at byte " + end);
        }
        List<String> upns = new ArrayList<>();
        while (der.pos < end) {
            int tag = der.der[der.pos] & 0xff;
            if ((tag & 0xc0) != 0x80 || (tag & 0x1f) > 8) {
                throw new DnParseException("GeneralName has tag 0x" + Integer.toHexString(tag) + " at byte " + der.pos);
            }
            int nameEnd = der.expect(tag, "GeneralName", end);
            if (tag == OTHER_NAME) {
                upns.add(otherName(der, nameEnd));
            }
            der.pos = nameEnd;
        }
        return upns;
    }

    /**
     * The UPN in an otherName given as the SEQUENCE that RFC 5280 defines,
     * {@code SEQUENCE { type-id OID, value [0] EXPLICIT UTF8String }}; null for another type of otherName.
     *
     * @throws DnParseException if the otherName, or the UPN in it, is malformed
     */
    static String userPrincipalName(byte[] otherName) throws DnParseException {
        DerReader der = new DerReader(otherName);
        int end = der.expect(DerReader.SEQUENCE, "otherName", otherName.length);
        if (end != otherName.length) {
            throw new DnParseException("bytes after the otherName");
        }
        return otherName(der, end);
    }

    /** The otherName content from the cursor to {@code end}: type-id, then the value, which for a UPN is read. */
    private static String otherName(DerReader der, int end) throws DnParseException {
        String type = der.oid(der.expect(DerReader.OBJECT_IDENTIFIER, "otherName type", end), "otherName type");
        int valueEnd = der.expect(EXPLICIT_0, "otherName value", end);
        if (valueEnd != end) {
            throw new DnParseException("bytes after the otherName value at byte " + valueEnd);
        }
        if (!UPN_OID.equals(type)) {
            return null;
        }
        int stringEnd = der.expect(UTF8_STRING, "UPN UTF8String", valueEnd);
        if (stringEnd != valueEnd) {
            throw new DnParseException("bytes after the UPN at byte " + stringEnd);
        }
        int length = stringEnd - der.pos;
        if (length == 0 || length > MAX_UPN_BYTES) {
            throw new DnParseException("UPN of " + length + " bytes; expected 1 to " + MAX_UPN_BYTES);
        }
        String upn = DnText.decodeStrict(der.der, der.pos, length, StandardCharsets.UTF_8);
        if (upn.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
            throw new DnParseException("control or invisible formatting character in the UPN");
        }
        return upn;
    }

    /**
     * The policy OIDs of a certificatePolicies extension, in certificate order, from
     * {@code X509Certificate.getExtensionValue("2.5.29.32")} (an OCTET STRING holding
     * {@code SEQUENCE SIZE (1..MAX) OF PolicyInformation}); qualifiers are checked for shape and skipped.
     *
     * @throws DnParseException if the extension is malformed, too long, or names a policy twice
     */
    static List<String> certificatePolicies(byte[] extensionValue) throws DnParseException {
        DerReader der = new DerReader(extensionValue);
        int octets = der.expect(OCTET_STRING, "extension value", extensionValue.length);
        int end = der.expect(DerReader.SEQUENCE, "certificatePolicies", octets);
        if (end != extensionValue.length || octets != end) {
            throw new DnParseException("bytes after the certificatePolicies at byte " + end);
        }
        if (der.pos == end) {
            throw new DnParseException("empty certificatePolicies; RFC 5280 needs at least one policy");
        }
        List<String> policies = new ArrayList<>();
        while (der.pos < end) {
            if (policies.size() == MAX_POLICIES) {
                throw new DnParseException("more than " + MAX_POLICIES + " certificate policies");
            }
            int information = der.expect(DerReader.SEQUENCE, "PolicyInformation", end);
            String policy = der.oid(der.expect(DerReader.OBJECT_IDENTIFIER, "policy identifier", information),
                    "policy identifier");
            if (der.pos < information) {
                int qualifiers = der.expect(DerReader.SEQUENCE, "policyQualifiers", information);
                if (der.pos == qualifiers) {
                    throw new DnParseException("empty policyQualifiers at byte " + der.pos);
                }
                der.pos = qualifiers;
            }
            if (der.pos != information) {
                throw new DnParseException("bytes after the PolicyInformation at byte " + der.pos);
            }
            if (policies.contains(policy)) {
                throw new DnParseException("certificate policy " + policy + " listed twice");
            }
            policies.add(policy);
        }
        return policies;
    }

    /**
     * The address of an IP subjectAltName as the JDK prints it (a dotted quad, or eight groups of hex for
     * IPv6), read as a literal by {@link IpRange#parseLiteral}, so no name lookup ever happens.
     *
     * @throws DnParseException if the text is not such a literal
     */
    static InetAddress ipAddress(String text) throws DnParseException {
        byte[] bytes = IpRange.parseLiteral(text);
        if (bytes == null) {
            throw new DnParseException("IP subjectAltName is not an address literal");
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are an address", e);
        }
    }
}
