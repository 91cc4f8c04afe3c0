package io.certgate.identity;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Decodes the {@code #hex} form of an RFC 4514 attribute value: the BER encoding of the value, which the
 * JDK prints for attribute types it has no keyword for. Only the ASN.1 string types are decoded; any other
 * content is kept as the opaque {@code #hex} text, which matches no name a policy can list.
 */
final class BerString {
    private static final Charset UTF_32BE = Charset.forName("UTF-32BE");

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
        Charset charset = charsetFor(tag);
        if (charset == null) {
            return "#" + HexFormat.of().formatHex(ber);
        }
        return DnText.decodeStrict(ber, offset, length, charset);
    }

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
                return UTF_32BE;
            default:
                return null;
        }
    }
}
