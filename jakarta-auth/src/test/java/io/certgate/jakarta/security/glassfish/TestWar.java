package io.certgate.jakarta.security.glassfish;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import io.certgate.ServletGate;
import io.certgate.jakarta.security.CertGateExtension;
import io.certgate.glassfishapp.SecurityConfiguration;

/**
 * The WAR the GlassFish test deploys, built from what this build compiled: the classes of the {@code app}
 * package, {@code certgate-jakarta} and {@code filter-core} in {@code WEB-INF/lib} (as an application ships
 * them), the demo CA as {@code certgate/ca.pem}, and the deployment descriptors below.
 */
final class TestWar {
    static final String WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
              <security-constraint>
                <web-resource-collection>
                  <web-resource-name>admin</web-resource-name>
                  <url-pattern>/admin/*</url-pattern>
                </web-resource-collection>
                <auth-constraint><role-name>admin</role-name></auth-constraint>
              </security-constraint>
              <security-role><role-name>admin</role-name></security-role>
              <security-role><role-name>ops</role-name></security-role>
              <security-role><role-name>auditor</role-name></security-role>
            </web-app>
            """;

    /** Without it, GlassFish does not treat {@code WEB-INF/classes} as a bean archive. */
    static final String BEANS_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <beans xmlns="https://jakarta.ee/xml/ns/jakartaee" version="4.0" bean-discovery-mode="all"/>
            """;

    /** GlassFish maps roles to groups only when told; each role is the group of its name. */
    static final String GLASSFISH_WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE glassfish-web-app PUBLIC "-//GlassFish.org//DTD GlassFish Application Server 3.1 Servlet 3.0//EN"
                "http://glassfish.org/dtds/glassfish-web-app_3_0-1.dtd">
            <glassfish-web-app>
              <security-role-mapping><role-name>admin</role-name><group-name>admin</group-name></security-role-mapping>
              <security-role-mapping><role-name>ops</role-name><group-name>ops</group-name></security-role-mapping>
              <security-role-mapping><role-name>auditor</role-name><group-name>auditor</group-name></security-role-mapping>
            </glassfish-web-app>
            """;

    /** The directory entries written to the archive being built. */
    private static final ThreadLocal<java.util.Set<String>> DIRECTORIES = ThreadLocal.withInitial(java.util.HashSet::new);

    private TestWar() {
    }

    static Path build(Path directory, Path caPem) throws IOException, URISyntaxException {
        Path war = directory.resolve("certgate-app.war");
        Path testClasses = codeSource(SecurityConfiguration.class);
        String appPackage = SecurityConfiguration.class.getPackageName().replace('.', '/');
        DIRECTORIES.get().clear();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(war))) {
            put(out, "WEB-INF/web.xml", WEB_XML.getBytes(StandardCharsets.UTF_8));
            put(out, "WEB-INF/beans.xml", BEANS_XML.getBytes(StandardCharsets.UTF_8));
            put(out, "WEB-INF/glassfish-web.xml", GLASSFISH_WEB_XML.getBytes(StandardCharsets.UTF_8));
            put(out, "WEB-INF/classes/certgate/ca.pem", Files.readAllBytes(caPem));
            try (Stream<Path> classes = Files.list(testClasses.resolve(appPackage))) {
                for (Path file : classes.sorted().toList()) {
                    put(out, "WEB-INF/classes/" + appPackage + "/" + file.getFileName(), Files.readAllBytes(file));
                }
            }
            put(out, "WEB-INF/lib/certgate-jakarta.jar", jarOf(codeSource(CertGateExtension.class), directory));
            put(out, "WEB-INF/lib/filter-core.jar", jarOf(codeSource(ServletGate.class), directory));
        }
        return war;
    }

    private static Path codeSource(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** A jar as it is, or a classes directory packed as one. */
    private static byte[] jarOf(Path location, Path scratch) throws IOException {
        if (Files.isRegularFile(location)) {
            return Files.readAllBytes(location);
        }
        Path jar = Files.createTempFile(scratch, "classes-", ".jar");
        java.util.Set<String> outer = new java.util.HashSet<>(DIRECTORIES.get());
        DIRECTORIES.get().clear();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(location)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                put(out, location.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        } finally {
            DIRECTORIES.set(outer);
        }
        return Files.readAllBytes(jar);
    }

    private static void put(JarOutputStream out, String name, byte[] content) throws IOException {
        // Directory entries first, as jar tools write them: some archive scanners walk them.
        for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
            String directory = name.substring(0, slash + 1);
            if (DIRECTORIES.get().add(directory)) {
                out.putNextEntry(new JarEntry(directory));
                out.closeEntry();
            }
        }
        out.putNextEntry(new JarEntry(name));
        out.write(content);
        out.closeEntry();
    }
}
