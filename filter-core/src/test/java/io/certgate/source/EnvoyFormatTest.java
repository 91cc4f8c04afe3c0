package io.certgate.source;

import static io.certgate.source.ExtractionAssertions.assertAbsent;
import static io.certgate.source.ExtractionAssertions.assertPresent;
import static io.certgate.source.ExtractionAssertions.assertRejected;
import static io.certgate.source.ExtractionAssertions.extract;
import static io.certgate.source.ExtractionAssertions.source;
import static io.certgate.source.ProxyEncodings.envoyCert;
import static io.certgate.source.ProxyEncodings.envoyChain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.certgate.verdict.Denial;
import io.certgate.verdict.Identified;
import io.certgate.verdict.ReasonCode;
import io.certgate.verdict.Verdict;

/**
 * Envoy's {@code x-forwarded-client-cert} as {@code conn_manager_utility.cc} writes it with
 * {@code set_current_client_cert_details: {subject: true, cert: true, chain: true, uri: true, dns: true}}:
 * {@code By=<local URI SAN>;Hash=<sha256 hex>;Cert="<url-encoded PEM>";Chain="<url-encoded PEMs>";
 * Subject="<RFC 2253>";URI=<URI SAN>;DNS=<DNS SAN>}, one element per hop, comma-separated.
 */
class EnvoyFormatTest {
    private static final String XFCC = "x-forwarded-client-cert";
    private static final String BY = "By=spiffe://cluster.local/ns/default/sa/backend";

    private final HeaderSource envoy = source("envoy");

    private Verdict read(String xfcc) {
        return extract(envoy, ProxyRequest.fromProxy().header(XFCC, xfcc).build());
    }

