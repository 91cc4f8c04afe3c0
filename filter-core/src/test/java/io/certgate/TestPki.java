package io.certgate;

import java.time.Duration;
import java.time.Instant;

import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

import io.certgate.pki.HeldCertificate;

/** One CA with server, client, expired and foreign certificates, generated once per test class. */
public final class TestPki {
    public final HeldCertificate ca = HeldCertificate.builder().commonName("CertGate Test CA").certificateAuthority(0).build();
    public final HeldCertificate rogueCa = HeldCertificate.builder().commonName("Rogue CA").certificateAuthority(0).build();
    public final HeldCertificate server = HeldCertificate.builder().commonName("localhost")
            .addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1").serverAuth()
            .signedBy(ca).build();
    public final HeldCertificate alice = client("alice", ca);
    public final HeldCertificate bob = client("bob", ca);
    /** alice with her CN as a BMPString: the JDK prints it {@code CN=\00a\00l\00i\00c\00e}, nginx {@code CN=alice}. */
    public final HeldCertificate bmpAlice = HeldCertificate.builder()
            .subject(new X500Name(new RDN[] {new RDN(BCStyle.CN, new DERBMPString("alice"))}))
            .clientAuth().signedBy(ca).build();
    public final HeldCertificate mallory = client("mallory", rogueCa);
    public final HeldCertificate expired = HeldCertificate.builder().commonName("alice").clientAuth().signedBy(ca)
            .validity(Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1))).build();

    public static HeldCertificate client(String cn, HeldCertificate issuer) {
        return HeldCertificate.builder().commonName(cn).clientAuth().signedBy(issuer).build();
    }
}
