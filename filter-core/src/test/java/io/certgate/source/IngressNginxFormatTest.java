package io.certgate.source;

import static io.certgate.source.ExtractionAssertions.assertAbsent;
import static io.certgate.source.ExtractionAssertions.assertPresent;
import static io.certgate.source.ExtractionAssertions.assertRejected;
import static io.certgate.source.ExtractionAssertions.extract;
import static io.certgate.source.ExtractionAssertions.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.certgate.config.ConfigException;
import io.certgate.property.OpenSslRfc2253;
import io.certgate.verdict.Denial;
import io.certgate.verdict.Identified;
import io.certgate.verdict.ReasonCode;

/**
 * {@code proxy-format=ingress-nginx}: the headers Kubernetes ingress-nginx sets for client certificate
 * authentication, built exactly as its template writes them
 * (https://github.com/kubernetes/ingress-nginx/blob/main/rootfs/etc/nginx/template/nginx.tmpl, documented at
 * https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#client-certificate-authentication):
 *
 * <pre>
 * {{ if $server.CertificateAuth.PassCertToUpstream }}
 * proxy_set_header ssl-client-cert        $ssl_client_escaped_cert;
 * {{ end }}
 * proxy_set_header ssl-client-verify      $ssl_client_verify;
 * proxy_set_header ssl-client-subject-dn  $ssl_client_s_dn;
 * proxy_set_header ssl-client-issuer-dn   $ssl_client_i_dn;
 * </pre>
 *
 * The certificate header comes only with the annotation {@code auth-tls-pass-certificate-to-upstream: "true"};
 * nginx drops a header whose value is empty, so a request without a certificate carries only
 * {@code ssl-client-verify: NONE}.
 */
class IngressNginxFormatTest {
    private final HeaderSource ingress = source("ingress-nginx");

    /** What ingress-nginx sends for a verified client, with auth-tls-pass-certificate-to-upstream. */
    private static ProxyRequest verified(X509Certificate client) {
        return ProxyRequest.fromProxy()
                .header("ssl-client-cert", ProxyEncodings.nginxEscapedCert(client))
                .header("ssl-client-verify", "SUCCESS")
                .header("ssl-client-subject-dn", OpenSslRfc2253.print(client.getSubjectX500Principal()))
                .header("ssl-client-issuer-dn", OpenSslRfc2253.print(client.getIssuerX500Principal()));
    }

    @Test
    void theWholeCertificateIsTheIdentity() {
        Identified present = assertPresent(extract(ingress, verified(SourcePki.ALICE.certificate()).build()));
        assertEquals("alice", present.identity().commonName());
        assertEquals(SourcePki.ALICE.certificate(), present.identity().certificate());
        Identified dave = assertPresent(extract(ingress, verified(SourcePki.DAVE_UNDER_INTERMEDIATE.certificate()).build()));
        assertEquals("dave", dave.identity().commonName());
    }

    @Test
    void namesOpenSslEscapesStillMatchTheCertificate() {
        // O=Acme\, Inc. and a UTF-8 CN as \C3\A9: what $ssl_client_s_dn prints must read as the certificate's names.
        for (X509Certificate client : new X509Certificate[] {SourcePki.ACME.certificate(), SourcePki.JOSE.certificate(),
                SourcePki.CLIENT_NAME.certificate()}) {
            assertPresent(extract(ingress, verified(client).build()));
        }
    }

    @Test
    void withoutPassCertificateToUpstreamTheSubjectDnAloneIsTheIdentity() {
        X509Certificate alice = SourcePki.ALICE.certificate();
        Identified present = assertPresent(extract(ingress, ProxyRequest.fromProxy()
                .header("ssl-client-verify", "SUCCESS")
                .header("ssl-client-subject-dn", OpenSslRfc2253.print(alice.getSubjectX500Principal()))
                .header("ssl-client-issuer-dn", OpenSslRfc2253.print(alice.getIssuerX500Principal()))
                .build()));
        assertEquals("alice", present.identity().commonName());
        assertNull(present.identity().certificate());
        assertNull(present.identity().issuer(), "a DN-only identity has no issuer: issuer: rules never match it");
    }

    @Test
    void noCertificateIsAnonymous() {
        assertAbsent(extract(ingress, ProxyRequest.fromProxy().header("ssl-client-verify", "NONE").build()));
    }

    @Test
    void anIssuerDnAloneIsNoIdentityButNotIgnoredEither() {
        assertRejected(ReasonCode.MALFORMED_HEADER, extract(ingress, ProxyRequest.fromProxy()
                .header("ssl-client-verify", "NONE").header("ssl-client-issuer-dn", "CN=Header Test Root CA").build()));
        assertRejected(ReasonCode.MALFORMED_HEADER, extract(ingress, ProxyRequest.fromProxy()
                .header("ssl-client-verify", "SUCCESS").header("ssl-client-issuer-dn", "CN=Header Test Root CA").build()));
        assertRejected(ReasonCode.MALFORMED_HEADER, extract(ingress, ProxyRequest.fromProxy()
                .header("ssl-client-issuer-dn", "CN=Header Test Root CA").build()));
    }

