package io.certgate.source;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;

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
        byte[] der;
        try {
            der = Base64.getDecoder().decode(compact.toString());
        } catch (IllegalArgumentException e) {
            throw new MalformedHeaderException("bad base64: " + e.getMessage());
        }
        return fromDer(der);
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
