package io.certgate.servlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.when;

import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;

import io.certgate.ServletMocks;
import io.certgate.TestPki;
import io.certgate.decision.Gate;
import io.certgate.identity.CertificatePrincipal;
import io.certgate.identity.ClientIdentity;
import io.certgate.identity.DistinguishedName;
import io.certgate.pki.HeldCertificate;
import io.certgate.verdict.Identified;

/**
 * The request the application receives once CertGate allowed a certificate: who the client is, in the standard
 * getters and in CertGate's attributes, and a certificate from a proxy header offered as the standard TLS
 * attribute, so that code written for direct TLS works behind the proxy.
 */
class AuthenticatedRequestTest {
    private static final String TLS_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";
    private static final TestPki PKI = new TestPki();
    private static final HeldCertificate INTERMEDIATE = HeldCertificate.builder().commonName("Intermediate CA")
            .certificateAuthority(0).signedBy(PKI.ca).build();

    private static Gate gate() throws Exception {
        return Gate.fromParameters(Map.of("allowed-cns", "alice", "roles", "admin=alice"),
                AuthenticatedRequestTest.class.getClassLoader());
    }

    private static Identified identified(HeldCertificate client, String source, X509Certificate... intermediates)
            throws Exception {
        return new Identified(ClientIdentity.of(client.certificate()), source, List.of(intermediates));
    }

    /** A request as the container hands it over, with no certificate attribute of its own. */
    private static HttpServletRequest plainRequest() {
        HttpServletRequest request = ServletMocks.request("GET", "/api/x", null);
        when(request.getAttribute("app.attribute")).thenReturn("the application's");
        when(request.getAttributeNames()).thenAnswer(call -> Collections.enumeration(List.of("app.attribute")));
        return request;
    }

    @Test
    void aCertificateFromAProxyHeaderIsTheStandardTlsAttributeWithItsIntermediates() throws Exception {
        Identified alice = identified(PKI.alice, "header", INTERMEDIATE.certificate());
        AuthenticatedRequest request = new AuthenticatedRequest(plainRequest(), alice, gate());

        assertArrayEquals(new X509Certificate[] {PKI.alice.certificate(), INTERMEDIATE.certificate()},
                (X509Certificate[]) request.getAttribute(TLS_ATTRIBUTE));
        assertTrue(Collections.list(request.getAttributeNames()).contains(TLS_ATTRIBUTE));
    }

    @Test
    void overDirectTlsTheContainersAttributeIsLeftAsItIs() throws Exception {
        HttpServletRequest container = ServletMocks.request("GET", "/api/x", PKI.alice);
        X509Certificate[] containers = (X509Certificate[]) container.getAttribute(TLS_ATTRIBUTE);
        AuthenticatedRequest request = new AuthenticatedRequest(container, identified(PKI.alice, "tls"), gate());

        assertSame(containers, request.getAttribute(TLS_ATTRIBUTE));
        assertFalse(Collections.list(request.getAttributeNames()).contains(TLS_ATTRIBUTE),
                "the container's own names are the container's to list");
    }

    @Test
    void aDnOnlyHeaderSetsNoCertificateAttribute() throws Exception {
        Identified dnOnly = new Identified(ClientIdentity.ofSubject(DistinguishedName.parse("CN=alice")), "header",
                List.of());
        AuthenticatedRequest request = new AuthenticatedRequest(plainRequest(), dnOnly, gate());

        assertNull(request.getAttribute(TLS_ATTRIBUTE));
        assertFalse(Collections.list(request.getAttributeNames()).contains(TLS_ATTRIBUTE));
        assertEquals("alice", request.getRemoteUser());
    }

    @Test
    void theClientIsTheAuthenticatedUserWithItsRolesAndCertGatesAttributes() throws Exception {
        Identified alice = identified(PKI.alice, "header");
        AuthenticatedRequest request = new AuthenticatedRequest(plainRequest(), alice, gate());

        assertEquals(HttpServletRequest.CLIENT_CERT_AUTH, request.getAuthType());
        assertEquals("alice", request.getRemoteUser());
        assertTrue(request.isUserInRole("admin"));
        assertTrue(request.isUserInRole("**"), "** is any authenticated user");
        assertFalse(request.isUserInRole("ops"));
        CertificatePrincipal principal = assertInstanceOf(CertificatePrincipal.class, request.getUserPrincipal());
        assertEquals("alice", principal.getName());
        assertEquals(Set.of("admin"), principal.roles());
        assertSame(principal, request.getAttribute(RequestAttributes.PRINCIPAL), "made once");
        assertSame(alice.identity(), request.getAttribute(RequestAttributes.IDENTITY));
        assertEquals("header", request.getAttribute(RequestAttributes.SOURCE));
        assertEquals("the application's", request.getAttribute("app.attribute"));
        assertEquals(List.of("app.attribute", RequestAttributes.IDENTITY, RequestAttributes.SOURCE,
                RequestAttributes.PRINCIPAL, TLS_ATTRIBUTE), Collections.list(request.getAttributeNames()));
    }

    @Test
    void principalsAreEqualForTheSameNameAndCertificateOnly() throws Exception {
        ClientIdentity alice = ClientIdentity.of(PKI.alice.certificate());
        ClientIdentity otherAlice = ClientIdentity.of(TestPki.client("alice", PKI.ca).certificate());
        CertificatePrincipal principal = new CertificatePrincipal("alice", alice);

        assertEquals(principal, new CertificatePrincipal("alice", ClientIdentity.of(PKI.alice.certificate())));
        assertEquals(principal.hashCode(), new CertificatePrincipal("alice", alice, Set.of("admin")).hashCode());
        assertNotEquals(principal, new CertificatePrincipal("alice", otherAlice), "another certificate of the same name");
        assertNotEquals(principal, new CertificatePrincipal("bob", alice), "another name");
        assertNotEquals(principal, new CertificatePrincipal("alice", ClientIdentity.of(PKI.bob.certificate())));
        assertNotEquals(principal, (Object) "alice");
        assertEquals("CertificatePrincipal[CN=alice]", principal.toString());
    }
}
