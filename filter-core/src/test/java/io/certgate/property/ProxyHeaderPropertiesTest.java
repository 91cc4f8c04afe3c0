package io.certgate.property;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import io.certgate.identity.DistinguishedName;
import io.certgate.identity.DnParseException;
import io.certgate.source.PropertyHeaderFormats;
import io.certgate.verdict.Denial;
import io.certgate.verdict.Identified;
import io.certgate.verdict.ReasonCode;
import io.certgate.verdict.Verdict;

/**
 * Every proxy header format, fed garbage and mutated valid headers from the trusted proxy: extraction never
 * throws, the format itself throws nothing but {@code MalformedHeaderException}, and a {@code Present} only
 * ever carries a certificate that was really sent, or (nginx's DN header, Envoy's Subject) the parse of the
 * DN text that was sent.
 */
class ProxyHeaderPropertiesTest {
    /** A format and the headers to send with it. */
    record Case(String format, Map<String, String> headers, X509Certificate sent) {
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(format).append(':');
            headers.forEach((name, value) -> out.append("\n  ").append(name).append(": ")
                    .append(DistinguishedNamePropertiesTest.printable(value)));
            return out.toString();
        }
    }

    // Built once: an arbitrary made inside flatMap for every try would cost more than the parsing it feeds.
    private static final Arbitrary<Case> GARBAGE = Arbitraries.oneOf(PropertyHeaderFormats.FORMATS.stream()
            .map(format -> HeaderArbitraries.garbageHeaders(format).map(h -> new Case(format, h, null)))
            .toList());
    private static final Arbitrary<Case> MUTATED = Arbitraries.oneOf(mutatedCases());
    private static final Arbitrary<Case> ADVERSARIAL = Arbitraries.of(adversarialCases());

    @Provide
    Arbitrary<Case> garbage() {
        return GARBAGE;
    }

    @Provide
    Arbitrary<Case> mutated() {
        return MUTATED;
    }

    @Provide
    Arbitrary<Case> adversarial() {
        return ADVERSARIAL;
    }

    /** For every format, client and header: the valid headers with that one header mutated. */
    private static List<Arbitrary<Case>> mutatedCases() {
        Arbitrary<String> interesting = Arbitraries.of("%", "%2", "%0A", "\\", "\"", ",", ";", ":", "=", " ", "\n",
                "\r\n", "-----", "A", "/", "+", "\u0000", "\u00e9");
        List<Arbitrary<Case>> cases = new java.util.ArrayList<>();
        for (String format : PropertyHeaderFormats.FORMATS) {
            for (X509Certificate client : PropertyHeaderFormats.certificates().subList(0, 4)) {
                Map<String, String> valid = PropertyHeaderFormats.validHeaders(format, client);
                for (String name : valid.keySet()) {
                    cases.add(Mutations.mutated(Arbitraries.just(valid.get(name)), interesting).map(value -> {
                        Map<String, String> headers = new LinkedHashMap<>(valid);
                        headers.put(name, value);
                        return new Case(format, headers, client);
                    }));
                }
            }
        }
        return cases;
    }

    /** Every adversarial value in every header of every format, the verify header saying verified. */
    private static List<Case> adversarialCases() {
        List<String> values = new java.util.ArrayList<>();
        values.addAll(AdversarialInputs.xfcc(AdversarialInputs.HEADER_LENGTH));
        values.addAll(AdversarialInputs.percents(AdversarialInputs.HEADER_LENGTH));
        values.addAll(AdversarialInputs.dns(AdversarialInputs.DN_LENGTH));
        values.addAll(AdversarialInputs.dns(AdversarialInputs.HEADER_LENGTH));
        List<Case> cases = new java.util.ArrayList<>();
        for (String format : PropertyHeaderFormats.FORMATS) {
            for (String name : PropertyHeaderFormats.headerNames(format)) {
                for (String value : values) {
                    Map<String, String> headers = new LinkedHashMap<>();
                    Map.Entry<String, String> verified = PropertyHeaderFormats.verifiedHeader(format);
                    if (verified != null) {
                        headers.put(verified.getKey(), verified.getValue());
                    }
                    headers.put(name, value);
                    cases.add(new Case(format, headers, null));
                }
            }
        }
        return cases;
    }

    @Property(tries = 1000, seed = "9440")
    void garbageNeverThrowsAndNeverBecomesACertificate(@ForAll("garbage") Case request) {
        checkExtraction(request);
    }

    @Property(tries = 1000, seed = "1234")
    void mutatedValidHeadersNeverThrowAndOnlyEverYieldTheCertificateSent(@ForAll("mutated") Case request) {
        checkExtraction(request);
    }

    /** Exhaustive over the adversarial cases (jqwik enumerates them when tries exceed their number). */
    @Property(tries = 1000, seed = "16384")
    void adversarialHeadersOfMaximalLengthNeverThrow(@ForAll("adversarial") Case request) {
        checkExtraction(request);
    }

    /** The unmutated headers of every format give the certificate: the generators above start from real input. */
    @Property(tries = 24)
    void validHeadersGiveTheCertificateSent(@ForAll("formats") String format, @ForAll("clients") X509Certificate client) {
        Verdict extraction = PropertyHeaderFormats.extract(format, PropertyHeaderFormats.validHeaders(format, client));
        if (!(extraction instanceof Identified present)) {
            throw new AssertionError(format + " did not accept its own valid headers: " + extraction);
        }
        assertArrayEquals(HeaderArbitraries.der(client), HeaderArbitraries.der(present.identity().certificate()));
    }

    @Provide
    Arbitrary<String> formats() {
        return Arbitraries.of(PropertyHeaderFormats.FORMATS);
    }

    @Provide
    Arbitrary<X509Certificate> clients() {
        return Arbitraries.of(PropertyHeaderFormats.certificates().subList(0, 4));
    }

    private static void checkExtraction(Case request) {
        PropertyHeaderFormats.Outcome direct;
        try {
            direct = PropertyHeaderFormats.read(request.format(), request.headers());
        } catch (RuntimeException e) {
            throw new AssertionError("the format threw " + e + " instead of MalformedHeaderException for " + request, e);
        }
        Verdict extraction = PropertyHeaderFormats.extract(request.format(), request.headers());

        if (direct.refusal() != null) {
            if (!(extraction instanceof Denial rejected) || rejected.reason() != ReasonCode.MALFORMED_HEADER) {
                fail("the format refused (" + direct.refusal().getMessage() + ") but extraction gave " + extraction
                        + " for " + request);
            }
            return;
        }
        assertEquals(kind(direct.extraction()), kind(extraction), () -> "direct read and HeaderSource disagree for " + request);
        if (extraction instanceof Identified present) {
            checkPresent(request, present);
        }
    }

    private static void checkPresent(Case request, Identified present) {
        Map.Entry<String, String> verified = PropertyHeaderFormats.verifiedHeader(request.format());
        if (verified != null) {
            assertEquals(verified.getValue(), request.headers().get(verified.getKey()),
                    () -> "Present without the verified value of " + verified.getKey() + " for " + request);
        }
        X509Certificate certificate = present.identity().certificate();
        if (certificate != null) {
            assertNotNull(request.sent(), () -> "a certificate came out of garbage: " + request);
            // Headers are not where signatures are checked: a mutation inside the DER that the JDK still
            // parses gives a certificate, which chain validation refuses because its signature fails.
            if (!java.util.Arrays.equals(HeaderArbitraries.der(request.sent()), HeaderArbitraries.der(certificate))
                    && PropertyHeaderFormats.signedByTestCa(certificate)) {
                fail("Present with a validly signed certificate other than the one sent, for " + request);
            }
            String printed = PropertyHeaderFormats.dnText(request.format(), request.headers());
            if (printed != null && !printed.isEmpty()) {
                try {
                    assertEquals(present.identity().subject(), DistinguishedName.parse(printed),
                            () -> "the DN the proxy printed names another subject: " + request);
                } catch (DnParseException e) {
                    fail("Present although the DN the proxy printed does not parse: " + request);
                }
            }
            return;
        }
        String dn = PropertyHeaderFormats.dnText(request.format(), request.headers());
        if (dn == null) {
            fail("Present without a certificate or a DN: " + request);
        }
        try {
            assertEquals(DistinguishedName.parse(dn), present.identity().subject(), () -> "subject of " + request);
        } catch (DnParseException e) {
            fail("Present from a DN that does not parse (" + e.getMessage() + "): " + request);
        }
    }

    private static String kind(Verdict extraction) {
        return extraction.getClass().getSimpleName();
    }
}
