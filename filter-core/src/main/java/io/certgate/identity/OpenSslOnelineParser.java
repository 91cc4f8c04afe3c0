package io.certgate.identity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Parses OpenSSL's legacy one-line DN form, {@code /C=US/ST=Florida/O=CLIENT NAME/CN=CLIENT NAME}, which
 * nginx before 1.11.6 sent as {@code $ssl_client_s_dn} (and still sends as {@code $ssl_client_s_dn_legacy}).
 *
 * <p>The form lists the most general attribute first, the reverse of RFC 4514, so the RDNs are reversed
 * here. OpenSSL prints bytes outside printable ASCII as {@code \xHH}; those are decoded as UTF-8. OpenSSL
 * does not escape {@code /} inside a value, so the form is ambiguous by design: prefer the RFC 2253 form or
 * the whole certificate.
 */
final class OpenSslOnelineParser {
    private OpenSslOnelineParser() {
    }

    static List<Rdn> parse(String text) throws DnParseException {
        if (text.isEmpty() || text.charAt(0) != '/') {
            throw new DnParseException("legacy DN must start with '/'");
        }
        List<Rdn> rdns = new ArrayList<>();
        int start = 1;
        while (start <= text.length()) {
            int end = text.indexOf('/', start);
            if (end < 0) {
                end = text.length();
            }
            if (rdns.size() >= DistinguishedName.MAX_ATTRIBUTES) {
                throw new DnParseException("more than " + DistinguishedName.MAX_ATTRIBUTES + " attributes");
            }
            rdns.add(new Rdn(List.of(component(text, start, end))));
            start = end + 1;
        }
        Collections.reverse(rdns);
        return rdns;
    }

    private static AttributeTypeAndValue component(String text, int start, int end) throws DnParseException {
        int equals = text.indexOf('=', start);
        if (equals < 0 || equals >= end) {
            throw new DnParseException("legacy DN component at position " + start + " has no '='");
        }
        String type = text.substring(start, equals);
        if (!AttributeTypes.isValid(type)) {
            throw new DnParseException("bad attribute type at position " + start);
        }
        return new AttributeTypeAndValue(AttributeTypes.canonical(type), value(text, equals + 1, end));
    }

    private static String value(String text, int start, int end) throws DnParseException {
        StringBuilder value = new StringBuilder(end - start);
        int i = start;
        while (i < end) {
            char c = text.charAt(i);
            if (c == 0) {
                throw new DnParseException("raw NUL character in value");
            }
            if (c == '\\' && isHexEscape(text, i, end)) {
                // Sized by this run of escapes, not by the rest of the value (see Rfc4514Parser#escape).
                int run = 0;
                while (isHexEscape(text, i + 4 * run, end)) {
                    run++;
                }
                byte[] bytes = new byte[run];
                int count = 0;
                while (isHexEscape(text, i, end)) {
                    bytes[count++] = (byte) ((DnText.hexValue(text.charAt(i + 2)) << 4)
                            | DnText.hexValue(text.charAt(i + 3)));
                    i += 4;
                }
                value.append(DnText.decodeUtf8(bytes, count));
            } else {
                value.append(c);
                i++;
            }
        }
        return value.toString();
    }

    private static boolean isHexEscape(String text, int i, int end) {
        return i + 3 < end && text.charAt(i) == '\\' && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')
                && DnText.hexValue(text.charAt(i + 2)) >= 0 && DnText.hexValue(text.charAt(i + 3)) >= 0;
    }
}
