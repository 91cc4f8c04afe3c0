package io.certgate.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.certgate.pki.HeldCertificate;

/** The {@code trusted-ca} bundle. */
class TrustedCasTest {
    private static final String RESOURCE = "certs/trusted-ca.pem";

    private static HeldCertificate rootA;
    private static HeldCertificate rootB;
    private static HeldCertificate leaf;

    @TempDir
    Path directory;

    @BeforeAll
    static void buildCas() {
        rootA = HeldCertificate.builder().commonName("Bundle Root A").certificateAuthority(1).build();
        rootB = HeldCertificate.builder().commonName("Bundle Root B").certificateAuthority(0).build();
        leaf = HeldCertificate.builder().commonName("alice").clientAuth().signedBy(rootA).build();
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(directory.resolve(name), content, StandardCharsets.US_ASCII);
    }

    private static IllegalArgumentException refused(String location) {
        return assertThrows(IllegalArgumentException.class,
                () -> TrustedCas.load(location, TrustedCasTest.class.getClassLoader()));
    }

    @Test
    void bundleOfTwoCasFromAFile() throws IOException {
        Path bundle = write("ca.pem", rootA.certificatePem() + rootB.certificatePem());
        List<X509Certificate> cas = TrustedCas.load(bundle.toString(), getClass().getClassLoader());
        assertEquals(List.of(rootA.certificate(), rootB.certificate()), cas);
    }

    @Test
    void bundleWithCommentsAndBlankLinesBetweenCertificates() throws IOException {
        Path bundle = write("ca.pem", "# Root A\n" + rootA.certificatePem() + "\n\n# Root B\n" + rootB.certificatePem());
        assertEquals(2, TrustedCas.load(bundle.toString(), getClass().getClassLoader()).size());
    }

    /** A class loader whose class path is the temporary directory, holding the bundle at {@link #RESOURCE}. */
    private ClassLoader classPathWithBundle() throws IOException {
        Files.createDirectories(directory.resolve("certs"));
        write(RESOURCE, rootA.certificatePem() + rootB.certificatePem());
        return new URLClassLoader(new URL[] {directory.toUri().toURL()}, null);
    }

    @Test
    void classpathResource() throws IOException {
        List<X509Certificate> cas = TrustedCas.load("classpath:" + RESOURCE, classPathWithBundle());
        assertEquals(List.of(rootA.certificate(), rootB.certificate()), cas);
    }

    @Test
    void classpathResourceWithLeadingSlash() throws IOException {
        assertEquals(2, TrustedCas.load("classpath:/" + RESOURCE, classPathWithBundle()).size());
    }

    @Test
    void missingFileSaysItDoesNotExist() {
        String missing = directory.resolve("nope.pem").toString();
        IllegalArgumentException e = refused(missing);
        assertTrue(e.getMessage().contains(missing) && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void missingClasspathResourceSaysItDoesNotExist() {
        IllegalArgumentException e = refused("classpath:io/certgate/trust/nope.pem");
        assertTrue(e.getMessage().contains("classpath:io/certgate/trust/nope.pem")
                && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void nonCaCertificateInBundleIsNamed() throws IOException {
        Path bundle = write("ca.pem", rootA.certificatePem() + leaf.certificatePem());
        IllegalArgumentException e = refused(bundle.toString());
        assertTrue(e.getMessage().contains("CN=alice") && e.getMessage().contains("not a CA certificate"),
                e.getMessage());
    }

    @Test
    void emptyFileHoldsNoCertificate() throws IOException {
        Path empty = write("empty.pem", "");
        IllegalArgumentException e = refused(empty.toString());
        assertTrue(e.getMessage().contains("holds no PEM certificate"), e.getMessage());
    }

    @Test
    void garbageIsNotAReadableBundle() throws IOException {
        Path garbage = write("garbage.pem", "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
        IllegalArgumentException e = refused(garbage.toString());
        assertTrue(e.getMessage().contains(garbage.toString()), e.getMessage());
    }

    @Test
    void directoryIsRefused() {
        IllegalArgumentException e = refused(directory.toString());
        assertTrue(e.getMessage().contains(directory.toString()), e.getMessage());
    }

    @Test
    void blankLocationIsRefused() {
        IllegalArgumentException e = refused("  ");
        assertTrue(e.getMessage().contains("classpath:"), e.getMessage());
    }

    @Test
    void loadedListIsImmutable() throws IOException {
        Path bundle = write("ca.pem", rootA.certificatePem());
        List<X509Certificate> cas = TrustedCas.load(bundle.toString(), getClass().getClassLoader());
        assertThrows(UnsupportedOperationException.class, () -> cas.add(rootB.certificate()));
    }
}
