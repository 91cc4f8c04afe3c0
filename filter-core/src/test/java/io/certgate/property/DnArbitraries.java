package io.certgate.property;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators for distinguished names and DN-like text: the values are biased towards the characters
 * that need escaping ({@code , + " \ < > ; # =}), edge spaces, non-ASCII (Latin, Cyrillic look-alikes,
 * CJK, characters outside the BMP) and a few control characters.
 */
final class DnArbitraries {
    /** The attribute types of the generated DNs. */
    static final List<String> KEYWORDS = List.of("CN", "O", "OU", "C", "L", "ST", "DC", "UID", "EMAILADDRESS",
            "SERIALNUMBER");

    private static final String SPECIALS = ",+\"\\<>;#= ";

    private DnArbitraries() {
    }

    /** Random DNs of 1..6 RDNs with 1..3 attributes each. */
    static Arbitrary<GeneratedDn> dns() {
        return rdn().list().ofMinSize(1).ofMaxSize(6).map(GeneratedDn::new);
    }

    static Arbitrary<List<GeneratedDn.Attribute>> rdn() {
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, attribute().list().ofSize(1)),
                        net.jqwik.api.Tuple.of(1, attribute().list().ofMinSize(2).ofMaxSize(3)));
    }

    static Arbitrary<GeneratedDn.Attribute> attribute() {
        return Combinators.combine(Arbitraries.of(KEYWORDS), value()).as(GeneratedDn.Attribute::new);
    }

    /** A value of up to eight pieces: plain text, specials, control characters, non-ASCII. */
    static Arbitrary<String> value() {
        return Arbitraries.oneOf(plainAscii(), specials(), controls(), nonAscii()).list().ofMaxSize(8)
                .map(pieces -> String.join("", pieces));
    }

    private static Arbitrary<String> plainAscii() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').numeric().withChars("-._@/:")
                .ofMinLength(1).ofMaxLength(6);
    }

    private static Arbitrary<String> specials() {
        return Arbitraries.strings().withChars(SPECIALS).ofMinLength(1).ofMaxLength(3);
    }

    private static Arbitrary<String> controls() {
        return Arbitraries.of("\t", "\n", "\u0001", "\u007f");
    }

    private static Arbitrary<String> nonAscii() {
        return Arbitraries.oneOf(
                Arbitraries.of("\u00e9", "\u00df", "\u00a0", "\u0430", "\u043e", "\u4e2d\u6587", "\u20ac",
                        "\ud83d\ude00", "\ufeff", "\u200b"),
                Arbitraries.integers().between(0xa0, 0x2ffff)
                        .filter(Character::isDefined)
                        .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
                        .map(Character::toString));
    }

    /** DN-shaped text that is mostly not quite a DN: fragments of the grammar in random order. */
    static Arbitrary<String> dnLikeText() {
        Arbitrary<String> fragment = Arbitraries.oneOf(
                Arbitraries.of("CN", "cn", "OU", "OID.2.5.4.3", "2.5.4.3", "1.2.840.113549.1.9.1", "E", "x-y",
                        "2.", ".5", "OID."),
                Arbitraries.of("=", ",", "+", ";", "/", "\\", "\"", "#", " ", "<", ">", "\u0000", "\t"),
                Arbitraries.of("\\2C", "\\c3\\a9", "\\C3", "\\F0\\9F\\98", "\\ED\\A0\\80", "\\C0\\AF", "\\x41",
                        "\\xC3\\xA9", "\\xC3", "\\0", "\\00", "\\g1", "\\\\"),
                Arbitraries.of("#0c03616263", "#1e0400e9", "#1c0000", "#130161", "#0c8103616263", "#0c83ffffff",
                        "#1e01", "#04", "#", "#zz", "#30030c0161"),
                Arbitraries.strings().all().ofMaxLength(4),
                plainAscii());
        return fragment.list().ofMaxSize(24).map(parts -> String.join("", parts));
    }

    /** The RFC 2253 printing of a random principal, or its legacy OpenSSL form, then mutated. */
    static Arbitrary<String> mutatedDnText() {
        Arbitrary<String> valid = dns().map(dn -> dn.principal().getName(javax.security.auth.x500.X500Principal.RFC2253));
        Arbitrary<String> legacy = dns().map(DnArbitraries::legacy);
        return Mutations.mutated(Arbitraries.oneOf(valid, legacy), Arbitraries.of(
                "\\", "\"", ",", "+", "=", "#", "/", "\u0000", "\\00", "\\C3", "\\x", "%", "\ud800", " "));
    }

    /** OpenSSL's legacy one-line form: most general RDN first, {@code \xHH} for non-ASCII UTF-8 bytes. */
    static String legacy(GeneratedDn dn) {
        StringBuilder out = new StringBuilder();
        List<List<GeneratedDn.Attribute>> rdns = dn.rdns();
        for (int i = rdns.size() - 1; i >= 0; i--) {
            for (GeneratedDn.Attribute attribute : rdns.get(i)) {
                out.append('/').append(attribute.keyword()).append('=');
                for (byte b : attribute.value().getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    int c = b & 0xff;
                    if (c >= 0x80) {
                        out.append(String.format("\\x%02X", c));
                    } else {
                        out.append((char) c);
                    }
                }
            }
        }
        return out.toString();
    }

    static Arbitrary<String> anyDnInput() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(64), Arbitraries.strings().ascii()
                .ofMaxLength(64), dnLikeText(), mutatedDnText(), Combinators.combine(Arbitraries.of("/", ""),
                        dnLikeText()).as(String::concat));
    }
}