    private static String hash(X509Certificate certificate) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ProxyEncodings.der(certificate)));
    }

    /** One element exactly as Envoy builds it for {@code client} presented with {@code chain}. */
    private static String element(X509Certificate client, String subject, X509Certificate... chain) throws Exception {
        X509Certificate[] full = new X509Certificate[chain.length + 1];
        full[0] = client;
        System.arraycopy(chain, 0, full, 1, chain.length);
        return BY + ";Hash=" + hash(client) + ";Cert=\"" + envoyCert(client) + "\";Chain=\"" + envoyChain(full)
                + "\";Subject=\"" + subject + "\";URI=;DNS=client.example.com";
    }

    @Test
    void fullElementGivesCertificateAndIntermediates() throws Exception {
        X509Certificate dave = SourcePki.DAVE_UNDER_INTERMEDIATE.certificate();
        Identified present = assertPresent(read(BY + ";Hash=" + hash(dave) + ";Cert=\"" + envoyCert(dave)
                + "\";Chain=\"" + envoyChain(dave, SourcePki.INTERMEDIATE.certificate())
                + "\";Subject=\"CN=dave\";URI=spiffe://example.com/dave;DNS=dave.example.com"));
        assertEquals("dave", present.identity().commonName());
        assertEquals(dave.getSerialNumber(), present.identity().serialNumber());
        assertEquals(List.of(SourcePki.INTERMEDIATE.certificate()), present.intermediates(),
                "Chain starts with the client's own certificate; the rest are intermediates");
    }

    @Test
    void certWithoutChainHasNoIntermediates() throws Exception {
        X509Certificate alice = SourcePki.ALICE.certificate();
        Identified present = assertPresent(read(BY + ";Hash=" + hash(alice) + ";Cert=\"" + envoyCert(alice)
                + "\";Subject=\"CN=alice\";URI="));
        assertEquals(SourcePki.ALICE_SERIAL, present.identity().serialNumber());
        assertEquals(List.of(), present.intermediates());
    }

    @Test
    void subjectWithEscapedCommaInsideQuotesAgreesWithTheCertificate() throws Exception {
        // Envoy prints the subject with OpenSSL's XN_FLAG_RFC2253 and quotes it without further escaping.
        Identified present = assertPresent(read(element(SourcePki.ACME.certificate(),
                "CN=carol,O=Acme\\, Inc.")));
        assertEquals("carol", present.identity().commonName());
        assertEquals(List.of("Acme, Inc."), present.identity().subject().values("O"));
    }

    @Test
    void subjectAloneWithEscapedCommaIsTheIdentity() {
        Identified present = assertPresent(read(BY + ";Subject=\"CN=carol,O=Acme\\, Inc.\";URI="));
        assertEquals(List.of("Acme, Inc."), present.identity().subject().values("O"));
        assertNull(present.identity().certificate());
    }

    @Test
    void escapedQuoteInTheSubjectBothKeepsTheValueOpenAndEscapesTheDn() {
        // OpenSSL's RFC 2253 form escapes '"' as \", which is also XFCC's escape for a quote in a quoted value.
        Identified present = assertPresent(read(BY + ";Subject=\"CN=say \\\"hi\\\",O=x\\;y\";URI="));
        assertEquals("say \"hi\"", present.identity().commonName());
        assertEquals(List.of("x;y"), present.identity().subject().values("O"));
    }

    @Test
    void subjectAloneInLegacyFormIsTheIdentity() {
        // The form of Envoy's own documentation example.
        Identified present = assertPresent(read("By=http://frontend.lyft.com;"
                + "Hash=468ed33be74eee6556d90c0149c1309e9ba61d6425303443c0748a02dd8de688;"
                + "Subject=\"/C=US/ST=CA/L=San Francisco/OU=Lyft/CN=Test Client\";URI=spiffe://lyft.com/test-team"));
        assertEquals("Test Client", present.identity().commonName());
        assertEquals(List.of("Lyft"), present.identity().subject().values("OU"));
    }

    @Test
    void quotedValuesMayHoldSemicolonsCommasEqualsAndEscapedQuotes() {
        Identified present = assertPresent(read("By=\"spiffe://a;b,c=d\";Hash=\"x\\\"y\";"
                + "Subject=\"CN=eve\";DNS=\"a,b.example.com\""));
        assertEquals("eve", present.identity().commonName());
    }

    @Test
    void onlyTheLastElementCounts() throws Exception {
        // An earlier hop (or the client, when the edge proxy forwards XFCC) cannot choose the identity.
        String header = element(SourcePki.BOB.certificate(), "CN=bob") + ","
                + element(SourcePki.ALICE.certificate(), "CN=alice");
        assertEquals("alice", assertPresent(read(header)).identity().commonName());
        String twoSubjects = "By=spiffe://edge;Subject=\"CN=admin\";URI=,By=spiffe://mesh;Subject=\"CN=alice\";URI=";
        assertEquals("alice", assertPresent(read(twoSubjects)).identity().commonName());
    }

    @Test
    void keysAreCaseInsensitive() throws Exception {
        X509Certificate alice = SourcePki.ALICE.certificate();
        assertEquals("alice", assertPresent(read("by=x;CERT=\"" + envoyCert(alice) + "\";subject=\"CN=alice\""))
                .identity().commonName());
    }

    @Test
    void emptyHeaderIsAbsent() {
        assertAbsent(read(""));
        assertAbsent(extract(envoy, ProxyRequest.fromProxy().build()));
    }

    @Test
    void subjectDisagreeingWithCertIsRejected() throws Exception {
        assertRejected(ReasonCode.DN_MISMATCH, read(element(SourcePki.ALICE.certificate(), "CN=bob")));
    }

    @Test
    void lastElementWithoutCertOrSubjectIsRejected() throws Exception {
        assertRejected(ReasonCode.MALFORMED_HEADER, read(element(SourcePki.ALICE.certificate(), "CN=alice")
                + ",By=spiffe://mesh;Hash=abc;URI=spiffe://x"));
    }

    @Test
    void emptySubjectWithoutCertIsRejected() {
        assertRejected(ReasonCode.MALFORMED_HEADER, read(BY + ";Subject=\"\";URI="));
    }

    @ParameterizedTest(name = "XFCC {0}")
    @ValueSource(strings = {
            "Subject=\"CN=alice",              // unterminated quote
            "Subject=\"CN=alice\"x",           // text after the closing quote
            "Subject=CN=alice",                // unquoted '='
            "Subject=a\"b",                    // unquoted '"'
            "Subject",                         // no '='
            "=x;Subject=\"CN=alice\"",         // no key
            "Subject=\"CN=alice\";",           // dangling ';'
            "Subject=\"CN=alice\",",           // dangling ','
            "Subject=\"CN=a\";Subject=\"CN=b\"", // repeated key in one element
            "Cert=\"%ZZ\"",                     // bad percent-encoding
            "Cert=\"%2\"",                      // truncated percent-encoding
            "Cert=\"-----BEGIN%20CERTIFICATE-----%0AMIIB%0A-----END%20CERTIFICATE-----%0A\"", // truncated DER
            "Cert=\"hello\"",                  // not PEM
            "Subject=\"CN=alice,\""})          // DN that does not parse
    void malformedXfccIsRejected(String xfcc) {
        Verdict extraction = read(xfcc);
        if (!(extraction instanceof Denial)) {
            org.junit.jupiter.api.Assertions.fail("expected Rejected for " + xfcc + ", got " + extraction);
        }
    }

    @Test
    void chainWithTextAfterTheLastCertificateIsRejected() throws Exception {
        X509Certificate alice = SourcePki.ALICE.certificate();
        assertRejected(ReasonCode.MALFORMED_HEADER, read("Cert=\"" + envoyCert(alice) + "\";Chain=\""
                + envoyChain(alice) + "junk\""));
    }

    @Test
    void certWithTwoPemBlocksIsRejected() {
        assertRejected(ReasonCode.MALFORMED_HEADER, read("Cert=\"" + envoyChain(SourcePki.ALICE.certificate(),
                SourcePki.ROOT.certificate()) + "\""));
    }

    @Test
    void moreThanThirtyTwoElementsAreRejected() {
        String header = String.join(",", java.util.Collections.nCopies(40, "Subject=\"CN=alice\""));
        assertRejected(ReasonCode.MALFORMED_HEADER, read(header));
    }

    @Test
    void thirtyTwoHopsAreReadAndTheThirtyThirdIsRejected() {
        String earlierHops = String.join(",", java.util.Collections.nCopies(31, "Subject=\"CN=edge\""));
        assertEquals("alice", assertPresent(read(earlierHops + ",Subject=\"CN=alice\"")).identity().commonName());
        Denial rejected = assertRejected(ReasonCode.MALFORMED_HEADER,
                read(earlierHops + ",Subject=\"CN=edge\",Subject=\"CN=alice\""));
        assertEquals("more than 32 XFCC elements", rejected.detail());
    }

    /** The detail goes to the log: it says what is wrong, and where, so the operator can find it in the header. */
    @ParameterizedTest(name = "XFCC {0}")
    @CsvSource(delimiter = '|', value = {
            "Subject                       | XFCC pair without '=' at position 0",
            "By=x;Subject                  | XFCC pair without '=' at position 5",
            "Subject=\"CN=alice             | unterminated quoted XFCC value",
            "Subject=\"CN=alice\\           | unterminated quoted XFCC value",
            "Subject=\"CN=alice\\\"         | unterminated quoted XFCC value",
            "Subject=\"CN=alice\"x          | unexpected 'x' in XFCC at position 18",
            "By=x;Subject=\"CN=a\"\"CN=b\"   | unexpected '\"' in XFCC at position 19"})
    void malformedXfccIsRejectedWithWhatAndWhere(String xfcc, String detail) {
        assertEquals(detail, assertRejected(ReasonCode.MALFORMED_HEADER, read(xfcc)).detail());
    }
}
