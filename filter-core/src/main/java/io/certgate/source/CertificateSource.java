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

    /**
     * Reads the request when the caller has already found out whether its peer is a trusted proxy (as
     * {@link HeaderSource#trusts} answers), so that a request costs that check once. Sources that read no
     * proxy headers ignore it.
     */
    default Extraction extract(HttpServletRequest request, boolean peerIsTrustedProxy) {
        return extract(request);
    }
}
