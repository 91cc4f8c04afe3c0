package io.certgate.source;

import io.certgate.request.RequestReader;
import io.certgate.verdict.Verdict;

/**
 * Where a client certificate comes from: the TLS session, or headers set by a trusted proxy. A source
 * only reads; whether the identity may pass is the policy's business.
 */
public interface CertificateSource {
    /** Short name for logs and the {@code source} of an identity: {@code tls}, {@code header}. */
    String name();

    /** What this source believes, in one line, for the explain command. */
    String describe();

    /**
     * Reads the request; never throws for bad input, which becomes a {@link Denial}.
     *
     * @param peerIsTrustedProxy whether the connection's peer is a trusted proxy, found out once per request
     *     by the caller (as {@link HeaderSource#trusts} answers); sources that read no proxy headers ignore it
     */
    <R> Verdict extract(R request, RequestReader<R> reader, boolean peerIsTrustedProxy);
}
