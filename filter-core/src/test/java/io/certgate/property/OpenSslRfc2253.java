package io.certgate.property;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * A name as nginx's {@code $ssl_client_s_dn} prints it: OpenSSL's {@code X509_NAME_print_ex} with
 * {@code XN_FLAG_RFC2253}, rewritten from {@code crypto/x509/x_name.c}'s {@code do_name_ex} and
 * {@code crypto/asn1/a_strex.c}'s {@code do_print_ex}, so that tests can print names without a running nginx.
 * {@code OpenSslRfc2253Test} checks it against the {@code openssl} command.
 *
 * <ul>
 * <li>every entry in reverse DER order ({@code XN_FLAG_DN_REV}), also inside a multi-valued RDN, joined by
 * {@code ,} between RDNs and {@code +} inside one;
 * <li>OpenSSL's short name for the type, or the dotted OID and a {@code #hex} DER value for a type it does not
 * know ({@code XN_FLAG_DUMP_UNKNOWN_FIELDS});
 * <li>string values converted to UTF-8 by their tag, one byte a character for Printable, Teletex, IA5 and the
 * like, two for BMPString, four for UniversalString; any other type as
 * {@code #hex} DER;
 * <li>{@code , + " \ < > ;} after a backslash, and a leading {@code #} or space and a trailing space, but the
 * first-character rule is lost on a one-character value (so {@code #} alone stays bare); control characters
 * and every byte over 0x7f as {@code \XX}.
 * </ul>
 */
public final class OpenSslRfc2253 {
    private static final Map<String, String> SHORT_NAMES = Map.ofEntries(
            Map.entry(BCStyle.CN.getId(), "CN"), Map.entry(BCStyle.C.getId(), "C"), Map.entry(BCStyle.L.getId(), "L"),
            Map.entry(BCStyle.ST.getId(), "ST"), Map.entry(BCStyle.O.getId(), "O"),
            Map.entry(BCStyle.OU.getId(), "OU"), Map.entry(BCStyle.STREET.getId(), "street"),
            Map.entry(BCStyle.DC.getId(), "DC"), Map.entry(BCStyle.UID.getId(), "UID"),
            Map.entry(BCStyle.EmailAddress.getId(), "emailAddress"),
            Map.entry(BCStyle.SERIALNUMBER.getId(), "serialNumber"), Map.entry(BCStyle.SURNAME.getId(), "SN"));

    private OpenSslRfc2253() {
    }

    public static String print(X500Principal principal) {
        List<RDN> rdns = List.of(X500Name.getInstance(principal.getEncoded()).getRDNs());
        List<AttributeTypeAndValue> entries = new ArrayList<>();
        List<Integer> rdnOfEntry = new ArrayList<>();
        for (int i = 0; i < rdns.size(); i++) {
            for (AttributeTypeAndValue entry : rdns.get(i).getTypesAndValues()) {
                entries.add(entry);
                rdnOfEntry.add(i);
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (i < entries.size() - 1) {
                out.append(rdnOfEntry.get(i).equals(rdnOfEntry.get(i + 1)) ? '+' : ',');
            }
            AttributeTypeAndValue entry = entries.get(i);
            String oid = entry.getType().getId();
            byte[] der = encoded(entry);
            String shortName = SHORT_NAMES.get(oid);
            out.append(shortName != null ? shortName : oid).append('=');
            int[] text = shortName == null ? null : codePoints(der);
            if (text == null) {
                out.append('#').append(HexFormat.of().withUpperCase().formatHex(der));
            } else {
                escape(text, out);
            }
        }
        return out.toString();
    }

    private static byte[] encoded(AttributeTypeAndValue entry) {
        try {
            return entry.getValue().toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The characters of a string value, or null for a type OpenSSL dumps ({@code tag2nbyte} is -1). */
    private static int[] codePoints(byte[] der) {
        int offset = (der[1] & 0x80) == 0 ? 2 : 2 + (der[1] & 0x7f);
        byte[] content = java.util.Arrays.copyOfRange(der, offset, der.length);
        switch (der[0]) {
            case 0x0c:
                return new String(content, StandardCharsets.UTF_8).codePoints().toArray();
            case 0x12: case 0x13: case 0x14: case 0x16: case 0x17: case 0x18: case 0x1a: case 0x1b:
                return units(content, 1);
            case 0x1c:
                return units(content, 4);
            case 0x1e:
                return units(content, 2);
            default:
                return null;
        }
    }

    private static int[] units(byte[] content, int width) {
        int[] units = new int[content.length / width];
        for (int i = 0; i < units.length; i++) {
            for (int b = 0; b < width; b++) {
                units[i] = (units[i] << 8) | (content[i * width + b] & 0xff);
            }
        }
        return units;
    }

    private static void escape(int[] text, StringBuilder out) {
        for (int i = 0; i < text.length; i++) {
            // do_buf: the first-character flag, replaced by the last-character flag on the last character.
            boolean last = i == text.length - 1;
            boolean first = i == 0 && !last;
            ByteArrayOutputStream utf8 = new ByteArrayOutputStream();
            utf8.writeBytes(new String(new int[] {text[i]}, 0, 1).getBytes(StandardCharsets.UTF_8));
            for (byte b : utf8.toByteArray()) {
                int c = b & 0xff;
                if (",+\"\\<>;".indexOf(c) >= 0 || (c == ' ' && (first || last)) || (c == '#' && first)) {
                    out.append('\\').append((char) c);
                } else if (c < 0x20 || c >= 0x7f) {
                    out.append(String.format("\\%02X", c));
                } else {
                    out.append((char) c);
                }
            }
        }
    }
}
