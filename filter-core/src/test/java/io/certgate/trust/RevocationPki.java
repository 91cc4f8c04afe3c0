package io.certgate.trust;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import io.certgate.pki.HeldCertificate;

/**
 * A root CA, an intermediate CA and their clients, with CRLs written by Bouncy Castle's
 * {@link X509v2CRLBuilder}, as a CA would publish them.
 */
final class RevocationPki {
    final HeldCertificate root = HeldCertificate.builder().commonName("Revocation Root CA").certificateAuthority(1)
            .build();
    final HeldCertificate intermediate = HeldCertificate.builder().commonName("Revocation Issuing CA")
            .certificateAuthority(0).signedBy(root).build();
    /** Same name as {@link #root}, different key: what a forger would sign a CRL with. */
    final HeldCertificate impostor = HeldCertificate.builder().commonName("Revocation Root CA")
            .certificateAuthority(1).build();
    final HeldCertificate alice = client("alice", root);
    final HeldCertificate bob = client("bob", root);
    final HeldCertificate carol = client("carol", intermediate);

    static HeldCertificate client(String cn, HeldCertificate issuer) {
        return HeldCertificate.builder().commonName(cn).clientAuth().signedBy(issuer).build();
    }

    /** A CRL from {@code issuer} listing {@code revoked}, valid from an hour ago for a week. */
    static X509CRL crl(HeldCertificate issuer, HeldCertificate... revoked) {
        return signedCrl(issuer.certificate().getSubjectX500Principal().getEncoded(), issuer.keyPair().getPrivate(),
                revoked);
    }

    /** A CRL from {@code issuer} listing {@code revoked}, issued a week before {@code nextUpdate}. */
    static X509CRL crlDue(HeldCertificate issuer, Instant nextUpdate, HeldCertificate... revoked) {
        return signedCrl(issuer.certificate().getSubjectX500Principal().getEncoded(), issuer.keyPair().getPrivate(),
                nextUpdate.minus(Duration.ofDays(7)), nextUpdate, revoked);
    }

    /** A CRL that names {@code claimedIssuer} but is signed by {@code signer}'s key. */
    static X509CRL forgedCrl(HeldCertificate claimedIssuer, HeldCertificate signer, HeldCertificate... revoked) {
        return signedCrl(claimedIssuer.certificate().getSubjectX500Principal().getEncoded(),
                signer.keyPair().getPrivate(), revoked);
    }

    private static X509CRL signedCrl(byte[] issuerName, PrivateKey key, HeldCertificate... revoked) {
        Instant now = Instant.now();
        return signedCrl(issuerName, key, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(7)), revoked);
    }

    private static X509CRL signedCrl(byte[] issuerName, PrivateKey key, Instant thisUpdate, Instant nextUpdate,
            HeldCertificate... revoked) {
        X509v2CRLBuilder builder = new X509v2CRLBuilder(X500Name.getInstance(issuerName), Date.from(thisUpdate));
        builder.setNextUpdate(Date.from(nextUpdate));
        for (HeldCertificate certificate : revoked) {
            builder.addCRLEntry(certificate.certificate().getSerialNumber(), Date.from(thisUpdate),
                    CRLReason.keyCompromise);
        }
        try {
            String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaX509CRLConverter().getCRL(builder.build(new JcaContentSignerBuilder(algorithm).build(key)));
        } catch (OperatorCreationException | java.security.cert.CRLException e) {
            throw new IllegalStateException("cannot build CRL", e);
        }
    }

    static String pem(X509CRL crl) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(crl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    static byte[] der(X509CRL crl) {
        try {
            return crl.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a PEM CRL file. */
    static Path writePem(Path file, X509CRL crl) throws IOException {
        return Files.writeString(file, pem(crl));
    }

    /**
     * Replaces a file's content and moves its modification time a minute past the old one, so a rewrite
     * within the file system's timestamp granularity is still seen as a change.
     */
    static void rewrite(Path file, byte[] content) throws IOException {
        FileTime before = Files.getLastModifiedTime(file);
        Files.write(file, content);
        Files.setLastModifiedTime(file, FileTime.from(before.toInstant().plus(Duration.ofMinutes(1))));
    }

    static BigInteger serial(HeldCertificate certificate) {
        return certificate.certificate().getSerialNumber();
    }
}
