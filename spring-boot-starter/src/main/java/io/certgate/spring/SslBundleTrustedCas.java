package io.certgate.spring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

import io.certgate.config.ConfigException;

/**
 * {@code certgate.trusted-ca-bundle}: the certificates of a Spring SSL bundle's trust store
 * ({@code spring.ssl.bundle.pem.NAME.truststore} or {@code .jks.NAME.truststore}) as CertGate's trusted CAs.
 *
 * <p>CertGate's {@code trusted-ca} is a PEM file it reloads when the file changes, so the certificates are written
 * to one, in a new directory only this user may enter, and handed to CertGate as {@code trusted-ca}. When Spring
 * reloads the bundle ({@code reload-on-rotation}), the file is replaced in one rename and CertGate trusts the new
 * set from its next check; a reloaded bundle without certificates is logged and the last good file kept. The
 * directory is deleted when the application stops.
 */
final class SslBundleTrustedCas implements DisposableBean {
    private static final System.Logger LOG = System.getLogger("io.certgate");
    private static final String PROPERTY = CertGateProperties.propertyOf("trusted-ca-bundle");

    private final String bundleName;
    private final Path directory;
    private final Path file;

    private SslBundleTrustedCas(String bundleName, Path directory) {
        this.bundleName = bundleName;
        this.directory = directory;
        this.file = directory.resolve("trusted-ca.pem");
    }

    /**
     * Writes the trust store certificates of bundle {@code bundleName} and follows its reloads.
     *
     * @throws CertGateConfigurationException when there is no such bundle, or its trust store holds no certificate
     */
    static SslBundleTrustedCas of(String bundleName, SslBundles bundles) {
        if (bundleName.isBlank()) {
            throw error("is empty; give the name of a spring.ssl.bundle, or remove it");
        }
        String name = bundleName.strip();
        SslBundle bundle;
        try {
            bundle = bundles.getBundle(name);
        } catch (NoSuchSslBundleException e) {
            throw error("names no SSL bundle \"" + name + "\"; define spring.ssl.bundle.pem." + name
                    + ".truststore.certificate (or spring.ssl.bundle.jks." + name + ".truststore.location), or name"
                    + " one of " + bundles.getBundleNames());
        }
        List<X509Certificate> cas = certificates(bundle);
        if (cas.isEmpty()) {
            throw error("SSL bundle \"" + name + "\" has no trust store certificates; give it a truststore with"
                    + " the CA certificates client certificates must chain to");
        }
        SslBundleTrustedCas trusted;
        try {
            trusted = new SslBundleTrustedCas(name, Files.createTempDirectory("certgate-trusted-ca-"));
            trusted.write(cas);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CA certificates of SSL bundle " + name, e);
        }
        bundles.addBundleUpdateHandler(name, trusted::reloaded);
        return trusted;
    }

    /** The PEM file to give CertGate as {@code trusted-ca}. */
    Path file() {
        return file;
    }

    private void reloaded(SslBundle bundle) {
        List<X509Certificate> cas = certificates(bundle);
        if (cas.isEmpty()) {
            LOG.log(Level.ERROR, "CertGate: " + PROPERTY + ": SSL bundle \"" + bundleName + "\" was reloaded without"
                    + " trust store certificates; still trusting the CAs loaded before");
            return;
        }
        try {
            write(cas);
        } catch (IOException e) {
            LOG.log(Level.ERROR, "CertGate: " + PROPERTY + ": cannot write the reloaded CA certificates of SSL"
                    + " bundle \"" + bundleName + "\" (" + e + "); still trusting the CAs loaded before");
        }
    }

    /** Written beside and renamed over the file, so CertGate never reads half of it. */
    private void write(List<X509Certificate> cas) throws IOException {
        StringBuilder pem = new StringBuilder();
        Base64.Encoder base64 = Base64.getMimeEncoder(64, new byte[] {'\n'});
        for (X509Certificate ca : cas) {
            try {
                pem.append("-----BEGIN CERTIFICATE-----\n").append(base64.encodeToString(ca.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (CertificateEncodingException e) {
                throw new IOException("cannot encode " + ca.getSubjectX500Principal(), e);
            }
        }
        Path next = Files.writeString(directory.resolve("trusted-ca.pem.next"), pem, StandardCharsets.US_ASCII);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<X509Certificate> certificates(SslBundle bundle) {
        KeyStore store = bundle.getStores() == null ? null : bundle.getStores().getTrustStore();
        if (store == null) {
            return List.of();
        }
        try {
            List<X509Certificate> cas = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                Certificate certificate = store.isCertificateEntry(alias) ? store.getCertificate(alias) : null;
                if (certificate instanceof X509Certificate x509) {
                    cas.add(x509);
                }
            }
            return cas;
        } catch (KeyStoreException e) {
            return List.of();
        }
    }

    private static CertGateConfigurationException error(String problem) {
        return new CertGateConfigurationException(new ConfigException("trusted-ca", 0, PROPERTY + " " + problem),
                PROPERTY);
    }

    @Override
    public void destroy() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(directory.resolve("trusted-ca.pem.next"));
        Files.deleteIfExists(directory);
    }
}
