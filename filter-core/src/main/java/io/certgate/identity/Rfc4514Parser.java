package io.certgate.identity;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Parses the RFC 4514 (and RFC 2253) string form of a DN, as printed by the JDK's
 * {@code X500Principal.getName(RFC2253)} and by nginx's {@code $ssl_client_s_dn}.
 *
 * <p>Escapes ({@code \,} {@code \+} {@code \"} {@code \\} and {@code \XX} hex bytes that form UTF-8) are
 * decoded; quoted values ({@code CN="a, b"}) and {@code #hex} BER values are accepted; spaces around
 * separators are ignored. Anything else that is not in the grammar is an error: a lenient parser is how
 * {@code OU=CN\=alice} or {@code CN=alice\00.evil} become someone else's name.
 */
final class Rfc4514Parser {
    private final String in;
    private int pos;
    private int attributeCount;

    private Rfc4514Parser(String in) {
        this.in = in;
    }

    static List<Rdn> parse(String text) throws DnParseException {
        return new Rfc4514Parser(text).distinguishedName();
    }

    private List<Rdn> distinguishedName() throws DnParseException {
        List<Rdn> rdns = new ArrayList<>();
        skipSpaces();
        if (atEnd()) {
            return rdns;
        }
        while (true) {
            rdns.add(rdn());
            skipSpaces();
            if (atEnd()) {
                return rdns;
            }
            expect(',');
        }
    }

    private Rdn rdn() throws DnParseException {
        List<AttributeTypeAndValue> attributes = new ArrayList<>(1);
        while (true) {
            if (++attributeCount > DistinguishedName.MAX_ATTRIBUTES) {
                throw new DnParseException("more than " + DistinguishedName.MAX_ATTRIBUTES + " attributes");
            }
            attributes.add(attributeTypeAndValue());
            skipSpaces();
            if (atEnd() || peek() != '+') {
                return new Rdn(attributes);
            }
            pos++;
        }
    }

    private AttributeTypeAndValue attributeTypeAndValue() throws DnParseException {
        skipSpaces();
        int start = pos;
        while (!atEnd() && isTypeChar(peek())) {
            pos++;
        }
        String type = in.substring(start, pos);
        if (!AttributeTypes.isValid(type)) {
            throw new DnParseException("bad attribute type at position " + start);
        }
        skipSpaces();
        expect('=');
        skipSpaces();
        String value;
        if (atEnd()) {
            value = "";
        } else if (peek() == '#') {
            value = hexValue();
        } else if (peek() == '"') {
            value = quotedValue();
        } else {
            value = stringValue();
        }
        return new AttributeTypeAndValue(AttributeTypes.canonical(type), value);
    }

    private String hexValue() throws DnParseException {
        int start = ++pos;
        while (!atEnd() && DnText.hexValue(peek()) >= 0) {
            pos++;
        }
        int length = pos - start;
        if (length == 0 || length % 2 != 0) {
            throw new DnParseException("#hex value at position " + start + " needs an even number of hex digits");
        }
        return BerString.decode(HexFormat.of().parseHex(in, start, pos));
    }

    private String quotedValue() throws DnParseException {
        int start = pos++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw new DnParseException("unterminated quoted value at position " + start);
            }
            char c = in.charAt(pos);
            if (c == '"') {
                pos++;
                return value.toString();
            }
            if (c == '\\') {
                escape(value);
            } else {
                checkNotNul(c);
                value.append(c);
                pos++;
            }
        }
    }

    private String stringValue() throws DnParseException {
        StringBuilder value = new StringBuilder();
        // Unescaped trailing spaces are not part of the value; escaped ones are.
        int significantLength = 0;
        while (!atEnd()) {
            char c = in.charAt(pos);
            if (c == ',' || c == '+') {
                break;
            }
            if (c == '\\') {
                escape(value);
                significantLength = value.length();
                continue;
            }
            if (c == '"' || c == ';' || c == '<' || c == '>') {
                throw new DnParseException("unescaped '" + c + "' at position " + pos);
            }
            checkNotNul(c);
            value.append(c);
            pos++;
            if (c != ' ') {
                significantLength = value.length();
            }
        }
        value.setLength(significantLength);
        return value.toString();
    }

    /** Decodes {@code \c} for a special character, or a run of {@code \XX} bytes as UTF-8. */
    private void escape(StringBuilder value) throws DnParseException {
        if (pos + 1 >= in.length()) {
            throw new DnParseException("dangling backslash at the end");
        }
        char next = in.charAt(pos + 1);
        if (DnText.hexValue(next) < 0) {
            if ("\\\"+,;<>= #".indexOf(next) < 0) {
                throw new DnParseException("bad escape at position " + pos);
            }
            value.append(next);
            pos += 2;
            return;
        }
        // Sized by this run of escapes, not by the rest of the input: a DN of many short runs (\41a\41a...)
        // would otherwise allocate quadratically in its length.
        int run = 0;
        while (pos + 3 * run + 2 < in.length() && in.charAt(pos + 3 * run) == '\\'
                && DnText.hexValue(in.charAt(pos + 3 * run + 1)) >= 0) {
            run++;
        }
        byte[] bytes = new byte[run];
        int count = 0;
        while (count < run) {
            int low = DnText.hexValue(in.charAt(pos + 2));
            if (low < 0) {
                throw new DnParseException("bad hex escape at position " + pos);
            }
            bytes[count++] = (byte) ((DnText.hexValue(in.charAt(pos + 1)) << 4) | low);
            pos += 3;
        }
        if (count == 0) {
            throw new DnParseException("bad hex escape at position " + pos);
        }
        value.append(DnText.decodeUtf8(bytes, count));
    }

    private static void checkNotNul(char c) throws DnParseException {
        if (c == 0) {
            throw new DnParseException("raw NUL character in value");
        }
    }

    private static boolean isTypeChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    }

    private void expect(char c) throws DnParseException {
        if (atEnd() || in.charAt(pos) != c) {
            throw new DnParseException("expected '" + c + "' at position " + pos);
        }
        pos++;
    }

    private void skipSpaces() {
        while (!atEnd() && in.charAt(pos) == ' ') {
            pos++;
        }
    }

    private char peek() {
        return in.charAt(pos);
    }

    private boolean atEnd() {
        return pos >= in.length();
    }
}
