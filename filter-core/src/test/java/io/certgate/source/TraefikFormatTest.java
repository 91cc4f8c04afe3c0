package io.certgate.source;

import static io.certgate.source.ExtractionAssertions.assertAbsent;
import static io.certgate.source.ExtractionAssertions.assertPresent;
import static io.certgate.source.ExtractionAssertions.assertRejected;
import static io.certgate.source.ExtractionAssertions.extract;
import static io.certgate.source.ExtractionAssertions.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.certgate.verdict.Identified;
import io.certgate.verdict.ReasonCode;
import io.certgate.verdict.Verdict;

/**
 * Traefik's {@code passTLSClientCert: {pem: true}}: {@code X-Forwarded-Tls-Client-Cert} holds each certificate
 * of the peer chain as PEM without its BEGIN/END lines and line breaks, joined by commas; Traefik v2 also
 * URL-escaped each one ({@code url.QueryEscape}), v3 does not.
 */
class TraefikFormatTest {
    private static final String HEADER = "X-Forwarded-Tls-Client-Cert";

    private final HeaderSource traefik = source("traefik");

    private Verdict read(String value) {
        return extract(traefik, ProxyRequest.fromProxy().header(HEADER, value).build());
    }

    @Test
    void traefikV3SingleCertificate() {
        String value = ProxyEncodings.traefikV3(SourcePki.ALICE.certificate());
        assertFalse(value.contains("-----") || value.contains("\n"), value);
        Identified present = assertPresent(read(value));
        assertEquals("alice", present.identity().commonName());
        assertEquals(SourcePki.ALICE_SERIAL, present.identity().serialNumber());
        assertEquals(List.of(), present.intermediates());
    }

    @Test
    void traefikV2EscapedSingleCertificate() {
        String value = ProxyEncodings.traefikV2(SourcePki.CLIENT_NAME.certificate());
        Identified present = assertPresent(read(value));
        assertEquals("CLIENT NAME", present.identity().commonName());
    }

    @Test
    void chainAfterTheClientCertificateBecomesIntermediates() {
        Identified present = assertPresent(read(ProxyEncodings.traefikV3(
                SourcePki.DAVE_UNDER_INTERMEDIATE.certificate(), SourcePki.INTERMEDIATE.certificate())));
        assertEquals("dave", present.identity().commonName());
        assertEquals(List.of(SourcePki.INTERMEDIATE.certificate()), present.intermediates());
    }

    @Test
    void escapedChainBecomesIntermediates() {
        Identified present = assertPresent(read(ProxyEncodings.traefikV2(
                SourcePki.DAVE_UNDER_INTERMEDIATE.certificate(), SourcePki.INTERMEDIATE.certificate())));
        assertEquals(List.of(SourcePki.INTERMEDIATE.certificate()), present.intermediates());
    }

    @Test
    void missingHeaderIsAbsent() {
        assertAbsent(extract(traefik, ProxyRequest.fromProxy().build()));
        assertAbsent(read(""));
    }

    @ParameterizedTest(name = "header \"{0}\"")
    @ValueSource(strings = {"MIIB", "!!!!", "MIIBkTCB+w%", "MIIB%G0", "=MIIB", "AAAA", "-----BEGIN CERTIFICATE-----"})
    void garbageIsRejected(String value) {
        assertRejected(ReasonCode.MALFORMED_HEADER, read(value));
    }

    @Test
    void truncatedCertificateIsRejected() {
        String value = ProxyEncodings.traefikV3(SourcePki.ALICE.certificate());
        assertRejected(ReasonCode.MALFORMED_HEADER, read(value.substring(0, value.length() / 2)));
    }

    @Test
    void emptyChainEntryIsRejected() {
        assertRejected(ReasonCode.MALFORMED_HEADER, read(ProxyEncodings.traefikV3(SourcePki.ALICE.certificate()) + ","));
        assertRejected(ReasonCode.MALFORMED_HEADER, read("," + ProxyEncodings.traefikV3(SourcePki.ALICE.certificate())));
    }

    @Test
    void moreThanEightCertificatesAreRejected() {
        String one = ProxyEncodings.traefikV3(SourcePki.ALICE.certificate());
        assertRejected(ReasonCode.MALFORMED_HEADER, read(String.join(",", java.util.Collections.nCopies(9, one))));
    }
}
