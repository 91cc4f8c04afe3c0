package io.certgate.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.certgate.identity.DistinguishedName;
import io.certgate.identity.DnParseException;

/**
 * Parse cost grows linearly with input size, checked without a clock: the parsers of untrusted input use no
 * regular expressions (nothing that can backtrack), and the memory a DN parse allocates is bounded by a
 * constant times the input's length, which a per-escape buffer sized by the rest of the input would break.
 * Timing belongs to the JMH benchmark, which can use {@link AdversarialInputs} as its inputs.
 */
class ParserLinearityTest {
    /** Packages whose code reads request headers and certificate DNs. */
    private static final List<String> UNTRUSTED_INPUT_PACKAGES = List.of("io/certgate/identity", "io/certgate/source",
            "io/certgate/net");
    /** String methods that compile a java.util.regex.Pattern. */
    private static final Set<String> REGEX_STRING_METHODS = Set.of("matches", "replaceAll", "replaceFirst", "split",
            "splitWithDelimiters");
    /**
     * Classes allowed to call {@code String.split}, each with a one-character literal separator, which the JDK
     * splits without a Pattern: {@code split(",", -1)} of the Traefik chain and of the trusted-proxies list.
     */
    private static final Set<String> SINGLE_CHAR_SPLIT = Set.of("io/certgate/source/SingleCertificateHeaderFormat",
            "io/certgate/source/TrustedProxies");

    @Test
    void parsersOfUntrustedInputUseNoRegularExpressions() throws IOException, URISyntaxException {
        Path classes = Path.of(DistinguishedName.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        for (String pkg : UNTRUSTED_INPUT_PACKAGES) {
            try (Stream<Path> files = Files.list(classes.resolve(pkg))) {
                for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                    scanned++;
                    String className = pkg + "/" + file.getFileName().toString().replace(".class", "");
                    for (String reference : references(file)) {
                        boolean regexClass = reference.startsWith("java/util/regex/");
                        boolean regexMethod = reference.startsWith("java/lang/String.")
                                && REGEX_STRING_METHODS.contains(reference.substring("java/lang/String.".length()))
                                && !(reference.endsWith(".split") && SINGLE_CHAR_SPLIT.contains(className.replaceAll("\\$.*", "")));
                        if (regexClass || regexMethod) {
                            offenders.add(className + " uses " + reference);
                        }
                    }
                }
            }
        }
        assertTrue(scanned > 20, "found only " + scanned + " classes under " + classes);
        assertEquals(List.of(), offenders, "parse untrusted input with a linear scan, not a regex");
    }

    @Test
    void dnParsingAllocatesLinearlyInTheInputLength() {
        // Fail, not skip, on a JVM without HotSpot's per-thread allocation counter: the check must run.
        assertTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs HotSpot's per-thread allocation counter (OpenJDK and Temurin have it)");
        for (String dn : AdversarialInputs.dns(AdversarialInputs.DN_LENGTH)) {
            long bytes = allocatedByParse(dn);
            // A char is 2 bytes; StringBuilder growth, the UTF-8 byte buffer, the value String and the RDN
            // objects stay well inside 64 bytes per input character.
            assertTrue(bytes < 64L * dn.length() + 64 * 1024, () -> "parsing a " + dn.length() + "-char DN starting "
                    + dn.substring(0, 12) + " allocated " + bytes + " bytes");
        }
    }

    private static long allocatedByParse(String dn) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = threads.getThreadAllocatedBytes(id);
            try {
                DistinguishedName.parse(dn);
            } catch (DnParseException refused) {
                // refusing is fine; what it cost is measured either way
            }
            least = Math.min(least, threads.getThreadAllocatedBytes(id) - before);
        }
        return least;
    }

    /** Class and "class.method" names referenced from a class file's constant pool. */
    private static Set<String> references(Path classFile) throws IOException {
        try (InputStream raw = Files.newInputStream(classFile); DataInputStream in = new DataInputStream(raw)) {
            in.readInt(); // magic
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            int[] classNameIndex = new int[count];
            int[][] memberRef = new int[count][];
            int[] nameIndexOfNameAndType = new int[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 7 -> classNameIndex[i] = in.readUnsignedShort();
                    case 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 9, 10, 11 -> memberRef[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                    case 12 -> {
                        nameIndexOfNameAndType[i] = in.readUnsignedShort();
                        in.readUnsignedShort();
                    }
                    case 3, 4 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++;
                    }
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    case 17, 18 -> in.readInt();
                    default -> throw new IOException("unknown constant pool tag " + tag + " in " + classFile);
                }
            }
            Set<String> references = new TreeSet<>();
            for (int i = 1; i < count; i++) {
                if (classNameIndex[i] != 0) {
                    references.add(utf8[classNameIndex[i]]);
                }
                if (memberRef[i] != null) {
                    String owner = utf8[classNameIndex[memberRef[i][0]]];
                    references.add(owner + "." + utf8[nameIndexOfNameAndType[memberRef[i][1]]]);
                }
            }
            // Descriptors name regex types too (a Pattern field or parameter).
            for (String text : utf8) {
                if (text != null && text.contains("Ljava/util/regex/")) {
                    references.add("java/util/regex/ (in a descriptor)");
                }
            }
            return references;
        }
    }
}
