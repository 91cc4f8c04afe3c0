package io.certgate.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERT61String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.DERUniversalString;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.certgate.pki.HeldCertificate;

/** {@link OpenSslRfc2253} prints what {@code openssl x509 -nameopt RFC2253} (the flags nginx uses) prints. */
class OpenSslRfc2253Test {
    private static final Path OPENSSL = Path.of("/usr/bin/openssl");
    private static final HeldCertificate CA = HeldCertificate.builder().commonName("OpenSSL Check CA")
            .certificateAuthority(0).build();
    private static final KeyPair KEY = CA.keyPair();

    @TempDir
    static Path directory;

    static Stream<X500Name> names() {
        return Stream.of(
                name(BCStyle.CN, new DERUTF8String("alice")),
                name(BCStyle.CN, new DERUTF8String("#")),
                name(BCStyle.CN, new DERUTF8String(" ")),
                name(BCStyle.CN, new DERUTF8String("#a b ")),
                name(BCStyle.CN, new DERUTF8String(" a,b+c\"d\\e<f>g;h=i#")),
                name(BCStyle.CN, new DERUTF8String("x\u007f\u0000\n\u00e9\u4e2d\ud83d\ude00")),
                name(BCStyle.CN, new DERBMPString("al\u00e9 \u4e2d")),
                name(BCStyle.CN, new DERT61String("caf\u00e9")),
                name(BCStyle.CN, new DERUniversalString("a\u00e9\ud83d\ude00".getBytes(java.nio.charset.Charset.forName("UTF-32BE")))),
                name(BCStyle.EmailAddress, new DERIA5String("a@example.com")),
                name(BCStyle.SERIALNUMBER, new DERPrintableString("1234")),
                name(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"), new DERUTF8String("private")),
                new X500Name(new RDN[] {new RDN(BCStyle.C, new DERPrintableString("US")),
                        new RDN(BCStyle.O, new DERUTF8String("Acme, Inc.")),
                        new RDN(new AttributeTypeAndValue[] {new AttributeTypeAndValue(BCStyle.CN, new DERUTF8String("a")),
                                new AttributeTypeAndValue(BCStyle.UID, new DERUTF8String("b"))})}));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("names")
    void printsWhatOpenSslPrints(X500Name name) throws Exception {
        assertTrue(Files.isExecutable(OPENSSL), "needs " + OPENSSL);
        X509Certificate certificate = HeldCertificate.builder().subject(name).keyPair(KEY).signedBy(CA).build()
                .certificate();

        assertEquals(openssl(certificate), "subject=" + OpenSslRfc2253.print(certificate.getSubjectX500Principal()));
    }

    private static String openssl(X509Certificate certificate) throws Exception {
        Path pem = Files.createTempFile(directory, "cert", ".pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Process process = new ProcessBuilder(OPENSSL.toString(), "x509", "-in", pem.toString(), "-noout", "-subject",
                "-nameopt", "RFC2253").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0, output);
        return output;
    }

    private static X500Name name(ASN1ObjectIdentifier type, ASN1Encodable value) {
        return new X500Name(new RDN[] {new RDN(BCStyle.O, new DERUTF8String("o")), new RDN(type, value)});
    }
}
