package io.certgate.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The demo web application as a directory both containers can serve: a fresh temporary directory holding
 * {@code WEB-INF/web.xml}, copied from this jar with the values that depend on the flags filled in.
 *
 * <p>{@code web.xml} is static, but the CA file and the trusted proxies are not; rather than override
 * init-params in each container's own way, the file's {@code ${trusted-ca}}, {@code ${crl}} and
 * {@code ${trusted-proxies}} are replaced (XML-escaped) when it is copied, so both containers read one ordinary {@code web.xml}.
 */
final class DemoWebapp {
    static final String WEB_XML = "io/certgate/demo/webapp/WEB-INF/web.xml";
    private static final String TRUSTED_CA = "${trusted-ca}";
    private static final String TRUSTED_PROXIES = "${trusted-proxies}";
    private static final String CRL = "${crl}";

    private DemoWebapp() {
    }

    /** Creates the web application directory; {@link #delete} removes it. */
    static Path create(Path trustedCa, String trustedProxies) throws IOException {
        return create(trustedCa, trustedProxies, null);
    }

    /**
     * Creates the web application directory, with the policy read from {@code configFile} (the
     * {@code --config-file} flag) instead of {@code web.xml}'s own when it is not null.
     */
    static Path create(Path trustedCa, String trustedProxies, Path configFile) throws IOException {
        Path directory = Files.createTempDirectory("certgate-demo-webapp-");
        try {
            Path webInf = Files.createDirectory(directory.resolve("WEB-INF"));
            String webXml = webXml(trustedCa, trustedProxies);
            if (configFile != null) {
                webXml = withConfigFile(webXml, configFile);
            }
            Files.writeString(webInf.resolve("web.xml"), webXml, StandardCharsets.UTF_8);
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
        for (String placeholder : new String[] {TRUSTED_CA, TRUSTED_PROXIES, CRL}) {
            if (!template.contains(placeholder)) {
                throw new IOException(WEB_XML + " lost its " + placeholder + " placeholder");
            }
        }
        // The CRL lives next to the CA certificate in the pki-dir.
        Path crl = trustedCa.toAbsolutePath().normalize().resolveSibling(io.certgate.pki.DemoPki.CRL_FILE);
        return template.replace(TRUSTED_CA, xml(trustedCa.toAbsolutePath().normalize().toString()))
                .replace(TRUSTED_PROXIES, xml(trustedProxies))
                .replace(CRL, xml(crl.toString()));
    }

    /**
     * {@code web.xml} with its {@code allowed-cns}, {@code rules} and {@code roles} init-params replaced by a
     * {@code config-file} one: CertGate refuses both at once, since the policy must live in one place.
     */
    static String withConfigFile(String webXml, Path configFile) throws IOException {
        String result = webXml;
        for (String name : new String[] {"allowed-cns", "rules", "roles"}) {
            Matcher initParam = Pattern.compile("\\s*<init-param>\\s*<param-name>" + name
                    + "</param-name>.*?</init-param>", Pattern.DOTALL).matcher(result);
            if (!initParam.find()) {
                throw new IOException(WEB_XML + " lost its " + name + " init-param, which --config-file replaces");
            }
            result = result.substring(0, initParam.start()) + result.substring(initParam.end());
        }
        String anchor = "<filter-class>io.certgate.ClientCertFilter</filter-class>";
        if (!result.contains(anchor)) {
            throw new IOException(WEB_XML + " lost its " + anchor);
        }
        return result.replace(anchor, anchor + "\n    <init-param>\n      <!-- From the config-file flag: the policy,"
                + " reloaded when the file changes. -->\n      <param-name>config-file</param-name>\n      <param-value>"
                + xml(configFile.toAbsolutePath().normalize().toString()) + "</param-value>\n    </init-param>");
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
