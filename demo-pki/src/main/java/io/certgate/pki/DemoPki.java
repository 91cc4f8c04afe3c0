package io.certgate.pki;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import java.util.Date;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The demos' PKI directory: a demo CA, a rogue CA, a server certificate and four client certificates,
 * generated on first use and reused afterwards, so that a browser that imported {@code alice.p12} keeps
 * working across restarts.
 *
 * <pre>{@code
 * DemoPki pki = DemoPki.ensure(Path.of("demo-pki"));   // generates whatever is missing
 * SSLContext alice = TlsContexts.client(pki.ca().certificate(), pki.client("alice"), pki.ca().certificate());
 * }</pre>
 *
 * <p>The directory holds:
 * <ul>
 *   <li>{@code ca.crt}, {@code ca.key}: the demo CA, the one the demos trust;</li>
 *   <li>{@code rogue-ca.crt}, {@code rogue-ca.key}: a second CA nobody trusts;</li>
 *   <li>{@code server.crt}, {@code server.key}: the server, SAN {@code localhost} and {@code 127.0.0.1};</li>
 *   <li>{@code NAME.crt}, {@code NAME.key} (unencrypted PKCS#8 PEM, for curl) and {@code NAME.p12}
 *       (password {@value #P12_PASSWORD}, for browsers) for {@code alice} and {@code bob} (demo CA),
 *       {@code mallory} (rogue CA), {@code expired} (demo CA, expired yesterday) and {@code revoked} (demo
 *       CA, valid but listed in the CRL), and {@code service} (demo CA): a workload certificate without a CN,
 *       subject {@code OU=operations,O=CertGate Demo}, whose only name is the URI subjectAltName
 *       {@value #SERVICE_ID};</li>
 *   <li>{@code ca.crl}: the demo CA's CRL (PEM), listing {@code revoked}; written anew on every start, valid
 *       for {@value #CRL_DAYS} days.</li>
 * </ul>
 * A file is reused when it loads, its key matches its certificate and the certificate is signed by the CA
 * it should be; otherwise it is issued again (a new CA re-issues everything below it). Where the file
 * system has POSIX permissions, key and {@code .p12} files are written readable by the owner only
 * ({@code rw-------}) and certificates {@code rw-r--r--}. Keys are EC P-256, signatures SHA-256, serials
 * random 128-bit numbers.
 *
 * <p>These are demo credentials, stored unencrypted: never trust this CA outside the demo.
 */
public final class DemoPki {
    /** The password of every {@code NAME.p12}. */
    public static final String P12_PASSWORD = "changeit";
    /** CN of the demo CA. */
    public static final String CA_NAME = "CertGate Demo CA";
    /** CN of the CA nobody trusts. */
    public static final String ROGUE_CA_NAME = "CertGate Rogue CA";
    /** The client certificates, in the order the demos list them. */
    public static final List<String> CLIENTS = List.of("alice", "bob", "mallory", "expired", "revoked", "service");
    /** The SPIFFE ID of {@code service}, its only name: a SAN-only workload certificate without a CN. */
    public static final String SERVICE_ID = "spiffe://certgate.demo/ns/prod/sa/reports";
    /** The OU of {@code service}'s subject, which the demo's {@code roles} map to a role. */
    public static final String SERVICE_OU = "operations";
    /** The demo CA's certificate revocation list, listing {@code revoked}. */
    public static final String CRL_FILE = "ca.crl";

    private static final String CA = "ca";
    private static final String ROGUE_CA = "rogue-ca";
    private static final String SERVER = "server";
    private static final String MALLORY = "mallory";
    private static final String EXPIRED = "expired";
    private static final String REVOKED = "revoked";
    private static final String SERVICE = "service";
    static final int CRL_DAYS = 7;
    private static final Duration LIFETIME = Duration.ofDays(365);
    private static final Duration CA_LIFETIME = Duration.ofDays(3650);
    /** Certificates this close to their end are issued again, so a running demo never sees one expire. */
    private static final Duration RENEW_BEFORE = Duration.ofDays(1);
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private final Path directory;
    private final HeldCertificate ca;
    private final HeldCertificate rogueCa;
    private final HeldCertificate server;
    private final Map<String, HeldCertificate> clients;
    private final List<String> written;

    private DemoPki(Path directory, HeldCertificate ca, HeldCertificate rogueCa, HeldCertificate server,
            Map<String, HeldCertificate> clients, List<String> written) {
        this.directory = directory;
        this.ca = ca;
        this.rogueCa = rogueCa;
        this.server = server;
        this.clients = Collections.unmodifiableMap(new LinkedHashMap<>(clients));
        this.written = List.copyOf(written);
    }

    /**
     * Makes sure {@code directory} (created if absent) holds the whole demo PKI, generating what is missing
     * or unusable and reusing the rest.
     *
     * @throws IOException if the directory or a file cannot be read or written
     */
    public static DemoPki ensure(Path directory) throws IOException {
        Objects.requireNonNull(directory, "directory");
        Files.createDirectories(directory);
        Generator generator = new Generator(directory, Instant.now());
        HeldCertificate ca = generator.authority(CA, CA_NAME);
        HeldCertificate rogueCa = generator.authority(ROGUE_CA, ROGUE_CA_NAME);
        HeldCertificate server = generator.server(ca);
        Map<String, HeldCertificate> clients = new LinkedHashMap<>();
        for (String name : CLIENTS) {
            clients.put(name, generator.client(name, name.equals(MALLORY) ? rogueCa : ca));
        }
        generator.revocationList(ca, clients.get(REVOKED));
        return new DemoPki(directory, ca, rogueCa, server, clients, generator.written);
    }

    /** The directory the files are in, as given to {@link #ensure}. */
    public Path directory() {
        return directory;
    }

    /** The demo CA, the issuer the demos trust. */
    public HeldCertificate ca() {
        return ca;
    }

    /** The CA nobody trusts, issuer of {@code mallory}. */
    public HeldCertificate rogueCa() {
        return rogueCa;
    }

    /** The server certificate, SAN {@code localhost} and {@code 127.0.0.1}, issued by the demo CA. */
    public HeldCertificate server() {
        return server;
    }

    /**
     * A client certificate by name, one of {@link #CLIENTS}.
     *
     * @throws IllegalArgumentException for any other name
     */
    public HeldCertificate client(String name) {
        HeldCertificate client = clients.get(name);
        if (client == null) {
            throw new IllegalArgumentException("no demo client certificate \"" + name + "\"; the demo PKI has "
                    + String.join(", ", CLIENTS));
        }
        return client;
    }

    /** The issuer of a client certificate, for building the chain it is presented with. */
    public HeldCertificate issuerOf(String clientName) {
        return clientName.equals(MALLORY) ? rogueCa : ca;
    }

    /** A file of the PKI by name, e.g. {@code file("alice.p12")}. */
    public Path file(String fileName) {
        return directory.resolve(fileName);
    }

    /** The file names this call to {@link #ensure} wrote (empty when everything was reused). */
    public List<String> written() {
        return written;
    }

    /** Loads or issues certificates, writing each new one at once so a crash leaves a consistent directory. */
    private static final class Generator {
        private final Path directory;
        private final Instant now;
        private final List<String> written = new ArrayList<>();

        Generator(Path directory, Instant now) {
            this.directory = directory;
            this.now = now;
        }

        HeldCertificate authority(String name, String commonName) throws IOException {
            HeldCertificate existing = load(name, null);
            if (existing != null) {
                return existing;
            }
            HeldCertificate authority = HeldCertificate.builder().commonName(commonName).certificateAuthority(0)
                    .validity(now.minus(Duration.ofHours(1)), now.plus(CA_LIFETIME)).build();
            save(name, authority, false, null);
            return authority;
        }

        HeldCertificate server(HeldCertificate ca) throws IOException {
            HeldCertificate existing = load(SERVER, ca);
            if (existing != null) {
                return existing;
            }
            HeldCertificate server = HeldCertificate.builder().commonName("localhost")
                    .addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1")
                    .serverAuth().signedBy(ca).validity(now.minus(Duration.ofHours(1)), now.plus(LIFETIME)).build();
            save(SERVER, server, false, ca);
            return server;
        }

        HeldCertificate client(String name, HeldCertificate issuer) throws IOException {
            HeldCertificate existing = load(name, issuer);
            if (existing != null) {
                return existing;
            }
            // Expired yesterday, valid for the month before: old enough to be plainly expired in any time zone.
            Instant notAfter = name.equals(EXPIRED) ? now.minus(Duration.ofDays(1)) : now.plus(LIFETIME);
            Instant notBefore = name.equals(EXPIRED) ? now.minus(Duration.ofDays(31)) : now.minus(Duration.ofHours(1));
            HeldCertificate.Builder builder = name.equals(SERVICE)
                    ? HeldCertificate.builder().subject(new X500NameBuilder(BCStyle.INSTANCE)
                            .addRDN(BCStyle.O, "CertGate Demo").addRDN(BCStyle.OU, SERVICE_OU).build())
                            .addUriAlternativeName(SERVICE_ID)
                    : HeldCertificate.builder().commonName(name);
            HeldCertificate client = builder.clientAuth().signedBy(issuer).validity(notBefore, notAfter).build();
            save(name, client, true, issuer);
            return client;
        }

        /** The CA's CRL revoking {@code revoked}, reused while it is signed by the CA, lists it and is current. */
        void revocationList(HeldCertificate ca, HeldCertificate revoked) throws IOException {
            if (currentCrl(ca, revoked)) {
                return;
            }
            try {
                X509v2CRLBuilder builder = new X509v2CRLBuilder(
                        X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                        Date.from(now.minus(Duration.ofMinutes(5))));
                builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(CRL_DAYS))));
                builder.addCRLEntry(revoked.certificate().getSerialNumber(), Date.from(now.minus(Duration.ofMinutes(5))),
                        CRLReason.keyCompromise);
                String algorithm = ca.keyPair().getPrivate().getAlgorithm().equals("RSA")
                        ? "SHA256withRSA" : "SHA256withECDSA";
                X509CRLHolder crl = builder.build(new JcaContentSignerBuilder(algorithm).build(ca.keyPair().getPrivate()));
                writeAtomically(CRL_FILE, HeldCertificate.pem(crl).getBytes(StandardCharsets.US_ASCII), false);
            } catch (OperatorCreationException e) {
                throw new IOException("cannot sign the demo CRL", e);
            }
        }

        private boolean currentCrl(HeldCertificate ca, HeldCertificate revoked) {
            Path file = directory.resolve(CRL_FILE);
            if (!Files.isRegularFile(file)) {
                return false;
            }
            try (InputStream in = Files.newInputStream(file)) {
                java.security.cert.X509CRL crl = (java.security.cert.X509CRL) CertificateFactory.getInstance("X.509")
                        .generateCRL(in);
                crl.verify(ca.certificate().getPublicKey());
                return crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isAfter(now.plus(RENEW_BEFORE))
                        && crl.getRevokedCertificates() != null && crl.getRevokedCertificates().size() == 1
                        && crl.isRevoked(revoked.certificate());
            } catch (GeneralSecurityException | IOException | RuntimeException e) {
                return false;
            }
        }

        /**
         * The certificate and key saved as {@code name}, or null when they are missing, unreadable, do not
         * match, are not issued by {@code issuer} (null: self-signed) or, except {@code expired}, are about
         * to expire.
         */
        private HeldCertificate load(String name, HeldCertificate issuer) throws IOException {
            Path certificateFile = directory.resolve(name + ".crt");
            Path keyFile = directory.resolve(name + ".key");
            if (!Files.isRegularFile(certificateFile) || !Files.isRegularFile(keyFile)) {
                return null;
            }
            if (issuer != null && !name.equals(SERVER) && !Files.isRegularFile(directory.resolve(name + ".p12"))) {
                return null;
            }
            try {
                X509Certificate certificate = readCertificate(certificateFile);
                PrivateKey key = readPrivateKey(keyFile);
                X509Certificate signer = issuer != null ? issuer.certificate() : certificate;
                certificate.verify(signer.getPublicKey());
                if (!certificate.getIssuerX500Principal().equals(signer.getSubjectX500Principal())
                        || !keyMatches(key, certificate)
                        || (!name.equals(EXPIRED)
                                && certificate.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE)))
                        || (name.equals(EXPIRED) && !certificate.getNotAfter().toInstant().isBefore(now))) {
                    return null;
                }
                return new HeldCertificate(certificate, new KeyPair(certificate.getPublicKey(), key));
            } catch (GeneralSecurityException | IOException | RuntimeException e) {
                return null;
            }
        }

        private void save(String name, HeldCertificate held, boolean withP12, HeldCertificate issuer)
                throws IOException {
            if (withP12) {
                writeAtomically(name + ".p12", held.toPkcs12(P12_PASSWORD.toCharArray(), issuer.certificate()), true);
            }
            writeAtomically(name + ".key", held.privateKeyPem().getBytes(StandardCharsets.US_ASCII), true);
            writeAtomically(name + ".crt", held.certificatePem().getBytes(StandardCharsets.US_ASCII), false);
        }

        /** Writes through a temporary file in the same directory, so a reader never sees half a key. */
        private void writeAtomically(String fileName, byte[] content, boolean secret) throws IOException {
            boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
            Path temporary = posix
                    ? Files.createTempFile(directory, "." + fileName, ".tmp", OWNER_ONLY)
                    : Files.createTempFile(directory, "." + fileName, ".tmp");
            try {
                Files.write(temporary, content);
                if (posix && !secret) {
                    // Certificates are public: nginx workers and other users may read them.
                    Files.setPosixFilePermissions(temporary, PUBLIC);
                }
                try {
                    Files.move(temporary, directory.resolve(fileName), StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, directory.resolve(fileName), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
            written.add(fileName);
        }
    }

    static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** Reads a PEM private key: PKCS#8 ({@code PRIVATE KEY}) as written here, or OpenSSL's traditional forms. */
    static PrivateKey readPrivateKey(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            throw new IOException("no unencrypted private key in " + file);
        }
    }

    /** Whether {@code key} is the private half of the certificate's public key: sign something, verify it. */
    private static boolean keyMatches(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
        String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        byte[] probe = "CertGate demo key check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(probe);
        return verifier.verify(signature);
    }
}
