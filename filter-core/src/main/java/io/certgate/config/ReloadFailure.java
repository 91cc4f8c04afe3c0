package io.certgate.config;

import java.time.Instant;
import java.util.Objects;

/**
 * A file CertGate reloads on change ({@code config-file}, a {@code crl} file, the {@code trusted-ca} bundle)
 * changed but could not be used. CertGate keeps deciding with what it loaded before (it logged the error once)
 * until the file changes again and loads; then the failure is gone. Read it with
 * {@code Gate.reloadFailures()}, e.g. for a health check.
 *
 * @param parameter the init-param naming the file: {@code config-file}, {@code crl} or {@code trusted-ca}
 * @param file the file, as the init-param names it
 * @param at when the reload was tried
 * @param message what is wrong with the file, as the log line says
 */
public record ReloadFailure(String parameter, String file, Instant at, String message) {
    public ReloadFailure {
        Objects.requireNonNull(parameter, "parameter");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(message, "message");
    }
}
