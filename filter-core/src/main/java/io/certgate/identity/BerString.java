package io.certgate.identity;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The text of an attribute value given as BER: the {@code #hex} form of an RFC 4514 value (which the JDK and
 * OpenSSL print for attribute types they have no keyword for), and each value of a certificate's DER name
 * ({@link DerName}). Only the ASN.1 string types are decoded, each by its own charset; any other content is
 * kept as the opaque {@code #hex} text, which matches no name a policy can list.
 */
final class BerString {
    private BerString() {
    }

    static String decode(byte[] ber) throws DnParseException {
        if (ber.length < 2) {
            throw new DnParseException("#hex value is too short to be BER");
        }
        int tag = ber[0] & 0xff;
        int length = ber[1] & 0xff;
        int offset = 2;
        if (length > 0x7f) {
            int lengthBytes = length & 0x7f;
            if (lengthBytes == 0 || lengthBytes > 3 || ber.length < 2 + lengthBytes) {
                throw new DnParseException("#hex value has a bad BER length");
            }
            length = 0;
            for (int i = 0; i < lengthBytes; i++) {
                length = (length << 8) | (ber[offset++] & 0xff);
            }
        }
        if (length != ber.length - offset) {
            throw new DnParseException("#hex value length does not match its BER header");
        }
        return text(ber, 0, tag, offset, ber.length);
    }

    /**
     * The text of the BER value in {@code bytes[start, end)}, whose first identifier byte is {@code tag} and
     * whose content starts at {@code contentOffset}. (A multi-byte identifier starts with low bits 11111,
     * which no string type has.)
     */
    static String text(byte[] bytes, int start, int tag, int contentOffset, int end) throws DnParseException {
        Charset charset = charsetFor(tag);
        if (charset == null) {
            return hexForm(bytes, start, end);
        }
        return DnText.decodeStrict(bytes, contentOffset, end - contentOffset, charset);
    }

    private static String hexForm(byte[] bytes, int start, int end) {
        return "#" + HexFormat.of().formatHex(bytes, start, end);
    }

    /**
     * The charset of each ASN.1 string type, as OpenSSL reads them when nginx, Envoy or Apache print a name
     * (a TeletexString is taken as Latin-1, one byte per character), or null for any other type.
     */
    private static Charset charsetFor(int tag) {
        switch (tag) {
            case 0x0c: // UTF8String
                return StandardCharsets.UTF_8;
            case 0x12: // NumericString
            case 0x13: // PrintableString
            case 0x16: // IA5String
            case 0x1a: // VisibleString
                return StandardCharsets.US_ASCII;
            case 0x14: // TeletexString: in practice Latin-1
                return StandardCharsets.ISO_8859_1;
            case 0x1e: // BMPString
                return StandardCharsets.UTF_16BE;
            case 0x1c: // UniversalString
                return DnText.UTF_32BE;
            default:
                return null;
        }
    }
}
