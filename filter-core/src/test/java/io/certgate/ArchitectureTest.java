package io.certgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The walls between filter-core's packages, read from the sources' imports: the pipeline points one way,
 * only the servlet glue and the public filter touch the Servlet API (so the explain command runs on the JDK
 * alone), and the demos use only what {@code module-info.java} exports.
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src", "main", "java");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)\\.[\\w*]+;", Pattern.MULTILINE);
    private static final Pattern EXPORT = Pattern.compile("^\\s*exports ([\\w.]+);", Pattern.MULTILINE);

    /** Package to the io.certgate packages its sources import. */
    private static final Map<String, Set<String>> IMPORTS = imports(MAIN, true);

    @Test
    void noPackageCycles() {
        for (String start : IMPORTS.keySet()) {
            List<String> cycle = cycleFrom(start, start, new ArrayList<>(List.of(start)));
            assertTrue(cycle == null, () -> "package cycle: " + String.join(" -> ", cycle));
        }
    }

    @Test
    void sourcesAndTrustKnowNothingOfThePolicy() {
        for (String lower : List.of("io.certgate.source", "io.certgate.trust", "io.certgate.identity",
                "io.certgate.verdict", "io.certgate.request", "io.certgate.config")) {
            assertFalse(IMPORTS.getOrDefault(lower, Set.of()).contains("io.certgate.policy"), lower + " imports policy");
            assertFalse(IMPORTS.getOrDefault(lower, Set.of()).contains("io.certgate.decision"),
                    lower + " imports decision");
        }
    }

    @Test
    void onlyTheFilterAndItsServletGlueTouchTheServletApi() {
        Map<String, Set<String>> all = imports(MAIN, false);
        Set<String> servletUsers = new TreeSet<>();
        all.forEach((pkg, imported) -> {
            if (imported.stream().anyMatch(name -> name.startsWith("jakarta."))) {
                servletUsers.add(pkg);
            }
        });
        assertEquals(Set.of("io.certgate", "io.certgate.servlet"), servletUsers,
                "the decision, its inputs and answers and the explain command must run without the Servlet API");
    }

    @Test
    void demosImportOnlyExportedPackages() throws IOException {
        Set<String> exported = new TreeSet<>();
        Matcher exports = EXPORT.matcher(Files.readString(MAIN.resolve("module-info.java")));
        while (exports.find()) {
            exported.add(exports.group(1));
        }
        assertTrue(exported.contains("io.certgate"), "module-info exports the filter's package");
        for (String module : List.of("demo-common", "jetty-demo", "tomcat-demo", "demo-testkit", "browser-test",
                "jakarta-auth", "spring-boot-starter", "spring-boot-demo")) {
            imports(Path.of("..", module, "src"), false).forEach((pkg, imported) -> {
                for (String name : imported) {
                    if (IMPORTS.containsKey(name)) {
                        assertTrue(exported.contains(name), module + " (" + pkg + ") imports " + name
                                + ", which module-info.java does not export");
                    }
                }
            });
        }
    }

    private static List<String> cycleFrom(String start, String at, List<String> path) {
        for (String next : IMPORTS.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(next);
                return cycle;
            }
            if (!path.contains(next) && next.compareTo(start) > 0) {
                path.add(next);
                List<String> found = cycleFrom(start, next, path);
                if (found != null) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return null;
    }

    /** Package to the packages its sources import; with {@code ownOnly}, only io.certgate ones. */
    private static Map<String, Set<String>> imports(Path root, boolean ownOnly) {
        Map<String, Set<String>> imports = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher declared = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE).matcher(source);
                if (!declared.find()) {
                    continue;
                }
                String pkg = declared.group(1);
                Set<String> own = imports.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher imported = IMPORT.matcher(source);
                while (imported.find()) {
                    String name = imported.group(1);
                    if ((!ownOnly || name.startsWith("io.certgate")) && !name.equals(pkg)) {
                        own.add(name);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return imports;
    }
}
