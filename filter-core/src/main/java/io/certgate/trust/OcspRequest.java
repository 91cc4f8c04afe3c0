package io.certgate.trust;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The two pieces of OCSP that the JDK keeps to itself: where to ask (the responder URL in the certificate's
 * Authority Information Access extension) and what to send (an RFC 6960 request for one certificate, its
 * CertID hashed with SHA-1 as the JDK's own checker and every responder expect). The answer is checked by the
 * JDK's {@link java.security.cert.PKIXRevocationChecker}, never here; CertGate only carries it, with its own
 * timeouts.
 *
 * <p>Reads just enough DER for those two structures: single-byte tags, definite lengths, bounds checked; anything
 * else is {@link IllegalArgumentException}, which the checker treats as "no answer".
 */
final class OcspRequest {
    private static final String AUTHORITY_INFO_ACCESS = "1.3.6.1.5.5.7.1.1";
    /** id-ad-ocsp, 1.3.6.1.5.5.7.48.1, as DER contents. */
    private static final byte[] ID_AD_OCSP = {0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01};
    /** AlgorithmIdentifier { id-sha1, NULL }. */
    private static final byte[] SHA1_ALGORITHM = {0x30, 0x09, 0x06, 0x05, 0x2B, 0x0E, 0x03, 0x02, 0x1A, 0x05, 0x00};
    private static final int SEQUENCE = 0x30;
    private static final int OCTET_STRING = 0x04;
    private static final int BIT_STRING = 0x03;
    private static final int OBJECT_IDENTIFIER = 0x06;
    private static final int INTEGER = 0x02;
    /** GeneralName uniformResourceIdentifier, [6] IMPLICIT IA5String. */
    private static final int URI_NAME = 0x86;

    private OcspRequest() {
    }

    /** The first http or https OCSP responder URL in {@code certificate}, or null when it names none. */
    static String responderUrl(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(AUTHORITY_INFO_ACCESS);
        if (extension == null) {
            return null;
        }
        Element wrapper = Element.read(extension, 0, extension.length);
        for (Element description : wrapper.expect(OCTET_STRING).inside(SEQUENCE).children()) {
            List<Element> parts = description.expect(SEQUENCE).children();
            if (parts.size() == 2 && parts.get(0).tag == OBJECT_IDENTIFIER
                    && Arrays.equals(parts.get(0).contents(), ID_AD_OCSP) && parts.get(1).tag == URI_NAME) {
                String url = new String(parts.get(1).contents(), StandardCharsets.US_ASCII);
                if (url.startsWith("http://") || url.startsWith("https://")) {
                    return url;
                }
            }
        }
        return null;
    }

    /** The DER of an OCSPRequest for {@code certificate}, issued by {@code issuer}, without a nonce. */
    static byte[] encode(X509Certificate certificate, X509Certificate issuer) {
        byte[] issuerNameHash = sha1(issuer.getSubjectX500Principal().getEncoded());
        byte[] spki = issuer.getPublicKey().getEncoded();
        List<Element> keyInfo = Element.read(spki, 0, spki.length).expect(SEQUENCE).children();
        if (keyInfo.size() != 2) {
            throw new IllegalArgumentException("issuer key is not a SubjectPublicKeyInfo");
        }
        byte[] keyBits = keyInfo.get(1).expect(BIT_STRING).contents();
        if (keyBits.length < 1) {
            throw new IllegalArgumentException("issuer key bit string is empty");
        }
        byte[] issuerKeyHash = sha1(Arrays.copyOfRange(keyBits, 1, keyBits.length));
        byte[] certId = tlv(SEQUENCE, SHA1_ALGORITHM, tlv(OCTET_STRING, issuerNameHash),
                tlv(OCTET_STRING, issuerKeyHash), tlv(INTEGER, certificate.getSerialNumber().toByteArray()));
        // OCSPRequest { TBSRequest { requestList SEQUENCE OF Request { reqCert CertID } } }
        return tlv(SEQUENCE, tlv(SEQUENCE, tlv(SEQUENCE, tlv(SEQUENCE, certId))));
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK's SHA-1 is missing", e);
        }
    }

    /** One DER element: tag, length, contents. */
    static byte[] tlv(int tag, byte[]... contents) {
        int length = 0;
        for (byte[] part : contents) {
            length += part.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length > 0xFFFF ? 3 : length > 0xFF ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        for (byte[] part : contents) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A DER element read from {@code source}: its contents are {@code source[start, end)}. */
    record Element(int tag, byte[] source, int start, int end) {
        /** The element at {@code offset}, which must end by {@code limit}. */
        static Element read(byte[] source, int offset, int limit) {
            if (offset + 2 > limit) {
                throw new IllegalArgumentException("DER element cut short");
            }
            int tag = source[offset] & 0xFF;
            if ((tag & 0x1F) == 0x1F) {
                throw new IllegalArgumentException("DER tag in high-tag-number form");
            }
            int first = source[offset + 1] & 0xFF;
            int position = offset + 2;
            long length = first;
            if (first >= 0x80) {
                int bytes = first & 0x7F;
                if (bytes == 0 || bytes > 3 || position + bytes > limit) {
                    throw new IllegalArgumentException("DER length indefinite or too long");
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (source[position++] & 0xFF);
                }
            }
            if (position + length > limit) {
                throw new IllegalArgumentException("DER element longer than what holds it");
            }
            return new Element(tag, source, position, position + (int) length);
        }

        Element expect(int expected) {
            if (tag != expected) {
                throw new IllegalArgumentException("DER tag 0x" + Integer.toHexString(tag) + " where 0x"
                        + Integer.toHexString(expected) + " was expected");
            }
            return this;
        }

        /** The one element inside this one's contents, which must have tag {@code expected}. */
        Element inside(int expected) {
            Element inner = read(source, start, end).expect(expected);
            if (inner.end != end) {
                throw new IllegalArgumentException("DER data after the element");
            }
            return inner;
        }

        /** The elements one after another in this one's contents. */
        List<Element> children() {
            List<Element> children = new ArrayList<>();
            int position = start;
            while (position < end) {
                Element child = read(source, position, end);
                children.add(child);
                position = child.end;
            }
            return children;
        }

        byte[] contents() {
            return Arrays.copyOfRange(source, start, end);
        }
    }
}
