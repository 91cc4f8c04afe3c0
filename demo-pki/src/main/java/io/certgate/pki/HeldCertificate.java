package io.certgate.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * A certificate and its private key, built with Bouncy Castle for demos and tests.
 *
 * <pre>{@code
 * HeldCertificate ca = HeldCertificate.builder().commonName("CertGate Demo CA").certificateAuthority(1).build();
 * HeldCertificate alice = HeldCertificate.builder().commonName("alice").clientAuth().signedBy(ca).build();
 * }</pre>
 *
 * <p>Every certificate gets a random 128-bit serial (browsers reject two certificates from one issuer with
 * the same serial), a SHA-256 signature and an EC P-256 key unless {@link Builder#rsa2048()} is chosen.
 */
public final class HeldCertificate {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final KeyPair keyPair;

    public HeldCertificate(X509Certificate certificate, KeyPair keyPair) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
    }

    public static Builder builder() {
        return new Builder();
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    /** The certificate as PEM ({@code -----BEGIN CERTIFICATE-----}). */
    public String certificatePem() {
        return pem(certificate);
    }

    /** The private key as unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}), as curl reads it. */
    public String privateKeyPem() {
        String base64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(keyPair.getPrivate().getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
    }

    /** A PKCS#12 key store holding the key and this certificate followed by {@code chain}. */
    public KeyStore toKeyStore(char[] password, X509Certificate... chain) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            Certificate[] full = new Certificate[chain.length + 1];
            full[0] = certificate;
            System.arraycopy(chain, 0, full, 1, chain.length);
            store.setKeyEntry("client", keyPair.getPrivate(), password, full);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build PKCS#12 store", e);
        }
    }

    /** The PKCS#12 file bytes, for browsers and {@code curl --cert-type P12}. */
    public byte[] toPkcs12(char[] password, X509Certificate... chain) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            toKeyStore(password, chain).store(out, password);
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write PKCS#12 store", e);
        }
    }

    static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** Builds a {@link HeldCertificate}; every setter documents its default. */
    public static final class Builder {
        private X500Name subject;
        private HeldCertificate issuer;
        private int maxIntermediates = -1;
        private Instant notBefore;
        private Instant notAfter;
        private boolean rsa;
        private KeyPair keyPair;
        private BigInteger serial;
        private final List<GeneralName> altNames = new ArrayList<>();
        private final List<KeyPurposeId> extendedKeyUsages = new ArrayList<>();
        private final List<PolicyInformation> policies = new ArrayList<>();
        private String ocspResponderUrl;
        private String crlDistributionPoint;

        private Builder() {
        }

        /** Subject {@code CN=name}. Required unless {@link #subject(X500Name)} is given. */
        public Builder commonName(String name) {
            this.subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
            return this;
        }

        /** A subject built freely, for odd DNs in tests (several CNs, multi-valued RDNs, control characters). */
        public Builder subject(X500Name name) {
            this.subject = Objects.requireNonNull(name);
            return this;
        }

        /** Signs with {@code issuer}'s key. If unset, the certificate is self-signed. */
        public Builder signedBy(HeldCertificate issuer) {
            this.issuer = issuer;
            return this;
        }

        /** Makes this a CA (basicConstraints CA=true, keyCertSign). If unset, it is an end-entity certificate. */
        public Builder certificateAuthority(int maxIntermediateCas) {
            this.maxIntermediates = maxIntermediateCas;
            return this;
        }

        /** Validity window. If unset: from one hour ago to 365 days from now. */
        public Builder validity(Instant notBefore, Instant notAfter) {
            this.notBefore = notBefore;
            this.notAfter = notAfter;
            return this;
        }

        /** A host name or IP address SAN. If unset, no SAN. */
        public Builder addSubjectAlternativeName(String hostOrIp) {
            altNames.add(IPAddress.isValid(hostOrIp)
                    ? new GeneralName(GeneralName.iPAddress, hostOrIp)
                    : new GeneralName(GeneralName.dNSName, hostOrIp));
            return this;
        }

        /** An rfc822Name (e-mail) SAN. */
        public Builder addEmailAlternativeName(String email) {
            altNames.add(new GeneralName(GeneralName.rfc822Name, email));
            return this;
        }

        /** A URI SAN, e.g. a SPIFFE ID. */
        public Builder addUriAlternativeName(String uri) {
            altNames.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
            return this;
        }

        /**
         * A Microsoft user principal name SAN, as Windows smart card certificates carry it: an otherName of
         * type 1.3.6.1.4.1.311.20.2.3 holding a UTF8String.
         */
        public Builder addUpnAlternativeName(String upn) {
            return addOtherName("1.3.6.1.4.1.311.20.2.3", new DERUTF8String(upn));
        }

        /** An otherName SAN of any type and value ({@code [0] EXPLICIT value}), for odd ones in tests. */
        public Builder addOtherName(String oid, ASN1Encodable value) {
            altNames.add(new GeneralName(GeneralName.otherName, new DERSequence(new ASN1Encodable[] {
                new ASN1ObjectIdentifier(oid), new DERTaggedObject(true, 0, value)})));
            return this;
        }

        /**
         * A policy OID (dotted) in the certificatePolicies extension, without qualifiers. If none is added, the
         * certificate has no certificatePolicies extension.
         */
        public Builder certificatePolicy(String oid) {
            policies.add(new PolicyInformation(new ASN1ObjectIdentifier(oid)));
            return this;
        }

        /** Adds the clientAuth extended key usage. If no EKU is added, the certificate has no EKU extension. */
        public Builder clientAuth() {
            extendedKeyUsages.add(KeyPurposeId.id_kp_clientAuth);
            return this;
        }

        /** Adds the serverAuth extended key usage. */
        public Builder serverAuth() {
            extendedKeyUsages.add(KeyPurposeId.id_kp_serverAuth);
            return this;
        }

        /** RSA 2048 instead of the default EC P-256 key. */
        public Builder rsa2048() {
            this.rsa = true;
            return this;
        }

        /** Uses this key pair instead of generating one (for re-issuing a certificate from a saved key). */
        public Builder keyPair(KeyPair keyPair) {
            this.keyPair = keyPair;
            return this;
        }

        /** Serial number. If unset, a random positive 128-bit number. */
        public Builder serialNumber(BigInteger serial) {
            this.serial = serial;
            return this;
        }

        /** An OCSP responder URL in the Authority Information Access extension. If unset, no AIA extension. */
        public Builder ocspResponderUrl(String url) {
            this.ocspResponderUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /** A CRL distribution point URL. If unset, no CRL distribution points extension. */
        public Builder crlDistributionPoint(String url) {
            this.crlDistributionPoint = Objects.requireNonNull(url, "url");
            return this;
        }

        public HeldCertificate build() {
            if (subject == null) {
                throw new IllegalStateException("commonName or subject is required");
            }
            try {
                KeyPair keys = keyPair != null ? keyPair : generateKeyPair(rsa);
                Instant start = notBefore != null ? notBefore : Instant.now().minus(Duration.ofHours(1));
                Instant end = notAfter != null ? notAfter : Instant.now().plus(Duration.ofDays(365));
                BigInteger serialNumber = serial != null ? serial : new BigInteger(128, RANDOM).setBit(127);
                X500Name issuerName = issuer != null
                        ? X500Name.getInstance(issuer.certificate.getSubjectX500Principal().getEncoded())
                        : subject;
                KeyPair signingKeys = issuer != null ? issuer.keyPair : keys;

                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                        issuerName, serialNumber, Date.from(start), Date.from(end), subject, keys.getPublic());
                JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
                builder.addExtension(Extension.subjectKeyIdentifier, false,
                        utils.createSubjectKeyIdentifier(keys.getPublic()));
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(signingKeys.getPublic()));
                if (maxIntermediates >= 0) {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(maxIntermediates));
                    builder.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                } else {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(
                            KeyUsage.digitalSignature | (rsa ? KeyUsage.keyEncipherment : KeyUsage.keyAgreement)));
                }
                if (!altNames.isEmpty()) {
                    builder.addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(altNames.toArray(GeneralName[]::new)));
                }
                if (!extendedKeyUsages.isEmpty()) {
                    builder.addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(extendedKeyUsages.toArray(KeyPurposeId[]::new)));
                }
                if (!policies.isEmpty()) {
                    builder.addExtension(Extension.certificatePolicies, false,
                            new CertificatePolicies(policies.toArray(PolicyInformation[]::new)));
                }
                if (ocspResponderUrl != null) {
                    builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                            AccessDescription.id_ad_ocsp,
                            new GeneralName(GeneralName.uniformResourceIdentifier, ocspResponderUrl)));
                }
                if (crlDistributionPoint != null) {
                    GeneralNames where = new GeneralNames(
                            new GeneralName(GeneralName.uniformResourceIdentifier, crlDistributionPoint));
                    DistributionPoint point = new DistributionPoint(new DistributionPointName(where), null, null);
                    builder.addExtension(Extension.cRLDistributionPoints, false,
                            new CRLDistPoint(new DistributionPoint[] {point}));
                }
                String algorithm = signingKeys.getPrivate().getAlgorithm().equals("RSA")
                        ? "SHA256withRSA" : "SHA256withECDSA";
                ContentSigner signer = new JcaContentSignerBuilder(algorithm).build(signingKeys.getPrivate());
                X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
                return new HeldCertificate(certificate, keys);
            } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException
                     | org.bouncycastle.cert.CertIOException e) {
                throw new IllegalStateException("cannot build certificate for " + subject, e);
            }
        }

        private static KeyPair generateKeyPair(boolean rsa) throws GeneralSecurityException {
            if (rsa) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048, RANDOM);
                return generator.generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        }
    }
}
