package io.certgate.dropin;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import io.certgate.dropin.app.PageServlet;

/**
 * Builds the WAR of the small existing application ({@code io.certgate.dropin.app}, compiled by Maven into
 * the test classes) with a given {@code web.xml} and libraries, the way a build tool would package it.
 */
final class War {
    private final String webXml;
    private final List<Path> libraries = new ArrayList<>();

    private War(String webXml) {
        this.webXml = webXml;
    }

    /** The application with its own {@code web.xml}, from {@code src/test/resources/webapps/NAME/web.xml}. */
    static War of(String name) throws IOException {
        return withWebXml(resource("webapps/" + name + "/web.xml"));
    }

    static War withWebXml(String webXml) {
        return new War(webXml);
    }

    static String resource(String name) throws IOException {
        try (var in = War.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Adds a jar to {@code WEB-INF/lib}. */
    War library(Path jar) {
        libraries.add(jar);
        return this;
    }

    /** This WAR's web.xml with {@code fragment} inserted before {@code </web-app>}, as a user pastes it. */
    War inserting(String fragment) {
        return new War(Snippets.replaceOnce(webXml, "</web-app>", fragment + "</web-app>")).withLibraries(libraries);
    }

    private War withLibraries(List<Path> jars) {
        libraries.addAll(jars);
        return this;
    }

    String webXml() {
        return webXml;
    }

    /** Writes the WAR file. */
    Path writeTo(Path file) throws IOException {
        Path classes = testClasses();
        Path app = classes.resolve(PageServlet.class.getPackageName().replace('.', '/'));
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream war = new JarOutputStream(out)) {
            put(war, "WEB-INF/web.xml", webXml.getBytes(StandardCharsets.UTF_8));
            try (Stream<Path> files = Files.walk(app)) {
                for (Path classFile : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    put(war, "WEB-INF/classes/" + classes.relativize(classFile).toString().replace('\\', '/'),
                            Files.readAllBytes(classFile));
                }
            }
            for (Path jar : libraries) {
                put(war, "WEB-INF/lib/" + jar.getFileName(), Files.readAllBytes(jar));
            }
        }
        return file;
    }

    private static void put(JarOutputStream war, String name, byte[] content) throws IOException {
        war.putNextEntry(new JarEntry(name));
        war.write(content);
        war.closeEntry();
    }

    private static Path testClasses() {
        try {
            return Path.of(PageServlet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The reactor's filter-core jar. */
    static Path filterCoreJar() {
        return reactorJar("filter-core");
    }

    /** The reactor's filter-autoregister jar. */
    static Path filterAutoregisterJar() {
        return reactorJar("filter-autoregister");
    }

    /** A module's jar, which Maven names in the system property {@code certgate.MODULE.jar} (see the pom). */
    private static Path reactorJar(String module) {
        String location = System.getProperty("certgate." + module + ".jar");
        if (location == null || location.isBlank() || !Files.isRegularFile(Path.of(location))) {
            throw new IllegalStateException("system property certgate." + module + ".jar must name " + module
                    + "'s jar (set by dropin-test's pom; run through Maven with -am): " + location);
        }
        return Path.of(location);
    }
}
