package io.certgate.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;

/**
 * What a watched file looked like when it was read, so that a reload happens exactly when it changed.
 *
 * <p>The path is followed through symbolic links first. A Kubernetes Secret or ConfigMap volume never rewrites
 * {@code dir/ca.pem}: it is a link to {@code ..data/ca.pem}, and an update writes a new timestamped directory and
 * renames a new {@code ..data} link over the old one. The link's own modification time never changes, and the
 * new file may carry the same modification time and size as the old one; its real path and file key (inode)
 * are what differ, so they are part of the stamp. A rewrite in place is seen by its modification time or size.
 *
 * @param realPath the file the path led to, all links followed; null when it could not be read
 * @param modified the real file's modification time
 * @param size the real file's size in bytes; -1 when it could not be read
 * @param fileKey the file system's identity of the real file (an inode), or null where there is none
 */
record FileStamp(Path realPath, Instant modified, long size, Object fileKey) {
    /** A file that is missing or unreadable. */
    static final FileStamp MISSING = new FileStamp(null, Instant.EPOCH, -1, null);

    /** The stamp of {@code path} now; {@link #MISSING} when it cannot be read. */
    static FileStamp of(Path path) {
        try {
            Path real = path.toRealPath();
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
            return new FileStamp(real, attributes.lastModifiedTime().toInstant(), attributes.size(),
                    attributes.fileKey());
        } catch (IOException | SecurityException e) {
            return MISSING;
        }
    }
}
