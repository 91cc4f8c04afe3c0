package io.certgate.identity;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Text helpers shared by the DN parsers: strict UTF-8 decoding, hex digits, RFC 4514 escaping. */
final class DnText {
    /** UniversalString's encoding; the JDK's decoder lets surrogate code points through, so they are checked here. */
    static final Charset UTF_32BE = Charset.forName("UTF-32BE");

    /** How {@link #escapeRfc4514} writes one character. */
    private static final int NONE = 0;
    private static final int BACKSLASH = 1;
    private static final int HEX = 2;

    private DnText() {
    }

    static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * Decodes bytes that must be well-formed in {@code charset}. Overlong UTF-8 forms, lone surrogates and
     * truncated sequences are errors, not replacement characters: a replacement would let two different
     * certificates print the same name.
     */
    static String decodeStrict(byte[] bytes, int offset, int length, Charset charset) throws DnParseException {
        if (isAscii(bytes, offset, length) && asciiCompatible(charset)) {
            // The common case (an escaped ',' or '+', a NUL): no decoder needed, and none to allocate.
            return new String(bytes, offset, length, StandardCharsets.US_ASCII);
        }
        if (charset.equals(UTF_32BE)) {
            rejectSurrogateCodePoints(bytes, offset, length);
        }
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DnParseException("value is not valid " + charset.name());
        }
    }

    /** A UTF-32 surrogate pair would decode to the same text as the character it stands for in UTF-16. */
    private static void rejectSurrogateCodePoints(byte[] bytes, int offset, int length) throws DnParseException {
        for (int i = offset; i + 3 < offset + length; i += 4) {
            if (bytes[i] == 0 && bytes[i + 1] == 0 && (bytes[i + 2] & 0xf8) == 0xd8) {
                throw new DnParseException("value is not valid UTF-32BE: surrogate code point");
            }
        }
    }

    private static boolean isAscii(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean asciiCompatible(Charset charset) {
        return charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.US_ASCII)
                || charset.equals(StandardCharsets.ISO_8859_1);
    }

    static String decodeUtf8(byte[] bytes, int length) throws DnParseException {
        return decodeStrict(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /** RFC 4514 string form of a value, for logs and {@code toString()}. */
    static String escapeRfc4514(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (escaping(value, i)) {
                case BACKSLASH:
                    out.append('\\').append(c);
                    break;
                case HEX:
                    out.append('\\').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
                    break;
                default:
                    out.append(c);
            }
        }
        return out.toString();
    }

    /** The length of {@link #escapeRfc4514}{@code (value)}, without building it. */
    static int escapedLength(String value) {
        int length = 0;
        for (int i = 0; i < value.length(); i++) {
            int escaping = escaping(value, i);
            length += escaping == NONE ? 1 : escaping == BACKSLASH ? 2 : 3;
        }
        return length;
    }

    /** How {@link #escapeRfc4514} writes the character at {@code i}: as it is, after a backslash, or as hex. */
    private static int escaping(String value, int i) {
        char c = value.charAt(i);
        boolean edgeSpace = c == ' ' && (i == 0 || i == value.length() - 1);
        if (c == '"' || c == '+' || c == ',' || c == ';' || c == '<' || c == '>' || c == '\\' || c == '='
                || edgeSpace || (c == '#' && i == 0)) {
            return BACKSLASH;
        }
        return c < 0x20 || c == 0x7f ? HEX : NONE;
    }
}
