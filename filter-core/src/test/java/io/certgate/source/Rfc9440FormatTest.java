package io.certgate.source;

import static io.certgate.source.ExtractionAssertions.assertAbsent;
import static io.certgate.source.ExtractionAssertions.assertPresent;
import static io.certgate.source.ExtractionAssertions.assertRejected;
import static io.certgate.source.ExtractionAssertions.extract;
import static io.certgate.source.ExtractionAssertions.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.certgate.identity.SubjectAltName;
import io.certgate.verdict.Identified;
import io.certgate.verdict.ReasonCode;

/**
 * {@code proxy-format=rfc9440}, with the field values of RFC 9440 Appendix A (line breaks removed, as the
 * RFC says they were added for display only).
 */
class Rfc9440FormatTest {
    /** RFC 9440 Appendix A, "Header Field in HTTP Request to Origin Server": the client certificate (CN=BC). */
    private static final String RFC_CLIENT_CERT = ":MIIBqDCCAU6gAwIBAgIBBzAKBggqhkjOPQQDAjA6MRswGQYDVQQKDBJ"
            + "MZXQncyBBdXRoZW50aWNhdGUxGzAZBgNVBAMMEkxBIEludGVybWVkaWF0ZSBDQTAeFw0"
            + "yMDAxMTQyMjU1MzNaFw0yMTAxMjMyMjU1MzNaMA0xCzAJBgNVBAMMAkJDMFkwEwYHKoZ"
            + "Izj0CAQYIKoZIzj0DAQcDQgAE8YnXXfaUgmnMtOXU/IncWalRhebrXmckC8vdgJ1p5Be"
            + "5F/3YC8OthxM4+k1M6aEAEFcGzkJiNy6J84y7uzo9M6NyMHAwCQYDVR0TBAIwADAfBgN"
            + "VHSMEGDAWgBRm3WjLa38lbEYCuiCPct0ZaSED2DAOBgNVHQ8BAf8EBAMCBsAwEwYDVR0"
            + "lBAwwCgYIKwYBBQUHAwIwHQYDVR0RAQH/BBMwEYEPYmRjQGV4YW1wbGUuY29tMAoGCCq"
            + "GSM49BAMCA0gAMEUCIBHda/r1vaL6G3VliL4/Di6YK0Q6bMjeSkC3dFCOOB8TAiEAx/k"
            + "HSB4urmiZ0NX5r5XarmPk0wmuydBVoU4hBVZ1yhk=:";
    /** RFC 9440 Appendix A, "Certificate Chain in HTTP Request to Origin Server": intermediate and root. */
    private static final String RFC_CHAIN = ":MIIB5jCCAYugAwIBAgIBFjAKBggqhkjOPQQDAjBWMQsw"
            + "CQYDVQQGEwJVUzEbMBkGA1UECgwSTGV0J3MgQXV0aGVudGljYXRlMSowKAYDVQQ"
            + "DDCFMZXQncyBBdXRoZW50aWNhdGUgUm9vdCBBdXRob3JpdHkwHhcNMjAwMTE0Mj"
            + "EzMjMwWhcNMzAwMTExMjEzMjMwWjA6MRswGQYDVQQKDBJMZXQncyBBdXRoZW50a"
            + "WNhdGUxGzAZBgNVBAMMEkxBIEludGVybWVkaWF0ZSBDQTBZMBMGByqGSM49AgEG"
            + "CCqGSM49AwEHA0IABJf+aA54RC5pyLAR5yfXVYmNpgd+CGUTDp2KOGhc0gK91zx"
            + "hHesEYkdXkpS2UN8Kati+yHtWCV3kkhCngGyv7RqjZjBkMB0GA1UdDgQWBBRm3W"
            + "jLa38lbEYCuiCPct0ZaSED2DAfBgNVHSMEGDAWgBTEA2Q6eecKu9g9yb5glbkhh"
            + "VINGDASBgNVHRMBAf8ECDAGAQH/AgEAMA4GA1UdDwEB/wQEAwIBhjAKBggqhkjO"
            + "PQQDAgNJADBGAiEA5pLvaFwRRkxomIAtDIwg9D7gC1xzxBl4r28EzmSO1pcCIQC"
            + "JUShpSXO9HDIQMUgH69fNDEMHXD3RRX5gP7kuu2KGMg==:, :MIICBjCCAaygAw"
            + "IBAgIJAKS0yiqKtlhoMAoGCCqGSM49BAMCMFYxCzAJBgNVBAYTAlVTMRswGQYDV"
            + "QQKDBJMZXQncyBBdXRoZW50aWNhdGUxKjAoBgNVBAMMIUxldCdzIEF1dGhlbnRp"
            + "Y2F0ZSBSb290IEF1dGhvcml0eTAeFw0yMDAxMTQyMTI1NDVaFw00MDAxMDkyMTI"
            + "1NDVaMFYxCzAJBgNVBAYTAlVTMRswGQYDVQQKDBJMZXQncyBBdXRoZW50aWNhdG"
            + "UxKjAoBgNVBAMMIUxldCdzIEF1dGhlbnRpY2F0ZSBSb290IEF1dGhvcml0eTBZM"
            + "BMGByqGSM49AgEGCCqGSM49AwEHA0IABFoaHU+Z5bPKmGzlYXtCf+E6HYj62fOR"
            + "aHDOrt+yyh3H/rTcs7ynFfGn+gyFsrSP3Ez88rajv+U2NfD0o0uZ4PmjYzBhMB0"
            + "GA1UdDgQWBBTEA2Q6eecKu9g9yb5glbkhhVINGDAfBgNVHSMEGDAWgBTEA2Q6ee"
            + "cKu9g9yb5glbkhhVINGDAPBgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB/wQEAwIBh"
            + "jAKBggqhkjOPQQDAgNIADBFAiEAmAeg1ycKHriqHnaD4M/UDBpQRpkmdcRFYGMg"
            + "1Qyrkx4CIB4ivz3wQcQkGhcsUZ1SOImd/lq1Q0FLf09rGfLQPWDc:";

