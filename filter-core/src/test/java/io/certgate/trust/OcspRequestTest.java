package io.certgate.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;

import io.certgate.pki.HeldCertificate;

/** The OCSP request CertGate sends, read back by Bouncy Castle, and the responder URL it finds. */
class OcspRequestTest {
    private static final HeldCertificate CA = HeldCertificate.builder().commonName("OCSP Request CA")
            .certificateAuthority(0).build();

    @Test
    void requestAsksAboutTheCertificateWithTheCertIdBouncyCastleComputes() throws Exception {
        HeldCertificate client = HeldCertificate.builder().commonName("alice").clientAuth()
                .ocspResponderUrl("http://127.0.0.1:1/ocsp").signedBy(CA).build();
        OCSPReq request = new OCSPReq(OcspRequest.encode(client.certificate(), CA.certificate()));
        Req[] questions = request.getRequestList();
        assertEquals(1, questions.length);
        CertificateID expected = new CertificateID(
                new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(CA.certificate()), client.certificate().getSerialNumber());
        assertEquals(expected, questions[0].getCertID());
        assertNull(request.getExtension(org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers.id_pkix_ocsp_nonce));
    }

    @Test
    void responderUrlIsReadFromAuthorityInformationAccess() {
        HeldCertificate client = HeldCertificate.builder().commonName("alice").clientAuth()
                .ocspResponderUrl("http://ocsp.example.org/q").signedBy(CA).build();
        assertEquals("http://ocsp.example.org/q", OcspRequest.responderUrl(client.certificate()));
    }

    @Test
    void certificateWithoutAuthorityInformationAccessNamesNoResponder() {
        HeldCertificate client = HeldCertificate.builder().commonName("alice").clientAuth().signedBy(CA).build();
        assertNull(OcspRequest.responderUrl(client.certificate()));
    }

    @Test
    void longContentsGetALongFormLength() {
        byte[] content = new byte[300];
        byte[] element = OcspRequest.tlv(0x04, content);
        assertArrayEquals(new byte[] {0x04, (byte) 0x82, 0x01, 0x2C}, java.util.Arrays.copyOf(element, 4));
        assertEquals(304, element.length);
        OcspRequest.Element read = OcspRequest.Element.read(element, 0, element.length);
        assertEquals(300, read.contents().length);
    }

    @Test
    void malformedDerIsRefusedNotReadPastItsEnd() {
        byte[] cutShort = {0x30, 0x05, 0x04, 0x01};
        assertThrows(IllegalArgumentException.class, () -> OcspRequest.Element.read(cutShort, 0, cutShort.length));
        byte[] indefinite = {0x30, (byte) 0x80, 0x00, 0x00};
        assertThrows(IllegalArgumentException.class, () -> OcspRequest.Element.read(indefinite, 0, indefinite.length));
        byte[] childTooLong = {0x30, 0x02, 0x04, 0x05};
        assertThrows(IllegalArgumentException.class,
                () -> OcspRequest.Element.read(childTooLong, 0, childTooLong.length).children());
    }
}
