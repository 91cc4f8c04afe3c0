package io.certgate.source;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import io.certgate.policy.ReasonCode;

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
    public boolean trusts(HttpServletRequest request) {
        return trustedProxies.contains(request.getRemoteAddr());
    }

    /** The headers this source reads (to hide from untrusted peers). */
    public Set<String> headerNames() {
        return headerNames;
    }

    @Override
    public Extraction extract(HttpServletRequest request) {
        return extract(request, trusts(request));
    }

    @Override
    public Extraction extract(HttpServletRequest request, boolean peerIsTrustedProxy) {
        if (!peerIsTrustedProxy) {
            return Extraction.ABSENT;
        }
        try {
            return format.read(request);
        } catch (MalformedHeaderException e) {
            return new Extraction.Rejected(ReasonCode.MALFORMED_HEADER, e.getMessage());
        } catch (RuntimeException e) {
            return new Extraction.Rejected(ReasonCode.MALFORMED_HEADER, "unreadable: " + e.getClass().getSimpleName());
        }
    }
}