    private final HeaderSource source = source("rfc9440");

    @Test
    void theRfcExampleClientCertIsTheIdentity() {
        Identified present = assertPresent(extract(source,
                ProxyRequest.fromProxy().header("Client-Cert", RFC_CLIENT_CERT).build()));
        assertEquals("BC", present.identity().commonName());
        assertEquals("CN=LA Intermediate CA,O=Let's Authenticate", present.identity().issuer().toString());
        assertEquals(List.of(new SubjectAltName(SubjectAltName.Type.EMAIL, "bdc@example.com")),
                present.identity().subjectAltNames());
        assertEquals(List.of(), present.intermediates());
    }

    @Test
    void theRfcExampleChainBecomesTheIntermediates() {
        Identified present = assertPresent(extract(source, ProxyRequest.fromProxy()
                .header("Client-Cert", RFC_CLIENT_CERT).header("Client-Cert-Chain", RFC_CHAIN).build()));
        assertEquals(2, present.intermediates().size());
        assertEquals("CN=LA Intermediate CA,O=Let's Authenticate",
                present.intermediates().get(0).getSubjectX500Principal().getName());
    }

    @Test
    void aCertificateSeenBeforeIsTheSameIdentityOnlyWithTheSameChain() {
        Identified alone = assertPresent(extract(source,
                ProxyRequest.fromProxy().header("Client-Cert", RFC_CLIENT_CERT).build()));
        Identified chained = assertPresent(extract(source, ProxyRequest.fromProxy()
                .header("Client-Cert", RFC_CLIENT_CERT).header("Client-Cert-Chain", RFC_CHAIN).build()));
        assertEquals(List.of(), alone.intermediates());
        assertEquals(2, chained.intermediates().size(), "a remembered parse without a chain is not reused for one");
        assertSame(chained, extract(source, ProxyRequest.fromProxy()
                .header("Client-Cert", RFC_CLIENT_CERT).header("Client-Cert-Chain", RFC_CHAIN).build()));
        assertEquals(List.of(), assertPresent(extract(source,
                ProxyRequest.fromProxy().header("Client-Cert", RFC_CLIENT_CERT).build())).intermediates());
        assertRejected(ReasonCode.MALFORMED_HEADER, extract(source, ProxyRequest.fromProxy()
                .header("Client-Cert", RFC_CLIENT_CERT).header("Client-Cert-Chain", ":not base64!:").build()));
    }

