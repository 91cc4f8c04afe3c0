package io.certgate.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The demo web application as a directory both containers can serve: a fresh temporary directory holding
 * {@code WEB-INF/web.xml}, copied from this jar with the two values that depend on the flags filled in.
 *
 * <p>{@code web.xml} is static, but the CA file and the trusted proxies are not; rather than override
 * init-params in each container's own way, the file's {@code ${trusted-ca}} and {@code ${trusted-proxies}}
 * are replaced (XML-escaped) when it is copied, so both containers read one ordinary {@code web.xml}.
 */
final class DemoWebapp {
    static final String WEB_XML = "io/certgate/demo/webapp/WEB-INF/web.xml";
    private static final String TRUSTED_CA = "${trusted-ca}";
    private static final String TRUSTED_PROXIES = "${trusted-proxies}";

    private DemoWebapp() {
    }

    /** Creates the web application directory; {@link #delete} removes it. */
    static Path create(Path trustedCa, String trustedProxies) throws IOException {
        Path directory = Files.createTempDirectory("certgate-demo-webapp-");
        try {
            Path webInf = Files.createDirectory(directory.resolve("WEB-INF"));
            Files.writeString(webInf.resolve("web.xml"), webXml(trustedCa, trustedProxies), StandardCharsets.UTF_8);
            return directory;
        } catch (IOException | RuntimeException e) {
            delete(directory);
            throw e;
        }
    }

    /** The packaged web.xml with the flag values in place. */
    static String webXml(Path trustedCa, String trustedProxies) throws IOException {
        String template;
        try (InputStream in = DemoWebapp.class.getClassLoader().getResourceAsStream(WEB_XML)) {
            if (in == null) {
                throw new IOException(WEB_XML + " is missing from the classpath; rebuild demo-common");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!template.contains(TRUSTED_CA) || !template.contains(TRUSTED_PROXIES)) {
            throw new IOException(WEB_XML + " lost its " + TRUSTED_CA + " or " + TRUSTED_PROXIES + " placeholder");
        }
        return template.replace(TRUSTED_CA, xml(trustedCa.toAbsolutePath().normalize().toString()))
                .replace(TRUSTED_PROXIES, xml(trustedProxies));
    }

    static void delete(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
