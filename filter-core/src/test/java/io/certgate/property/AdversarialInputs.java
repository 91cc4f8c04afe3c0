package io.certgate.property;

import java.util.List;

/**
 * Worst-case inputs for the header and DN parsers, at the largest size each accepts: the inputs a
 * backtracking regex or a quadratic loop would choke on. Deterministic, so that a JMH benchmark can use
 * them as its fixtures ({@code AdversarialInputs.xfcc(16 * 1024)}) and the property tests feed the same
 * strings to every parser to check that they are refused with the parser's own exception.
 *
 * <p>Each method returns inputs of exactly {@code length} characters where the pattern allows.
 */
public final class AdversarialInputs {
    /** ProxyHeaders.MAX_VALUE_LENGTH: the longest header value a parser ever sees. */
    public static final int HEADER_LENGTH = 16 * 1024;
    /** DistinguishedName.MAX_LENGTH. */
    public static final int DN_LENGTH = 4 * 1024;

    private AdversarialInputs() {
    }

    /**
     * XFCC values full of quotes and backslashes: an unterminated quoted value of escaped quotes, a run of
     * {@code \"} pairs that ends without its closing quote, thousands of tiny pairs, and a Subject of
     * nested escapes that is well-formed XFCC but not a DN.
     */
    public static List<String> xfcc(int length) {
        return List.of(
                fill("By=\"", "\\\"", length),
                fill("Subject=\"CN=", "\\\\\\\"", length),
                fill("", "a=\"\\\";", length),
                fill("Hash=x;", "k=\"\";", length),
                fill("Subject=\"", "\\,\\+\\\\", length - 1) + "\"",
                fill("", "\"", length),
                fill("", "\\", length),
                fill("Cert=\"", "%5C%22", length));
    }

    /**
     * DNs of escapes at the length limit: special-character escapes, runs of UTF-8 hex escapes (valid,
     * then one truncated sequence at the very end), single hex escapes between characters (many short runs),
     * quoted values of escapes, and the legacy form's {@code \xHH} runs.
     */
    public static List<String> dns(int length) {
        return List.of(
                fill("CN=", "\\,", length),
                fill("CN=", "\\C3\\A9", length - 3) + "\\C3",
                fill("CN=", "\\41a", length),
                fill("CN=\"", "\\\"", length),
                fill("CN=", "\\\\", length - 1) + "\\",
                fill("CN=", "a+CN=", length),
                fill("/CN=", "\\xC3\\xA9", length - 4) + "\\xC3",
                fill("/CN=", "\\x41a", length),
                fill("CN=#", "0c", length));
    }

    /**
     * Header values of percent signs for the URL-escaped certificate headers (nginx, Envoy's Cert, Traefik
     * v2): all {@code %}, truncated escapes, and valid escapes of nothing that is a certificate.
     */
    public static List<String> percents(int length) {
        return List.of(
                fill("", "%", length),
                fill("", "%4", length),
                fill("", "%41", length - 1) + "%",
                fill("-----BEGIN%20CERTIFICATE-----", "%0A", length));
    }

    /** {@code prefix} then {@code unit} repeated (the last repetition cut) to exactly {@code length} characters. */
    static String fill(String prefix, String unit, int length) {
        StringBuilder out = new StringBuilder(length);
        out.append(prefix);
        while (out.length() < length) {
            out.append(unit);
        }
        out.setLength(Math.max(prefix.length(), length));
        return out.toString();
    }
}
