package io.certgate.source;

import java.math.BigInteger;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

import io.certgate.pki.HeldCertificate;

/** Real certificates for the header tests, generated once per JVM. */
final class SourcePki {
    static final HeldCertificate ROOT = HeldCertificate.builder().commonName("Header Test Root CA")
            .certificateAuthority(1).build();
    static final HeldCertificate INTERMEDIATE = HeldCertificate.builder().commonName("Header Test Issuing CA")
            .certificateAuthority(0).signedBy(ROOT).build();
    static final BigInteger ALICE_SERIAL = new BigInteger("a11ce0000000000000000000000001", 16);
    static final HeldCertificate ALICE = HeldCertificate.builder().commonName("alice").clientAuth()
            .serialNumber(ALICE_SERIAL).signedBy(ROOT).build();
    static final HeldCertificate BOB = HeldCertificate.builder().commonName("bob").clientAuth().signedBy(ROOT).build();
    /** The subject of nginx's documentation example, {@code /C=US/ST=Florida/L=Orlando/O=CLIENT NAME/CN=CLIENT NAME}. */
    static final HeldCertificate CLIENT_NAME = HeldCertificate.builder()
            .subject(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "US").addRDN(BCStyle.ST, "Florida")
                    .addRDN(BCStyle.L, "Orlando").addRDN(BCStyle.O, "CLIENT NAME").addRDN(BCStyle.CN, "CLIENT NAME")
                    .build())
            .clientAuth().signedBy(ROOT).build();
    /** An organisation with a comma, which RFC 2253 printers (OpenSSL, nginx, Envoy) escape as {@code \,}. */
    static final HeldCertificate ACME = HeldCertificate.builder()
            .subject(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Acme, Inc.").addRDN(BCStyle.CN, "carol")
                    .build())
            .clientAuth().signedBy(ROOT).build();
    static final HeldCertificate JOSE = HeldCertificate.builder().commonName("Jos\u00e9").clientAuth().signedBy(ROOT)
            .build();
    static final HeldCertificate DAVE_UNDER_INTERMEDIATE = HeldCertificate.builder().commonName("dave").clientAuth()
            .addSubjectAlternativeName("dave.example.com").addUriAlternativeName("spiffe://example.com/dave")
            .signedBy(INTERMEDIATE).build();

    /** The client certificate a proxy presents to the application's HTTPS port (nginx proxy_ssl_certificate). */
    static final X500Name PROXY_SUBJECT = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Example")
            .addRDN(BCStyle.CN, "proxy").build();
    static final HeldCertificate PROXY = HeldCertificate.builder().subject(PROXY_SUBJECT)
            .clientAuth().signedBy(ROOT).build();

    private SourcePki() {
    }
}
