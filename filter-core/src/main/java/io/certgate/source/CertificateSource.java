package io.certgate.source;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Where a client certificate comes from: the TLS session, or headers set by a trusted proxy. A source
 * only reads; whether the identity may pass is the policy's business.
 */
public interface CertificateSource {
    /** Short name for logs and the {@code source} of an identity: {@code tls}, {@code header}. */
    String name();

    /** Reads the request; never throws for bad input, which becomes {@link Extraction.Rejected}. */
    Extraction extract(HttpServletRequest request);
}
