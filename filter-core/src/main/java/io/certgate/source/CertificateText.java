package io.certgate.source;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Decoding of certificates as proxies put them in headers: URL-encoded PEM (nginx, Envoy), PEM with its
 * line breaks turned into spaces (Apache), bare base64 DER (Traefik, HAProxy). Decoding is strict; any
 * defect is a {@link MalformedHeaderException}, never a partial certificate.
 */
final class CertificateText {
    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
    static final String END = "-----END CERTIFICATE-----";

    private CertificateText() {
    }

    /** Strict percent-decoding ({@code +} stays a plus: nginx and Envoy escape with {@code %XX} only). */
    static String percentDecode(String text) throws MalformedHeaderException {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                int high = i + 2 < text.length() ? hexDigit(text.charAt(i + 1)) : -1;
                int low = i + 2 < text.length() ? hexDigit(text.charAt(i + 2)) : -1;
                if (high < 0 || low < 0) {
                    throw new MalformedHeaderException("bad percent-encoding at position " + i);
                }
                bytes.write((high << 4) | low);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                throw new MalformedHeaderException("non-ASCII character in an encoded certificate");
            }
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    /** The value of an ASCII hex digit, else -1 (Character.digit would also accept fullwidth and other digits). */
    private static int hexDigit(char c) {
        return c < 0x80 ? Character.digit(c, 16) : -1;
    }

    /**
     * One PEM certificate; whitespace of any kind may stand for the line breaks. Text before BEGIN or
     * after END, or a second certificate, is refused.
     */
    static X509Certificate fromPem(String pem) throws MalformedHeaderException {
        String text = pem.strip();
        if (!text.startsWith(BEGIN) || !text.endsWith(END) || text.length() < BEGIN.length() + END.length()) {
            throw new MalformedHeaderException("not a PEM certificate");
        }
        String body = text.substring(BEGIN.length(), text.length() - END.length());
        if (body.contains("-----")) {
            throw new MalformedHeaderException("more than one PEM block");
        }
        return fromBase64Der(body);
    }

    /** Base64 DER; whitespace is ignored, any other non-base64 character is an error. */
    static X509Certificate fromBase64Der(String base64) throws MalformedHeaderException {
        return fromDer(decodeBase64(base64));
    }

    /**
     * Base64 of DER certificates laid end to end (HAProxy {@code %[ssl_c_chain_der,base64]}), at most
     * {@code max} of them; each must be one whole DER SEQUENCE that parses as a certificate, with nothing
     * between or after them.
     */
    static List<X509Certificate> fromBase64DerConcatenation(String base64, int max) throws MalformedHeaderException {
        byte[] der = decodeBase64(base64);
        List<X509Certificate> certificates = new ArrayList<>();
        int at = 0;
        while (at < der.length) {
            if (certificates.size() == max) {
                throw new MalformedHeaderException("more than " + max + " certificates in the chain");
            }
            int end = derSequenceEnd(der, at);
            certificates.add(fromDer(Arrays.copyOfRange(der, at, end)));
            at = end;
        }
        return certificates;
    }

    /** Where the DER SEQUENCE starting at {@code at} ends, from its definite length (at most three bytes of it). */
    private static int derSequenceEnd(byte[] der, int at) throws MalformedHeaderException {
        if (der[at] != 0x30 || at + 2 > der.length) {
            throw new MalformedHeaderException("not a DER certificate at byte " + at);
        }
        int first = der[at + 1] & 0xff;
        int headerLength = 2;
        long length = first;
        if (first >= 0x80) {
            int lengthBytes = first & 0x7f;
            if (lengthBytes == 0 || lengthBytes > 3 || at + 2 + lengthBytes > der.length) {
                throw new MalformedHeaderException("bad DER length at byte " + at);
            }
            length = 0;
            for (int i = 0; i < lengthBytes; i++) {
                length = (length << 8) | (der[at + 2 + i] & 0xff);
            }
            headerLength += lengthBytes;
        }
        long end = at + headerLength + length;
        if (end > der.length) {
            throw new MalformedHeaderException("truncated DER certificate at byte " + at);
        }
        return (int) end;
    }

    private static byte[] decodeBase64(String base64) throws MalformedHeaderException {
        StringBuilder compact = new StringBuilder(base64.length());
        for (int i = 0; i < base64.length(); i++) {
            char c = base64.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                continue;
            }
            boolean base64Char = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '=';
            if (!base64Char) {
                throw new MalformedHeaderException("character outside base64 at position " + i);
            }
            compact.append(c);
        }
        try {
            return Base64.getDecoder().decode(compact.toString());
        } catch (IllegalArgumentException e) {
            throw new MalformedHeaderException("bad base64: " + e.getMessage());
        }
    }

    private static X509Certificate fromDer(byte[] der) throws MalformedHeaderException {
        if (der.length == 0) {
            throw new MalformedHeaderException("empty certificate");
        }
        // The JDK's CertificateFactory also reads PEM text, skipping anything before BEGIN; DER starts with SEQUENCE.
        if (der[0] != 0x30) {
            throw new MalformedHeaderException("not a DER certificate: does not start with a SEQUENCE");
        }
        try {
            ByteArrayInputStream in = new ByteArrayInputStream(der);
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            if (in.available() != 0) {
                throw new MalformedHeaderException("bytes after the certificate");
            }
            return certificate;
        } catch (CertificateException | RuntimeException e) {
            throw new MalformedHeaderException("not a DER certificate: " + e.getClass().getSimpleName());
        }
    }
}