    @Test
    void nginxVerificationFailureDenies() {
        // With auth-tls-verify-client: optional_no_ca, nginx passes an unverifiable certificate with FAILED:reason.
        Denial denial = assertRejected(ReasonCode.PROXY_VERIFY_FAILED, extract(ingress, ProxyRequest.fromProxy()
                .header("ssl-client-cert", ProxyEncodings.nginxEscapedCert(SourcePki.ALICE.certificate()))
                .header("ssl-client-verify", "FAILED:unable to verify the first certificate")
                .build()));
        assertEquals("unable to verify the first certificate", denial.detail());
    }

    @Test
    void anIssuerDnThatIsNotTheCertificatesDenies() {
        X509Certificate alice = SourcePki.ALICE.certificate();
        // Seen first with its true issuer, so a cached certificate must not skip the comparison.
        assertPresent(extract(ingress, verified(alice).build()));
        ProxyRequest otherIssuer = ProxyRequest.fromProxy()
                .header("ssl-client-cert", ProxyEncodings.nginxEscapedCert(alice))
                .header("ssl-client-verify", "SUCCESS")
                .header("ssl-client-subject-dn", "CN=alice")
                .header("ssl-client-issuer-dn", "CN=Header Test Issuing CA");
        for (int i = 0; i < 2; i++) {
            Denial denial = assertRejected(ReasonCode.DN_MISMATCH, extract(ingress, otherIssuer.build()));
            assertTrue(denial.detail().startsWith("issuer DN header"), denial.detail());
        }
        assertPresent(extract(ingress, verified(alice).build()));
    }

    @Test
    void aSubjectDnThatIsNotTheCertificatesDenies() {
        X509Certificate alice = SourcePki.ALICE.certificate();
        assertRejected(ReasonCode.DN_MISMATCH, extract(ingress, ProxyRequest.fromProxy()
                .header("ssl-client-cert", ProxyEncodings.nginxEscapedCert(alice))
                .header("ssl-client-verify", "SUCCESS")
                .header("ssl-client-subject-dn", "CN=bob")
                .header("ssl-client-issuer-dn", OpenSslRfc2253.print(alice.getIssuerX500Principal()))
                .build()));
    }

    @Test
    void anIssuerDnThatIsNotTheCertificatesDeniesEveryTimeAlsoWithoutASubjectDn() {
        // With no subject DN header to compare, only the issuer DN stands between a wrong issuer and the
        // certificate remembered from the first request: it must not be remembered as the matching one.
        ProxyRequest otherIssuer = ProxyRequest.fromProxy()
                .header("ssl-client-cert", ProxyEncodings.nginxEscapedCert(SourcePki.ALICE.certificate()))
                .header("ssl-client-verify", "SUCCESS")
                .header("ssl-client-issuer-dn", "CN=Header Test Issuing CA");
        for (int i = 0; i < 3; i++) {
            Denial denial = assertRejected(ReasonCode.DN_MISMATCH, extract(ingress, otherIssuer.build()));
            assertTrue(denial.detail().startsWith("issuer DN header"), denial.detail());
        }
    }

    @Test
    void anUnparsableIssuerDnDenies() {
        X509Certificate alice = SourcePki.ALICE.certificate();
        assertRejected(ReasonCode.MALFORMED_DN, extract(ingress, ProxyRequest.fromProxy()
                .header("ssl-client-cert", ProxyEncodings.nginxEscapedCert(alice))
                .header("ssl-client-verify", "SUCCESS")
                .header("ssl-client-issuer-dn", "CN=Header Test Root CA,=oops")
                .build()));
    }

    @Test
    void anIssuerHeaderSentTwiceDenies() {
        assertRejected(ReasonCode.MALFORMED_HEADER, extract(ingress, verified(SourcePki.ALICE.certificate())
                .header("ssl-client-issuer-dn", "CN=Header Test Root CA").build()));
    }

    @Test
    void allFourHeadersAreHiddenFromUntrustedPeers() {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.addAll(ingress.headerNames());
        assertEquals(Set.of("ssl-client-cert", "ssl-client-issuer-dn", "ssl-client-subject-dn", "ssl-client-verify"),
                Set.copyOf(names));
        assertAbsent(extract(ingress, ProxyRequest.from("127.0.0.9")
                .header("ssl-client-verify", "SUCCESS").header("ssl-client-subject-dn", "CN=alice").build()));
    }

    @Test
    void theNamesCanBeChangedLikeNginxsButNotOntoTheIssuerHeader() {
        HeaderSource renamed = source("ingress-nginx", "header.cert", "X-Cert");
        assertPresent(extract(renamed, ProxyRequest.fromProxy()
                .header("X-Cert", ProxyEncodings.nginxEscapedCert(SourcePki.ALICE.certificate()))
                .header("ssl-client-verify", "SUCCESS").build()));
        ConfigException e = assertThrows(ConfigException.class, () -> HeaderSourceConfig.from(Map.of(
                "trusted-proxies", ProxyRequest.PROXY, "proxy-format", "ingress-nginx", "header.dn", "SSL-Client-Issuer-DN")));
        assertEquals("header.dn", e.parameter());
    }
}
