package io.certgate.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.security.auth.x500.X500Principal;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoPkiTest {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    @TempDir
    static Path shared;
    static DemoPki pki;

    @BeforeAll
    static void generate() throws IOException {
        pki = DemoPki.ensure(shared.resolve("demo-pki"));
    }

    @Test
    void writesEveryFileTheDemosAndTheReadmeName() {
        List<String> expected = new ArrayList<>(List.of("ca.crt", "ca.key", "rogue-ca.crt", "server.crt",
                "server.key"));
        for (String client : DemoPki.CLIENTS) {
            expected.addAll(List.of(client + ".crt", client + ".key", client + ".p12"));
        }
        for (String name : expected) {
            assertTrue(Files.isRegularFile(pki.file(name)), () -> name + " missing in " + pki.directory());
        }
        assertTrue(pki.written().containsAll(expected), () -> "first run wrote only " + pki.written());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ca.key", "rogue-ca.key", "server.key", "alice.key", "bob.key", "mallory.key",
            "expired.key", "alice.p12", "mallory.p12"})
    void secretsAreReadableByTheOwnerOnly(String name) throws IOException {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.file(name))),
                name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ca.crt", "rogue-ca.crt", "server.crt", "alice.crt", "expired.crt"})
    void certificatesAreReadableByAll(String name) throws IOException {
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.file(name))),
                name);
    }

    @Test
    void leavesNoTemporaryFilesBehind() throws IOException {
        try (var files = Files.list(pki.directory())) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("."))
                    .toList());
        }
    }

    @Test
    void secondRunReusesEverything(@TempDir Path directory) throws IOException {
        DemoPki first = DemoPki.ensure(directory);
        DemoPki second = DemoPki.ensure(directory);
        assertEquals(List.of(), second.written());
        assertEquals(first.ca().certificate(), second.ca().certificate());
        assertEquals(first.client("alice").certificate(), second.client("alice").certificate());
        assertArrayEquals(first.ca().keyPair().getPrivate().getEncoded(),
                second.ca().keyPair().getPrivate().getEncoded());
    }

    @Test
    void missingClientIsIssuedAgainByTheSameCa(@TempDir Path directory) throws Exception {
        DemoPki first = DemoPki.ensure(directory);
        Files.delete(directory.resolve("bob.p12"));
        Files.delete(directory.resolve("alice.key"));
        DemoPki second = DemoPki.ensure(directory);
        assertEquals(Set.of("alice.crt", "alice.key", "alice.p12", "bob.crt", "bob.key", "bob.p12"),
                new HashSet<>(second.written()));
        assertEquals(first.ca().certificate(), second.ca().certificate());
        assertNotEquals(first.client("alice").certificate(), second.client("alice").certificate());
        second.client("alice").certificate().verify(first.ca().certificate().getPublicKey());
    }

    @Test
    void newCaReissuesEverythingItSigned(@TempDir Path directory) throws Exception {
        DemoPki first = DemoPki.ensure(directory);
        Files.delete(directory.resolve("ca.key"));
        DemoPki second = DemoPki.ensure(directory);
        assertNotEquals(first.ca().certificate(), second.ca().certificate());
        for (String name : List.of("alice", "bob", "expired")) {
            second.client(name).certificate().verify(second.ca().certificate().getPublicKey());
        }
        second.server().certificate().verify(second.ca().certificate().getPublicKey());
        assertEquals(first.client("mallory").certificate(), second.client("mallory").certificate(),
                "mallory belongs to the rogue CA, which did not change");
    }

    @Test
    void corruptKeyIsReplaced(@TempDir Path directory) throws IOException {
        DemoPki.ensure(directory);
        Files.writeString(directory.resolve("bob.key"), "not a key");
        DemoPki second = DemoPki.ensure(directory);
        assertTrue(second.written().contains("bob.key"), () -> "wrote " + second.written());
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "bob", "mallory", "expired"})
    void p12OpensWithChangeitAndHoldsKeyAndChain(String name) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pki.file(name + ".p12"))) {
            store.load(in, DemoPki.P12_PASSWORD.toCharArray());
        }
        String alias = store.aliases().nextElement();
        Certificate[] chain = store.getCertificateChain(alias);
        assertEquals(pki.client(name).certificate(), chain[0]);
        assertEquals(pki.issuerOf(name).certificate(), chain[1]);
        PrivateKey key = (PrivateKey) store.getKey(alias, DemoPki.P12_PASSWORD.toCharArray());
        assertArrayEquals(pki.client(name).keyPair().getPrivate().getEncoded(), key.getEncoded());
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "bob", "mallory", "expired", "revoked"})
    void clientsHaveTheirCnAndTheClientAuthUsage(String name) throws Exception {
        X509Certificate certificate = DemoPki.readCertificate(pki.file(name + ".crt"));
        assertEquals(new X500Principal("CN=" + name), certificate.getSubjectX500Principal());
        assertEquals(List.of(CLIENT_AUTH), certificate.getExtendedKeyUsage());
        assertEquals(-1, certificate.getBasicConstraints(), "not a CA");
    }

    @Test
    void theServiceHasNoCnAnOuAndItsSpiffeIdAsItsOnlyName() throws Exception {
        X509Certificate service = DemoPki.readCertificate(pki.file("service.crt"));
        assertEquals(new X500Principal("OU=" + DemoPki.SERVICE_OU + ",O=CertGate Demo"),
                service.getSubjectX500Principal());
        assertEquals(List.of(List.of(6, DemoPki.SERVICE_ID)), List.copyOf(service.getSubjectAlternativeNames()));
        assertEquals(List.of(CLIENT_AUTH), service.getExtendedKeyUsage());
        service.verify(pki.ca().certificate().getPublicKey());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ca", "rogue-ca", "server", "alice", "bob", "mallory", "expired", "revoked", "service"})
    void everyCertificateIsSha256EcP256WithARandom128BitSerial(String name) throws Exception {
        X509Certificate certificate = DemoPki.readCertificate(pki.file(name + ".crt"));
        assertEquals("SHA256withECDSA", certificate.getSigAlgName());
        assertEquals("EC", certificate.getPublicKey().getAlgorithm());
        PrivateKey key = DemoPki.readPrivateKey(pki.file(name + ".key"));
        assertEquals(256, ((ECPrivateKey) key).getParams().getOrder().bitLength());
        BigInteger serial = certificate.getSerialNumber();
        assertEquals(128, serial.bitLength(), "128-bit serial");
        assertEquals(!name.equals("service"), certificate.getSubjectX500Principal().getName().startsWith("CN="),
                "every certificate but the SAN-only service has a CN");
    }

    @Test
    void serialsDifferAcrossCertificates() {
        Set<BigInteger> serials = new HashSet<>();
        serials.add(pki.ca().certificate().getSerialNumber());
        serials.add(pki.rogueCa().certificate().getSerialNumber());
        serials.add(pki.server().certificate().getSerialNumber());
        DemoPki.CLIENTS.forEach(name -> serials.add(pki.client(name).certificate().getSerialNumber()));
        assertEquals(3 + DemoPki.CLIENTS.size(), serials.size());
    }

    @Test
    void serverCertificateNamesLocalhostAndLoopback() throws Exception {
        X509Certificate server = pki.server().certificate();
        List<String> names = server.getSubjectAlternativeNames().stream().map(entry -> (String) entry.get(1)).toList();
        assertEquals(List.of("localhost", "127.0.0.1"), names);
        server.verify(pki.ca().certificate().getPublicKey());
        server.checkValidity();
    }

    @Test
    void expiredExpiredYesterday() {
        X509Certificate expired = pki.client("expired").certificate();
        assertThrows(CertificateExpiredException.class, expired::checkValidity);
        long hoursAgo = (System.currentTimeMillis() - expired.getNotAfter().getTime()) / 3_600_000;
        assertTrue(hoursAgo >= 23 && hoursAgo <= 25, () -> "expired " + hoursAgo + " hours ago");
    }

    @Test
    void aliceAndBobAreValidAndIssuedByTheDemoCa() throws Exception {
        for (String name : List.of("alice", "bob")) {
            X509Certificate certificate = pki.client(name).certificate();
            certificate.checkValidity();
            certificate.verify(pki.ca().certificate().getPublicKey());
        }
    }

    @Test
    void malloryChainsToTheRogueCaNotTheDemoCa() throws Exception {
        X509Certificate mallory = pki.client("mallory").certificate();
        X509Certificate rogue = DemoPki.readCertificate(pki.file("rogue-ca.crt"));
        mallory.verify(rogue.getPublicKey());
        assertEquals(rogue.getSubjectX500Principal(), mallory.getIssuerX500Principal());
        assertThrows(java.security.SignatureException.class,
                () -> mallory.verify(pki.ca().certificate().getPublicKey()));
        assertFalse(rogue.equals(pki.ca().certificate()));
    }

    @Test
    void unknownClientNameIsExplained() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pki.client("carol"));
        assertEquals("no demo client certificate \"carol\"; the demo PKI has alice, bob, mallory, expired, revoked,"
                + " service",
                e.getMessage());
    }

    @Test
    void theCrlIsSignedByTheDemoCaAndRevokesOnlyRevoked() throws Exception {
        java.security.cert.X509CRL crl;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(pki.file(DemoPki.CRL_FILE))) {
            crl = (java.security.cert.X509CRL) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCRL(in);
        }
        crl.verify(pki.ca().certificate().getPublicKey());
        assertTrue(crl.isRevoked(pki.client("revoked").certificate()), "revoked is listed");
        for (String name : List.of("alice", "bob", "expired")) {
            assertFalse(crl.isRevoked(pki.client(name).certificate()), name + " is not listed");
        }
        assertTrue(crl.getNextUpdate().toInstant().isAfter(java.time.Instant.now()), "the CRL is current");
    }
}
