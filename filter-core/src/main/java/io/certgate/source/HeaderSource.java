package io.certgate.source;

import java.util.Enumeration;
import java.util.Set;

import io.certgate.request.RequestReader;
import io.certgate.verdict.Denial;
import io.certgate.verdict.ReasonCode;
import io.certgate.verdict.Verdict;

/**
 * Certificates from headers set by a trusted reverse proxy. Headers count only when the connection's
 * peer ({@code getRemoteAddr()}) is in {@code trusted-proxies}; from anyone else they are ignored, and
 * the filter hides them from the application. With {@code trusted-proxy-certs}, the peer must also have
 * presented one of those certificates over TLS; certificate headers from a trusted address without one are
 * denied ({@code unverified-proxy}), since whoever sent them shares the proxy's address but is not the proxy.
 */
public final class HeaderSource implements CertificateSource {
    private static final Denial UNVERIFIED_PROXY = new Denial(ReasonCode.UNVERIFIED_PROXY,
            "certificate headers from a trusted-proxies address that did not present a certificate in"
                    + " trusted-proxy-certs");

    private final TrustedProxies trustedProxies;
    private final ProxyFormat format;
    /** The {@code proxy-format} value, for {@link #describe()}. */
    private final String formatName;
    /** The proxy's own TLS client certificates ({@code trusted-proxy-certs}), or null to trust the address alone. */
    private final TrustedProxyCertificates proxyCertificates;
    /** Asked for on every request from an untrusted peer, so made once. */
    private final Set<String> headerNames;

    HeaderSource(TrustedProxies trustedProxies, ProxyFormat format, TrustedProxyCertificates proxyCertificates,
            String formatName) {
        this.trustedProxies = trustedProxies;
        this.formatName = formatName;
        this.format = format;
        this.proxyCertificates = proxyCertificates;
        this.headerNames = format.headerNames();
    }

    @Override
    public String name() {
        return HeaderIdentities.SOURCE;
    }

    /**
     * Whether this request came from a trusted proxy: from an address in {@code trusted-proxies} and, with
     * {@code trusted-proxy-certs}, over TLS with one of those client certificates.
     */
    public <R> boolean trusts(R request, RequestReader<R> reader) {
        return trustedProxies.contains(reader.remoteAddress(request))
                && (proxyCertificates == null || proxyCertificates.presentedBy(reader.tlsCertificates(request)));
    }

    /** The proxy's own certificates ({@code trusted-proxy-certs}), never a client's identity; null when not set. */
    TrustedProxyCertificates proxyCertificates() {
        return proxyCertificates;
    }

    /**
     * What this source believes, in one line for the explain command: the format, its headers, the trusted
     * proxies and, with {@code trusted-proxy-certs}, their certificates.
     */
    @Override
    public String describe() {
        java.util.TreeSet<String> names = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.addAll(headerNames);
        return "proxy-format " + formatName + " (headers " + String.join(", ", names) + ") from trusted-proxies "
                + trustedProxies + (proxyCertificates == null ? ", by address alone"
                        : " that presented a TLS client certificate in trusted-proxy-certs (" + proxyCertificates
                                + ")");
    }

    /** The headers this source reads (to hide from untrusted peers). */
    public Set<String> headerNames() {
        return headerNames;
    }

    /**
     * Whether certificate headers came from an address in {@code trusted-proxies} that did not present a
     * certificate in {@code trusted-proxy-certs}: a process sharing the proxy's address, or a proxy without
     * its {@code proxy_ssl_certificate}.
     */
    private <R> boolean unverifiedProxy(R request, RequestReader<R> reader) {
        if (proxyCertificates == null) {
            return false;
        }
        for (String name : headerNames) {
            Enumeration<String> values = reader.headers(request, name);
            if (values != null && values.hasMoreElements()) {
                return trustedProxies.contains(reader.remoteAddress(request));
            }
        }
        return false;
    }

    @Override
    public <R> Verdict extract(R request, RequestReader<R> reader, boolean peerIsTrustedProxy) {
        if (!peerIsTrustedProxy) {
            return unverifiedProxy(request, reader) ? UNVERIFIED_PROXY : Verdict.ANONYMOUS;
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
