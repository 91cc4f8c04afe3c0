package io.certgate.source;

import static io.certgate.source.ExtractionAssertions.assertPresent;
import static io.certgate.source.ExtractionAssertions.assertRejected;
import static io.certgate.source.ExtractionAssertions.extract;
import static io.certgate.source.ExtractionAssertions.source;
import static io.certgate.source.ProxyEncodings.apacheCert;
import static io.certgate.source.ProxyEncodings.envoyCert;
import static io.certgate.source.ProxyEncodings.haproxyCert;
import static io.certgate.source.ProxyEncodings.nginxEscapedCert;
import static io.certgate.source.ProxyEncodings.traefikV3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.security.cert.X509Certificate;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;

import io.certgate.identity.ClientIdentity;
import io.certgate.servlet.ServletRequestReader;
import io.certgate.verdict.Identified;
import io.certgate.verdict.ReasonCode;
import io.certgate.verdict.Verdict;

/** Each source memoizes its parse by the whole input, and only the parse. */
class IdentityCacheSourcesTest {
    private static final String VERIFY = "X-Client-Verify";
    private static final String DN = "X-Client-Dn";
    private static final String CERT = "X-Client-Cert";

    private static HttpServletRequest tls(X509Certificate... chain) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getAttribute(TlsAttributeSource.ATTRIBUTE)).thenReturn(chain);
        return request;
    }

    private static ClientIdentity identity(Verdict extraction) {
        return assertInstanceOf(Identified.class, extraction).identity();
    }

    @Test
    void tlsHitReturnsTheSameIdentity() {
        TlsAttributeSource source = new TlsAttributeSource();
        ClientIdentity first = identity(source.extract(tls(SourcePki.ALICE.certificate()), ServletRequestReader.INSTANCE, false));
        ClientIdentity second = identity(source.extract(tls(SourcePki.ALICE.certificate()), ServletRequestReader.INSTANCE, false));
        assertSame(first, second);
    }

    @Test
    void tlsDifferentCertificatesGetDifferentIdentities() {
        TlsAttributeSource source = new TlsAttributeSource();
        ClientIdentity alice = identity(source.extract(tls(SourcePki.ALICE.certificate()), ServletRequestReader.INSTANCE, false));
        ClientIdentity bob = identity(source.extract(tls(SourcePki.BOB.certificate()), ServletRequestReader.INSTANCE, false));
        assertEquals("alice", alice.commonName());
        assertEquals("bob", bob.commonName());
        assertSame(alice, identity(source.extract(tls(SourcePki.ALICE.certificate()), ServletRequestReader.INSTANCE, false)));
    }

    @Test
    void tlsSameCertificateWithAnotherChainKeepsTheIdentityButNotTheIntermediates() {
        TlsAttributeSource source = new TlsAttributeSource();
        X509Certificate dave = SourcePki.DAVE_UNDER_INTERMEDIATE.certificate();
        Identified alone = assertInstanceOf(Identified.class, source.extract(tls(dave), ServletRequestReader.INSTANCE, false));
        Identified chained = assertInstanceOf(Identified.class,
                source.extract(tls(dave, SourcePki.INTERMEDIATE.certificate()), ServletRequestReader.INSTANCE, false));
        assertEquals(List.of(), alone.intermediates());
        assertEquals(List.of(SourcePki.INTERMEDIATE.certificate()), chained.intermediates());
        assertSame(alone.identity(), chained.identity());
        assertSame(chained, source.extract(tls(dave, SourcePki.INTERMEDIATE.certificate()), ServletRequestReader.INSTANCE, false));
    }

    @Test
    void tlsSourcesDoNotShareACache() {
        ClientIdentity one = identity(new TlsAttributeSource().extract(tls(SourcePki.ALICE.certificate()), ServletRequestReader.INSTANCE, false));
        ClientIdentity other = identity(new TlsAttributeSource().extract(tls(SourcePki.ALICE.certificate()), ServletRequestReader.INSTANCE, false));
        assertNotSame(one, other);
    }

    private static ProxyRequest nginx(String dn, X509Certificate certificate) {
        ProxyRequest request = ProxyRequest.fromProxy().header(VERIFY, "SUCCESS").header(DN, dn);
        return certificate == null ? request : request.header(CERT, nginxEscapedCert(certificate));
    }

    @Test
    void nginxCertificateHitReturnsTheSameIdentity() {
        HeaderSource nginx = source("nginx");
        ClientIdentity first = identity(extract(nginx, nginx("CN=alice", SourcePki.ALICE.certificate()).build()));
        ClientIdentity second = identity(extract(nginx, nginx("CN=alice", SourcePki.ALICE.certificate()).build()));
        assertSame(first, second);
    }

    @Test
    void nginxDnHitReturnsTheSameIdentity() {
        HeaderSource nginx = source("nginx");
        ClientIdentity first = identity(extract(nginx, nginx("CN=alice,O=Example", null).build()));
        ClientIdentity second = identity(extract(nginx, nginx("CN=alice,O=Example", null).build()));
        assertSame(first, second);
        assertEquals("alice", first.commonName());
    }

    @Test
    void nginxDnThatDiffersOnlyInEscapingIsAnotherEntryWithTheSameMeaning() {
        HeaderSource nginx = source("nginx");
        ClientIdentity plain = identity(extract(nginx, nginx("CN=alice", null).build()));
        ClientIdentity hexEscaped = identity(extract(nginx, nginx("CN=\\61lice", null).build()));
        assertNotSame(plain, hexEscaped);
        assertEquals(plain.subject(), hexEscaped.subject());
    }

    @Test
    void nginxCachedCertificateStillChecksTheDnHeader() {
        HeaderSource nginx = source("nginx");
        identity(extract(nginx, nginx("CN=alice", SourcePki.ALICE.certificate()).build()));
        assertRejected(ReasonCode.DN_MISMATCH, extract(nginx, nginx("CN=bob", SourcePki.ALICE.certificate()).build()));
        identity(extract(nginx, nginx("CN=bob", null).build()));
        assertRejected(ReasonCode.DN_MISMATCH, extract(nginx, nginx("CN=bob", SourcePki.ALICE.certificate()).build()));
        ClientIdentity alice = identity(extract(nginx, nginx("CN=alice", SourcePki.ALICE.certificate()).build()));
        assertEquals("alice", alice.commonName(), "the matching DN still passes after a mismatch");
        assertSame(alice, identity(extract(nginx, ProxyRequest.fromProxy().header(VERIFY, "SUCCESS")
                .header(CERT, nginxEscapedCert(SourcePki.ALICE.certificate())).build())),
                "the certificate alone is the same cached identity");
        assertRejected(ReasonCode.DN_MISMATCH, extract(nginx, nginx("CN=alice,O=Other", SourcePki.ALICE.certificate())
                .build()));
        assertSame(alice, identity(extract(nginx, nginx("CN=alice", SourcePki.ALICE.certificate()).build())));
    }

    @Test
    void nginxCachedCertificateStillChecksTheVerifyHeader() {
        HeaderSource nginx = source("nginx");
        identity(extract(nginx, nginx("CN=alice", SourcePki.ALICE.certificate()).build()));
        Verdict failed = extract(nginx, ProxyRequest.fromProxy().header(VERIFY, "FAILED:certificate has expired")
                .header(DN, "CN=alice").header(CERT, nginxEscapedCert(SourcePki.ALICE.certificate())).build());
        assertRejected(ReasonCode.PROXY_VERIFY_FAILED, failed);
    }

    @Test
    void nginxDifferentCertificatesNeverShareAnEntry() {
        HeaderSource nginx = source("nginx");
        ClientIdentity alice = identity(extract(nginx, nginx("", SourcePki.ALICE.certificate()).build()));
        ClientIdentity bob = identity(extract(nginx, nginx("", SourcePki.BOB.certificate()).build()));
        assertEquals("alice", alice.commonName());
        assertEquals("bob", bob.commonName());
    }

    @Test
    void refusedHeaderIsNotCachedAndStaysRefused() {
        HeaderSource nginx = source("nginx");
        ProxyRequest broken = ProxyRequest.fromProxy().header(VERIFY, "SUCCESS").header(CERT, "%ZZ");
        assertRejected(ReasonCode.MALFORMED_HEADER, extract(nginx, broken.build()));
        assertRejected(ReasonCode.MALFORMED_HEADER, extract(nginx, broken.build()));
    }

    @Test
    void envoyHitReturnsTheSameIdentity() {
        HeaderSource envoy = source("envoy");
        String xfcc = "By=spiffe://example.com/app;Cert=\"" + envoyCert(SourcePki.ALICE.certificate())
                + "\";Subject=\"CN=alice\"";
        ClientIdentity first = identity(extract(envoy,
                ProxyRequest.fromProxy().header("x-forwarded-client-cert", xfcc).build()));
        ClientIdentity second = identity(extract(envoy,
                ProxyRequest.fromProxy().header("x-forwarded-client-cert", xfcc).build()));
        assertSame(first, second);
    }

    @Test
    void singleCertificateFormatsHitReturnTheSameIdentity() {
        assertSecondReadIsCached(source("apache"), "SSL_CLIENT_CERT", apacheCert(SourcePki.ALICE.certificate()));
        assertSecondReadIsCached(source("haproxy"), "X-SSL-Client-Cert", haproxyCert(SourcePki.ALICE.certificate()));
        assertSecondReadIsCached(source("traefik"), "X-Forwarded-Tls-Client-Cert",
                traefikV3(SourcePki.ALICE.certificate()));
    }

    private static void assertSecondReadIsCached(HeaderSource source, String header, String value) {
        ClientIdentity first = assertPresent(extract(source, ProxyRequest.fromProxy().header(header, value).build()))
                .identity();
        ClientIdentity second = assertPresent(extract(source, ProxyRequest.fromProxy().header(header, value).build()))
                .identity();
        assertEquals("alice", first.commonName());
        assertSame(first, second, header);
    }
}
