package io.certgate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A directory laid out and updated exactly as the kubelet does for a Secret or ConfigMap volume (its
 * {@code AtomicWriter}): the files live in a timestamped directory {@code ..2026_12_02_10_00_00.123}, a link
 * {@code ..data} points at it, and each visible file {@code dir/ca.pem} is a link to {@code ..data/ca.pem}. An
 * update writes a new timestamped directory, points a new link {@code ..data_tmp} at it, renames that link over
 * {@code ..data} in one step, and deletes the old directory. The path an application was given,
 * {@code dir/ca.pem}, never changes, and neither does its own (lstat) modification time.
 */
public final class ProjectedVolume {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("'..'yyyy_MM_dd_HH_mm_ss.SSS");
    private static final String DATA = "..data";

    private final Path dir;
    private LocalDateTime clock = LocalDateTime.of(2026, 12, 2, 10, 0, 0, 123_000_000);

    /** @param dir an empty directory, the volume's mount point */
    public ProjectedVolume(Path dir) {
        this.dir = dir;
    }

    /** The path an application is configured with: {@code dir/name}, a link through {@code ..data}. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /**
     * Publishes a new version of the volume as the kubelet does, every file stamped with {@code modified}
     * (give the same time twice to see that a reader does not rely on it).
     */
    public void publish(Map<String, byte[]> files, FileTime modified) throws IOException {
        Path previous = Files.isSymbolicLink(dir.resolve(DATA)) ? dir.resolve(Files.readSymbolicLink(dir.resolve(DATA)))
                : null;
        clock = clock.plusMinutes(5);
        Path version = Files.createDirectory(dir.resolve(TIMESTAMP.format(clock)));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path written = Files.write(version.resolve(file.getKey()), file.getValue());
            Files.setLastModifiedTime(written, modified);
        }
        Path tmp = Files.createSymbolicLink(dir.resolve("..data_tmp"), version.getFileName());
        Files.move(tmp, dir.resolve(DATA), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        for (String name : files.keySet()) {
            Path visible = dir.resolve(name);
            if (!Files.isSymbolicLink(visible)) {
                Files.createSymbolicLink(visible, Path.of(DATA, name));
            }
        }
        if (previous != null) {
            try (Stream<Path> old = Files.walk(previous)) {
                for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
