package io.certgate.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Loads the {@code trusted-ca} PEM bundle: one or more CA certificates, concatenated as
 * {@code cat ca1.crt ca2.crt > ca.pem} (the nginx {@code ssl_client_certificate} habit), from a file path or
 * from {@code classpath:path/in/jar.pem}.
 */
public final class TrustedCas {
    private static final String CLASSPATH_PREFIX = "classpath:";

    private TrustedCas() {
    }

    /**
     * @param location a file path or {@code classpath:} resource
     * @param loader the class loader for {@code classpath:} locations
     * @throws IllegalArgumentException saying what is wrong with the bundle
     */
    public static List<X509Certificate> load(String location, ClassLoader loader) {
        String where = location.strip();
        if (where.isEmpty()) {
            throw new IllegalArgumentException("empty location; give a PEM file path or classpath:resource.pem");
        }
        try (InputStream in = open(where, loader)) {
            Collection<? extends Certificate> loaded = CertificateFactory.getInstance("X.509").generateCertificates(in);
            List<X509Certificate> cas = new ArrayList<>();
            for (Certificate certificate : loaded) {
                X509Certificate ca = (X509Certificate) certificate;
                if (ca.getBasicConstraints() < 0) {
                    throw new IllegalArgumentException("\"" + where + "\" holds " + ca.getSubjectX500Principal()
                            + ", which is not a CA certificate (no basicConstraints CA=true); list only CAs");
                }
                cas.add(ca);
            }
            if (cas.isEmpty()) {
                throw new IllegalArgumentException("\"" + where + "\" holds no PEM certificate");
            }
            return List.copyOf(cas);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("\"" + where + "\" does not exist");
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("\"" + where + "\" is not a readable PEM bundle: " + e.getMessage());
        }
    }

    private static InputStream open(String location, ClassLoader loader) throws IOException {
        if (location.startsWith(CLASSPATH_PREFIX)) {
            String resource = location.substring(CLASSPATH_PREFIX.length()).replaceFirst("^/", "");
            InputStream in = loader.getResourceAsStream(resource);
            if (in == null) {
                throw new NoSuchFileException(location);
            }
            return in;
        }
        return Files.newInputStream(Path.of(location));
    }
}
