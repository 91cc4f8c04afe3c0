package io.certgate.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Chromium's managed policy {@code AutoSelectCertificateForUrls} for the demo's origins: the client certificate
 * the demo CA issued is sent without the "Select a certificate" dialog, which a headless browser cannot answer
 * (without the policy it sends none). A browser whose NSS database holds no such certificate still sends none.
 *
 * <p>Chromium reads {@code /etc/chromium/policies/managed/*.json} when it starts, so this writes one file with a
 * name of its own (concurrent runs do not remove each other's) and {@link #close()} deletes it, with the
 * directories it created. It is machine-wide while it exists: it names only {@code https://localhost:PORT} of
 * the demos this test started.
 */
final class CertificateAutoSelection implements AutoCloseable {
    static final Path MANAGED_POLICIES = Path.of("/etc/chromium/policies/managed");

    private final Path file;
    private final List<Path> createdDirectories;

    private CertificateAutoSelection(Path file, List<Path> createdDirectories) {
        this.file = file;
        this.createdDirectories = createdDirectories;
    }

    /** Selects the certificate issued by {@code issuerCn} for each of {@code origins} ({@code https://host:port}). */
    static CertificateAutoSelection install(String issuerCn, List<String> origins) throws IOException {
        List<Path> created = new ArrayList<>();
        for (Path dir = MANAGED_POLICIES; dir != null && !Files.isDirectory(dir); dir = dir.getParent()) {
            created.add(0, dir);
        }
        Path file = MANAGED_POLICIES.resolve("certgate-browser-test-" + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID() + ".json");
        try {
            for (Path dir : created) {
                Files.createDirectory(dir);
            }
            Files.writeString(file, policy(issuerCn, origins), StandardCharsets.UTF_8);
        } catch (AccessDeniedException e) {
            new CertificateAutoSelection(file, created).close();
            throw new IllegalStateException("cannot write Chromium's managed policy " + file + " (" + e.getMessage()
                    + " not writable): the browser test selects the client certificate through"
                    + " AutoSelectCertificateForUrls there, so it must run as root, as .ci/run does", e);
        }
        file.toFile().deleteOnExit();
        return new CertificateAutoSelection(file, created);
    }

    /** The policy JSON: a list of strings, each itself a JSON object (Chromium's format for this policy). */
    static String policy(String issuerCn, List<String> origins) {
        StringBuilder json = new StringBuilder("{\n  \"AutoSelectCertificateForUrls\": [");
        for (int i = 0; i < origins.size(); i++) {
            String entry = "{\"pattern\":\"" + origins.get(i) + "\",\"filter\":{\"ISSUER\":{\"CN\":\"" + issuerCn
                    + "\"}}}";
            json.append(i == 0 ? "\n    " : ",\n    ").append('"').append(entry.replace("\"", "\\\"")).append('"');
        }
        return json.append("\n  ]\n}\n").toString();
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
        for (int i = createdDirectories.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(createdDirectories.get(i));
            } catch (DirectoryNotEmptyException e) {
                return;   // another run's policy, or the administrator's: leave it
            }
        }
    }
}
