package io.certgate.trust;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
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

    /** A CRL from {@code issuer} with no nextUpdate (RFC 5280 wants one, but a CRL may lack it) and no reasons. */
    static X509CRL crlWithoutNextUpdateOrReasons(HeldCertificate issuer, HeldCertificate... revoked) {
        return signedCrl(issuer.certificate().getSubjectX500Principal().getEncoded(), issuer.keyPair().getPrivate(),
                Instant.now().minus(Duration.ofHours(1)), null, revoked);
    }

    /** With a null {@code nextUpdate}, a CRL without one and without reason codes. */
    private static X509CRL signedCrl(byte[] issuerName, PrivateKey key, Instant thisUpdate, Instant nextUpdate,
            HeldCertificate... revoked) {
        X509v2CRLBuilder builder = new X509v2CRLBuilder(X500Name.getInstance(issuerName), Date.from(thisUpdate));
        if (nextUpdate != null) {
            builder.setNextUpdate(Date.from(nextUpdate));
        }
        for (HeldCertificate certificate : revoked) {
            if (nextUpdate != null) {
                builder.addCRLEntry(certificate.certificate().getSerialNumber(), Date.from(thisUpdate),
                        CRLReason.keyCompromise);
            } else {
                builder.addCRLEntry(certificate.certificate().getSerialNumber(), Date.from(thisUpdate), (Extensions) null);
            }
        }
        try {
            String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaX509CRLConverter().getCRL(builder.build(new JcaContentSignerBuilder(algorithm).build(key)));
        } catch (OperatorCreationException | java.security.cert.CRLException e) {
            throw new IllegalStateException("cannot build CRL", e);
        }
    }

    /**
     * A CA certificate signed by {@code issuer} whose keyUsage extension has exactly {@code keyUsage} (a
     * {@link KeyUsage} bit mask), or no keyUsage extension when it is null: the demo PKI always adds cRLSign.
     */
    static HeldCertificate caWithKeyUsage(String commonName, HeldCertificate issuer, Integer keyUsage) {
        try {
            KeyPair keys = KeyPairGenerator.getInstance("EC").generateKeyPair();
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()),
                    BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(30))), new X500Name("CN=" + commonName), keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            if (keyUsage != null) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            }
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.keyPair().getPrivate())));
            return new HeldCertificate(certificate, keys);
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot build CA certificate", e);
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