    @Test
    void chainFieldLinesAreCombinedInOrder() {
        String[] members = RFC_CHAIN.split(", ");
        Identified present = assertPresent(extract(source, ProxyRequest.fromProxy()
                .header("Client-Cert", RFC_CLIENT_CERT)
                .header("Client-Cert-Chain", members[0]).header("Client-Cert-Chain", members[1]).build()));
        assertEquals(2, present.intermediates().size());
    }

    @Test
    void parametersAfterTheItemAreIgnored() {
        assertPresent(extract(source, ProxyRequest.fromProxy()
                .header("Client-Cert", RFC_CLIENT_CERT + ";a=1;b").build()));
    }

    @Test
    void noFieldMeansNoCertificate() {
        assertAbsent(extract(source, ProxyRequest.fromProxy().build()));
    }

    @Test
    void clientCertTwiceDenies() {
        assertRejected(ReasonCode.MALFORMED_HEADER, extract(source, ProxyRequest.fromProxy()
                .header("Client-Cert", RFC_CLIENT_CERT).header("Client-Cert", RFC_CLIENT_CERT).build()));
    }

    @Test
    void chainWithoutClientCertDenies() {
        assertRejected(ReasonCode.MALFORMED_HEADER,
                extract(source, ProxyRequest.fromProxy().header("Client-Cert-Chain", RFC_CHAIN).build()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "MIIBqDCC", ":MIIBqDCC", "MIIBqDCC:", "\"" + "MIIB" + "\"", ":not base64!:", "::", ":AAAA:",
        ":MIIBqDCCAU6g:", ":MIIBqDCCAU6gAwIBAgIBBzAKBggqhkjOPQQDAjA6MRswGQYDVQQKDBJ: trailing", ":QUJD:, :QUJD:",
        ";a=1", ":QUJD:;=1",
    })
    void malformedClientCertDenies(String value) {
        assertRejected(ReasonCode.MALFORMED_HEADER,
                extract(source, ProxyRequest.fromProxy().header("Client-Cert", value).build()));
    }

    @ParameterizedTest
    @ValueSource(strings = {",", ":QUJD:,", "junk", ":%%%:"})
    void malformedChainDenies(String chain) {
        assertRejected(ReasonCode.MALFORMED_HEADER, extract(source, ProxyRequest.fromProxy()
                .header("Client-Cert", RFC_CLIENT_CERT).header("Client-Cert-Chain", chain).build()));
    }

    @Test
    void untrustedPeersAreIgnored() {
        assertAbsent(extract(source, ProxyRequest.from("192.0.2.1").header("Client-Cert", RFC_CLIENT_CERT).build()));
    }

    @Test
    void headerCertificateDecodesToTheSameBytesAsTheRfcPem() {
        String base64 = RFC_CLIENT_CERT.substring(1, RFC_CLIENT_CERT.length() - 1);
        Identified present = assertPresent(extract(source,
                ProxyRequest.fromProxy().header("Client-Cert", RFC_CLIENT_CERT).build()));
        assertEquals(base64, Base64.getEncoder().encodeToString(
                uncheckedEncoded(present.identity().certificate())));
    }

    private static byte[] uncheckedEncoded(java.security.cert.X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new AssertionError(e);
        }
    }
}
