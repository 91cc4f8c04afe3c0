package io.certgate.identity;

import java.math.BigInteger;

/**
 * A cursor over DER bytes for the identity's parsers ({@link DerName}, the otherName and certificate-policy
 * readers of {@link CertificateFields}): definite minimal lengths only, every length checked against its
 * container, OIDs bounded. Any malformation is a {@link DnParseException} naming the byte, never another
 * exception.
 */
class DerReader {
    static final int OBJECT_IDENTIFIER = 0x06;
    static final int SEQUENCE = 0x30;
    /** Far longer than any registered OID; bounds the work on one arc. */
    static final int MAX_OID_BYTES = 64;

    final byte[] der;
    int pos;

    DerReader(byte[] der) {
        this.der = der;
    }

    /** Reads the one-byte tag {@code tag} and its length; returns where the content ends. */
    int expect(int tag, String what, int limit) throws DnParseException {
        if (pos >= limit) {
            throw new DnParseException(what + " missing at byte " + pos);
        }
        if ((der[pos] & 0xff) != tag) {
            throw new DnParseException(what + " has tag 0x" + Integer.toHexString(der[pos] & 0xff) + ", expected 0x"
                    + Integer.toHexString(tag) + " at byte " + pos);
        }
        pos++;
        return length(limit);
    }

    /** A DER length: definite, in the fewest bytes, within {@code limit}. Returns where the content ends. */
    int length(int limit) throws DnParseException {
        if (pos >= limit) {
            throw new DnParseException("length missing at byte " + pos);
        }
        int first = der[pos++] & 0xff;
        long length;
        if (first < 0x80) {
            length = first;
        } else if (first == 0x80) {
            throw new DnParseException("indefinite length at byte " + (pos - 1) + "; DER needs definite lengths");
        } else {
            int bytes = first & 0x7f;
            if (bytes > 4 || limit - pos < bytes) {
                throw new DnParseException("bad length at byte " + (pos - 1));
            }
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[pos++] & 0xff);
            }
            if (length < 0x80 || length >> (8 * (bytes - 1)) == 0) {
                throw new DnParseException("non-minimal length at byte " + (pos - bytes - 1));
            }
        }
        if (length > limit - pos) {
            throw new DnParseException("length at byte " + (pos - 1) + " runs past its container");
        }
        return pos + (int) length;
    }

    /** The dotted form of the OBJECT IDENTIFIER content that ends at {@code end}. */
    String oid(int end, String what) throws DnParseException {
        if (pos == end || end - pos > MAX_OID_BYTES) {
            throw new DnParseException("bad " + what + " length at byte " + pos);
        }
        StringBuilder dotted = new StringBuilder();
        boolean first = true;
        while (pos < end) {
            if (der[pos] == (byte) 0x80) {
                throw new DnParseException("non-minimal " + what + " at byte " + pos);
            }
            // A long holds every arc in use; the rare longer one (a UUID under 2.25) becomes a BigInteger.
            long arc = 0;
            BigInteger bigArc = null;
            int b;
            do {
                if (pos == end) {
                    throw new DnParseException("truncated " + what + " at byte " + pos);
                }
                b = der[pos++] & 0xff;
                if (bigArc == null && arc >>> 56 != 0) {
                    bigArc = BigInteger.valueOf(arc);
                }
                if (bigArc == null) {
                    arc = (arc << 7) | (b & 0x7f);
                } else {
                    bigArc = bigArc.shiftLeft(7).or(BigInteger.valueOf(b & 0x7f));
                }
            } while ((b & 0x80) != 0);
            if (first) {
                // The first subidentifier packs two arcs, 40 * first + second, the first being 0, 1 or 2.
                if (bigArc != null) {
                    dotted.append("2.").append(bigArc.subtract(BigInteger.valueOf(80)));
                } else {
                    long top = Math.min(arc / 40, 2);
                    dotted.append(top).append('.').append(arc - 40 * top);
                }
                first = false;
            } else {
                dotted.append('.').append(bigArc != null ? bigArc.toString() : Long.toString(arc));
            }
        }
        return dotted.toString();
    }
}
