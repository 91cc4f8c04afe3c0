package io.certgate.source;

import java.util.Set;

import io.certgate.request.RequestReader;
import io.certgate.verdict.Denial;
import io.certgate.verdict.ReasonCode;
import io.certgate.verdict.Verdict;

/**
 * Certificates from headers set by a trusted reverse proxy. Headers count only when the connection's
 * peer ({@code getRemoteAddr()}) is in {@code trusted-proxies}; from anyone else they are ignored, and
 * the filter hides them from the application.
 */
public final class HeaderSource implements CertificateSource {
    private final TrustedProxies trustedProxies;
    private final ProxyFormat format;
    /** Asked for on every request from an untrusted peer, so made once. */
    private final Set<String> headerNames;

    HeaderSource(TrustedProxies trustedProxies, ProxyFormat format) {
        this.trustedProxies = trustedProxies;
        this.format = format;
        this.headerNames = format.headerNames();
    }

    @Override
    public String name() {
        return HeaderIdentities.SOURCE;
    }

    /** Whether this request came from a trusted proxy. */
    public <R> boolean trusts(R request, RequestReader<R> reader) {
        return trustedProxies.contains(reader.remoteAddress(request));
    }

    /** The headers this source reads (to hide from untrusted peers). */
    public Set<String> headerNames() {
        return headerNames;
    }

    @Override
    public <R> Verdict extract(R request, RequestReader<R> reader, boolean peerIsTrustedProxy) {
        if (!peerIsTrustedProxy) {
            return Verdict.ANONYMOUS;
        }
        try {
            return format.read(request, reader);
        } catch (MalformedHeaderException e) {
            return new Denial(ReasonCode.MALFORMED_HEADER, e.getMessage());
        } catch (RuntimeException e) {
            return new Denial(ReasonCode.MALFORMED_HEADER, "unreadable: " + e.getClass().getSimpleName());
        }
    }
}
