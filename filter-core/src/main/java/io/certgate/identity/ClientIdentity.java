package io.certgate.identity;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Who the client is, as read from its certificate (or, behind a proxy that passes only a DN, from that DN).
 *
 * <p>Built once per certificate and immutable, so every field a rule reads is decoded here, once, and the
 * rules only compare. Fields that a DN-only source cannot know ({@code issuer}, {@code serialNumber},
 * {@code sha256Fingerprint}, {@code notBefore}, {@code notAfter}, {@code spkiSha256}, {@code certificate})
 * are {@code null} then; {@code subjectAltNames}, {@code ipAddresses} and {@code certificatePolicies} are
 * empty.
 *
 * @param subject the parsed subject DN
 * @param issuer the parsed issuer DN, or null
 * @param serialNumber the certificate serial, or null
 * @param sha256Fingerprint lower-case hex SHA-256 of the DER certificate, or null
 * @param notBefore start of validity, or null
 * @param notAfter end of validity, or null
 * @param subjectAltNames DNS, e-mail, URI, IP and UPN subjectAltNames, in certificate order
 * @param ipAddresses the IP address subjectAltNames as addresses, in certificate order
 * @param spkiSha256 lower-case hex SHA-256 of the DER SubjectPublicKeyInfo (the same for every certificate
 *        issued for one key), or null
 * @param certificatePolicies the policy OIDs of the certificatePolicies extension, dotted, in certificate order
 * @param certificate the certificate itself, or null
 */
public record ClientIdentity(
        DistinguishedName subject,
        DistinguishedName issuer,
        BigInteger serialNumber,
        String sha256Fingerprint,
        Instant notBefore,
        Instant notAfter,
        List<SubjectAltName> subjectAltNames,
        List<InetAddress> ipAddresses,
        String spkiSha256,
        List<String> certificatePolicies,
        X509Certificate certificate) {
    /** The certificatePolicies extension. */
    private static final String CERTIFICATE_POLICIES = "2.5.29.32";
    /** The subjectAltName extension. */
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";

    public ClientIdentity {
        Objects.requireNonNull(subject, "subject");
        subjectAltNames = List.copyOf(subjectAltNames);
        ipAddresses = List.copyOf(ipAddresses);
        certificatePolicies = List.copyOf(certificatePolicies);
    }

    /** An identity known only by its subject DN, vouched for by a proxy. */
    public static ClientIdentity ofSubject(DistinguishedName subject) {
        return new ClientIdentity(subject, null, null, null, null, null, List.of(), List.of(), null, List.of(), null);
    }

    /**
     * Reads everything CertGate uses from a certificate. The subject and issuer are read from their DER
     * encoding ({@link DerName}), not from the JDK's RFC 2253 printing, which garbles BMPString and
     * TeletexString values that OpenSSL (and so every proxy) prints as text.
     *
     * @throws DnParseException if the subject or issuer DN cannot be parsed
     * @throws CertificateParsingException if the subjectAltName (with a UPN in it) or certificatePolicies
     *         extension cannot be decoded
     */
    public static ClientIdentity of(X509Certificate certificate) throws DnParseException, CertificateParsingException {
        DistinguishedName subject = DerName.parse(certificate.getSubjectX500Principal().getEncoded());
        DistinguishedName issuer = DerName.parse(certificate.getIssuerX500Principal().getEncoded());
        List<SubjectAltName> names = subjectAltNames(certificate);
        List<InetAddress> addresses = new ArrayList<>();
        for (SubjectAltName name : names) {
            if (name.type() == SubjectAltName.Type.IP) {
                addresses.add(read("IP subjectAltName", () -> CertificateFields.ipAddress(name.value())));
            }
        }
        byte[] policies = certificate.getExtensionValue(CERTIFICATE_POLICIES);
        return new ClientIdentity(subject, issuer, certificate.getSerialNumber(), sha256(encoded(certificate)),
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(), names, addresses,
                sha256(certificate.getPublicKey().getEncoded()),
                policies == null ? List.of()
                        : read("certificatePolicies", () -> CertificateFields.certificatePolicies(policies)),
                certificate);
    }

    /** Decodes one field, which may turn out malformed. */
    private interface FieldReader<T> {
        T read() throws DnParseException;
    }

    private static <T> T read(String field, FieldReader<T> reader) throws CertificateParsingException {
        try {
            return reader.read();
        } catch (DnParseException e) {
            throw new CertificateParsingException("malformed " + field + ": " + e.getMessage());
        }
    }

    /** The subject's CN values; a usable identity has exactly one. */
    public List<String> commonNames() {
        return subject.values("CN");
    }

    /** The subject's single CN, or null when it has none or several. */
    public String commonName() {
        return subject.single("CN");
    }

    /** How many CN values the subject has; a usable identity has exactly one. */
    public int commonNameCount() {
        return subject.count("CN");
    }

    /**
     * The name the application sees as remote user: the single CN; without one, the first URI
     * subjectAltName (a SPIFFE ID), then the first DNS name, then the whole subject DN.
     */
    public String displayName() {
        String cn = commonName();
        if (cn != null && !cn.isEmpty()) {
            return cn;
        }
        String uri = firstSubjectAltName(SubjectAltName.Type.URI);
        if (uri != null) {
            return uri;
        }
        String dns = firstSubjectAltName(SubjectAltName.Type.DNS);
        return dns != null ? dns : subject.toString();
    }

    /**
     * The first subjectAltName of this type in certificate order, or null. Asked by the application on every
     * request it serves, so it allocates nothing.
     */
    public String firstSubjectAltName(SubjectAltName.Type type) {
        for (SubjectAltName name : subjectAltNames) {
            if (name.type() == type) {
                return name.value();
            }
        }
        return null;
    }

    private static byte[] encoded(X509Certificate certificate) throws CertificateParsingException {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new CertificateParsingException("cannot encode certificate", e);
        }
    }

    private static String sha256(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static List<SubjectAltName> subjectAltNames(X509Certificate certificate)
            throws CertificateParsingException {
        Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
        if (entries == null) {
            return List.of();
        }
        List<SubjectAltName> names = new ArrayList<>(entries.size());
        List<String> upns = null;
        int otherNames = 0;
        for (List<?> entry : entries) {
            if ((Integer) entry.get(0) == 0) {
                if (upns == null) {
                    byte[] extension = certificate.getExtensionValue(SUBJECT_ALT_NAME);
                    upns = read("UPN otherName", () -> CertificateFields.otherNameUpns(extension));
                }
                // Both lists are in certificate order, so the n-th otherName the JDK found is our n-th.
                if (otherNames >= upns.size()) {
                    throw new CertificateParsingException("the JDK and CertGate disagree on the otherNames");
                }
                String upn = upns.get(otherNames++);
                if (upn != null) {
                    names.add(new SubjectAltName(SubjectAltName.Type.UPN, upn));
                }
                continue;
            }
            SubjectAltName.Type type = SubjectAltName.Type.forTag((Integer) entry.get(0));
            if (type != null && entry.get(1) instanceof String value) {
                names.add(new SubjectAltName(type, value));
            }
        }
        if (upns != null && otherNames != upns.size()) {
            throw new CertificateParsingException("the JDK and CertGate disagree on the otherNames");
        }
        return names;
    }
}
