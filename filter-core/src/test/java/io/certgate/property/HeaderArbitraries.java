package io.certgate.property;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import io.certgate.source.PropertyHeaderFormats;

/**
 * Header values that are not certificates but look like the parts of one: base64 of random bytes that start
 * like DER, truncated real certificates, PEM armour around garbage, structured-field byte sequences, percent
 * escapes, XFCC syntax, and plain random text.
 */
final class HeaderArbitraries {
    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";

    private HeaderArbitraries() {
    }

    static Arbitrary<String> garbage() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(100),
                Arbitraries.strings().ascii().ofMaxLength(100),
                Arbitraries.strings().withChars(BASE64 + " \t\n").ofMaxLength(200),
                derLike().map(HeaderArbitraries::base64),
                truncatedCertificate().map(HeaderArbitraries::base64),
                Combinators.combine(Arbitraries.of("-----BEGIN CERTIFICATE-----", "-----BEGIN CERTIFICATE-----\n", ""),
                        Arbitraries.oneOf(derLike().map(HeaderArbitraries::base64),
                                truncatedCertificate().map(b -> Base64.getMimeEncoder().encodeToString(b))),
                        Arbitraries.of("-----END CERTIFICATE-----", "\n-----END CERTIFICATE-----\n", "-----END", ""))
                        .as((a, b, c) -> a + b + c),
                Combinators.combine(Arbitraries.of(":", "", "::"), derLike().map(HeaderArbitraries::base64),
                        Arbitraries.of(":", ":;a=1", ":;", ": , :", ":,", ""))
                        .as((a, b, c) -> a + b + c),
                Arbitraries.strings().withChars("%0123456789ABCDEFabcdefgG").ofMaxLength(120),
                truncatedCertificate().map(HeaderArbitraries::percentEscapedPem),
                xfccLike(),
                Arbitraries.of("(null)", "SUCCESS", "NONE", "FAILED:", "0", "", " ", ",", ":", "::", "\"", "%",
                        "-----BEGIN CERTIFICATE----------END CERTIFICATE-----"));
    }

    /** Bytes that pass the "starts with a SEQUENCE" check and reach the JDK's certificate parser. */
    static Arbitrary<byte[]> derLike() {
        return Combinators.combine(Arbitraries.of(new byte[] {0x30}, new byte[] {0x30, (byte) 0x82},
                        new byte[] {0x30, (byte) 0x84, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
                        new byte[] {0x30, (byte) 0x80}, new byte[] {0x30, 0x03, 0x30, 0x01}),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
                .as((prefix, rest) -> {
                    byte[] out = new byte[prefix.length + rest.length];
                    System.arraycopy(prefix, 0, out, 0, prefix.length);
                    System.arraycopy(rest, 0, out, prefix.length, rest.length);
                    return out;
                });
    }

    /** A real certificate cut short, or with bytes appended: never a whole certificate. */
    static Arbitrary<byte[]> truncatedCertificate() {
        return Combinators.combine(Arbitraries.of(PropertyHeaderFormats.certificates()).map(HeaderArbitraries::der),
                        Arbitraries.doubles().between(0, 0.999).ofScale(4), Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(4),
                        Arbitraries.of(true, false))
                .as((der, cut, extra, append) -> {
                    if (append) {
                        byte[] out = java.util.Arrays.copyOf(der, der.length + extra.length);
                        System.arraycopy(extra, 0, out, der.length, extra.length);
                        return out;
                    }
                    return java.util.Arrays.copyOf(der, (int) (cut * der.length));
                });
    }

    static Arbitrary<String> xfccLike() {
        Arbitrary<String> fragment = Arbitraries.oneOf(
                Arbitraries.of("By", "Hash", "Cert", "Chain", "Subject", "URI", "DNS", "cert", " subject "),
                Arbitraries.of("=", ";", ",", "\"", "\\", "\\\"", " ", "%", "%2"),
                Arbitraries.of("CN=alice", "CN=a\\,b", "O=x+CN=y", "CN=\\00", "spiffe://x", "-----BEGIN%20CERTIFICATE-----"),
                Arbitraries.strings().ascii().ofMaxLength(5));
        return fragment.list().ofMaxSize(30).map(parts -> String.join("", parts));
    }

    /**
     * Header sets for {@code format}: each header it reads is absent, empty, garbage or, for the verify
     * header, the value that means verified.
     */
    static Arbitrary<Map<String, String>> garbageHeaders(String format) {
        List<String> names = PropertyHeaderFormats.headerNames(format);
        Map.Entry<String, String> verified = PropertyHeaderFormats.verifiedHeader(format);
        Arbitrary<String> absent = Arbitraries.just(null);
        List<Arbitrary<String>> values = names.stream().map(name -> {
            Arbitrary<String> value = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, absent),
                    net.jqwik.api.Tuple.of(4, garbage()));
            if (verified != null && name.equals(verified.getKey())) {
                return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.just(verified.getValue())),
                        net.jqwik.api.Tuple.of(1, value));
            }
            return value;
        }).toList();
        return Combinators.combine(values).as(list -> {
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                if (list.get(i) != null) {
                    headers.put(names.get(i), list.get(i));
                }
            }
            return headers;
        });
    }

    static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String percentEscapedPem(byte[] der) {
        String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
        StringBuilder out = new StringBuilder();
        for (byte b : pem.getBytes(StandardCharsets.US_ASCII)) {
            char c = (char) b;
            out.append(Character.isLetterOrDigit(c) ? String.valueOf(c) : String.format("%%%02X", b & 0xff));
        }
        return out.toString();
    }
}
