package io.certgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.certgate.decision.Gate;
import io.certgate.verdict.ReasonCode;


/**
 * The README and {@code docs/} held against the code: every init-param and reason code the code knows is
 * documented, the project layout names every module and package that exists, and every relative link leads to a
 * file (and heading) that exists. The lists come from the code and the file tree, never from a copy in this test,
 * so adding a parameter, a code, a module or a package without documenting it fails here.
 */
class DocsTest {
    private static final Path ROOT = Path.of("..");
    private static final Path README = ROOT.resolve("README.md");
    private static final Path DOCS = ROOT.resolve("docs");
    private static final Path SOURCES = Path.of("src", "main", "java");

    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");
    private static final Pattern MODULE = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void configurationReferenceHasARowForEveryInitParam() {
        Set<String> documented = firstCells(section(read(README), "## Configuration reference"), "| init-param |");
        // Gate.parameterNames() is what init accepts: any other name stops it, so this is every init-param.
        Set<String> missing = new TreeSet<>(Gate.parameterNames());
        missing.removeAll(documented);
        assertTrue(missing.isEmpty(), "README's Configuration reference has no `| init-param |` table row for "
                + missing + "; add a row to the group each belongs to");
    }

    @Test
    void configurationReferenceDocumentsOnlyInitParamsTheCodeKnows() {
        Set<String> documented = firstCells(section(read(README), "## Configuration reference"), "| init-param |");
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(Gate.parameterNames());
        assertTrue(unknown.isEmpty(), "README's Configuration reference documents " + unknown
                + ", which init refuses as unknown; remove the rows or fix the spelling");
    }

    @Test
    void everyReasonCodeHasARowInATableOfReasonCodes() {
        Set<String> documented = new TreeSet<>();
        for (Path page : pages()) {
            documented.addAll(firstCells(read(page), "| code |"));
        }
        Set<String> known = Stream.of(ReasonCode.values()).map(ReasonCode::code)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>(known);
        missing.removeAll(documented);
        assertTrue(missing.isEmpty(), "no `| code | meaning |` table in README.md or docs/ has a row for reason code "
                + missing + "; add one with the meaning from ReasonCode's Javadoc");
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(known);
        assertTrue(unknown.isEmpty(), "the reason code tables list " + unknown + ", which ReasonCode does not have");
    }

    @Test
    void projectLayoutNamesEveryModule() {
        String layout = section(read(README), "## Project layout");
        List<String> modules = new ArrayList<>();
        Matcher module = MODULE.matcher(read(ROOT.resolve("pom.xml")));
        while (module.find()) {
            modules.add(module.group(1));
        }
        assertTrue(!modules.isEmpty(), "the root pom.xml lists no <module>; has the build changed shape?");
        List<String> missing = modules.stream().filter(name -> !layout.contains("`" + name + "`")).toList();
        assertTrue(missing.isEmpty(), "README's Project layout does not name the modules " + missing
                + " (from the root pom.xml's <modules>); add a row for each");
    }

    @Test
    void projectLayoutNamesEveryFilterCorePackage() throws IOException {
        String layout = section(read(README), "## Project layout");
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java") && !file.endsWith("module-info.java"))
                    .map(file -> SOURCES.relativize(file.getParent()).toString().replace(file.getFileSystem()
                            .getSeparator(), "."))
                    .forEach(packages::add);
        }
        assertTrue(packages.contains("io.certgate"), "expected filter-core's sources under " + SOURCES.toAbsolutePath());
        List<String> missing = packages.stream().filter(name -> !layout.contains("`" + name + "`")).toList();
        assertTrue(missing.isEmpty(), "README's Project layout does not name filter-core's packages " + missing
                + "; add a row for each to the package table");
    }

    @Test
    void everyRelativeLinkLeadsToAFileAndHeading() {
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchors = new HashMap<>();
        for (Path page : pages()) {
            Matcher link = LINK.matcher(withoutCodeBlocks(read(page)));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue; // https:, mailto: and the like: not ours to check offline
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(ROOT.relativize(page) + ": " + target + " (no such file)");
                } else if (hash >= 0 && resolved.toString().endsWith(".md")) {
                    String anchor = target.substring(hash + 1);
                    if (!anchors.computeIfAbsent(resolved, DocsTest::anchorsIn).contains(anchor)) {
                        broken.add(ROOT.relativize(page) + ": " + target + " (no such heading in "
                                + ROOT.relativize(resolved) + ")");
                    }
                }
            }
        }
        assertEquals(List.of(), broken, "relative links in README.md and docs/ must lead to a file and heading");
    }

    @Test
    void headingAnchorsAreGitHubs() {
        assertEquals(Set.of("behind-nginx-the-http-entrance", "url-pattern", "the-policy-file-config-file",
                "limits", "limits-1"), headingAnchors("""
                ## Behind nginx: the HTTP entrance
                #### `<url-pattern>`
                ```
                # not a heading
                ```
                ## The policy file (`config-file`)
                ## Limits
                ### Limits
                """));
    }

    /** README.md and every Markdown page under docs/. */
    private static List<Path> pages() {
        List<Path> pages = new ArrayList<>(List.of(README));
        try (Stream<Path> files = Files.walk(DOCS)) {
            files.filter(file -> file.toString().endsWith(".md")).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    /** From the heading line to the next heading of the same or a higher level. */
    private static String section(String markdown, String heading) {
        int level = heading.indexOf(' ');
        List<String> lines = withoutCodeBlocks(markdown).lines().toList();
        int start = lines.indexOf(heading);
        assertTrue(start >= 0, "README has no heading \"" + heading + "\"");
        StringBuilder out = new StringBuilder();
        for (int i = start + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int hashes = line.indexOf(' ');
            if (hashes > 0 && hashes <= level && line.substring(0, hashes).chars().allMatch(c -> c == '#')) {
                break;
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    /** The code spans in the first cell of every row of the tables whose header row starts with {@code header}. */
    private static Set<String> firstCells(String markdown, String header) {
        Set<String> cells = new LinkedHashSet<>();
        boolean inTable = false;
        for (String line : markdown.lines().toList()) {
            if (!line.startsWith("|")) {
                inTable = false;
            } else if (line.startsWith(header)) {
                inTable = true;
            } else if (inTable && !line.startsWith("|---")) {
                Matcher span = CODE_SPAN.matcher(line.substring(1, line.indexOf('|', 1)));
                while (span.find()) {
                    cells.add(span.group(1));
                }
            }
        }
        return cells;
    }

    private static Set<String> anchorsIn(Path page) {
        return headingAnchors(read(page));
    }

    /** The anchors GitHub gives the headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
    static Set<String> headingAnchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : withoutCodeBlocks(markdown).lines().toList()) {
            Matcher heading = Pattern.compile("^#{1,6} +(.*?)\\s*$").matcher(line);
            if (heading.matches()) {
                String slug = heading.group(1).toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "").replace(' ', '-');
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
        }
        return anchors;
    }

    /** The text with fenced code blocks blanked, so that a {@code #} comment is not a heading nor its text a link. */
    private static String withoutCodeBlocks(String markdown) {
        StringBuilder out = new StringBuilder();
        boolean fenced = false;
        for (String line : markdown.lines().toList()) {
            if (line.startsWith("```")) {
                fenced = !fenced;
                out.append('\n');
            } else {
                out.append(fenced ? "" : line).append('\n');
            }
        }
        return out.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
