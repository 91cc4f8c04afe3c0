package io.certgate.source;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import io.certgate.identity.ClientIdentity;
import io.certgate.identity.DnParseException;
import io.certgate.request.RequestReader;
import io.certgate.verdict.Denial;
import io.certgate.verdict.Identified;
import io.certgate.verdict.ReasonCode;
import io.certgate.verdict.Verdict;

/**
 * The certificate the container's TLS handshake received, from the standard request attribute
 * {@value #ATTRIBUTE}. Element 0 is the client's own certificate; the rest is the chain it sent.
 *
 * <p>Whether the chain is trusted is decided by the container's trust store unless CertGate validates it.
 *
 * <p>Parsing is memoized in a bounded {@link IdentityCache} of {@value IdentityCache#DEFAULT_CAPACITY}
 * certificates, keyed by the client's {@code X509Certificate} itself ({@code equals} compares the whole DER
 * encoding), so a client on a kept-alive connection, or one that comes back, is not parsed again. Only the
 * parse is cached: dates, chain validation and the policy are checked on every request.
 */
public final class TlsAttributeSource implements CertificateSource {
    /** The Servlet specification's attribute for the client's certificate chain. */
    public static final String ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    /** Parsed identities by client certificate, with the intermediates they were last seen with. */
    private final IdentityCache<X509Certificate, Identified> identities = new IdentityCache<>();
    /** The proxy's own certificates ({@code trusted-proxy-certs}), or null. */
    private final TrustedProxyCertificates proxyCertificates;

    /** The TLS source alone: every certificate the handshake received is the client's. */
    public TlsAttributeSource() {
        this(null);
    }

    private TlsAttributeSource(TrustedProxyCertificates proxyCertificates) {
        this.proxyCertificates = proxyCertificates;
    }

    /**
     * The TLS source beside {@code headers} (which may be null): a certificate listed in {@code trusted-proxy-certs}
     * is the proxy's own, never taken as a client's, so with {@code sources=tls,header} the proxy's certificate
     * leaves the client's identity to the headers.
     */
    public static TlsAttributeSource besides(HeaderSource headers) {
        return new TlsAttributeSource(headers == null ? null : headers.proxyCertificates());
    }

    @Override
    public String name() {
        return "tls";
    }

    @Override
    public String describe() {
        return "the certificate the container's TLS handshake received" + (proxyCertificates == null ? ""
                : ", unless it is in trusted-proxy-certs (the proxy's own, never a client's)");
    }

    @Override
    public <R> Verdict extract(R request, RequestReader<R> reader, boolean peerIsTrustedProxy) {
        Object attribute = reader.tlsCertificates(request);
        if (attribute == null) {
            return Verdict.ANONYMOUS;
        }
        if (!(attribute instanceof X509Certificate[] chain) || chain.length == 0 || chain[0] == null) {
            return new Denial(ReasonCode.BAD_CERTIFICATE, "TLS attribute holds no X509Certificate");
        }
        Identified cached = identities.get(chain[0]);
        if (cached != null && sameIntermediates(cached.intermediates(), chain)) {
            return clientOnly(cached);
        }
        try {
            List<X509Certificate> intermediates = new ArrayList<>(chain.length - 1);
            for (int i = 1; i < chain.length; i++) {
                if (chain[i] != null) {
                    intermediates.add(chain[i]);
                }
            }
            // The same certificate with another chain: its parse stands, only the intermediates differ.
            ClientIdentity identity = cached != null ? cached.identity() : ClientIdentity.of(chain[0]);
            Identified present = new Identified(identity, name(), intermediates);
            identities.put(chain[0], present);
            return clientOnly(present);
        } catch (DnParseException e) {
            return new Denial(ReasonCode.MALFORMED_DN, e.getMessage());
        } catch (CertificateParsingException | RuntimeException e) {
            return new Denial(ReasonCode.BAD_CERTIFICATE, String.valueOf(e.getMessage()));
        }
    }

    /** Nothing for the proxy's own certificate: the client, if any, is in the proxy's headers. */
    private Verdict clientOnly(Identified present) {
        return proxyCertificates != null && proxyCertificates.isProxy(present.identity()) ? Verdict.ANONYMOUS : present;
    }

    /** Whether {@code chain} after its first element, without nulls, is {@code intermediates}; allocates nothing. */
    private static boolean sameIntermediates(List<X509Certificate> intermediates, X509Certificate[] chain) {
        int next = 0;
        for (int i = 1; i < chain.length; i++) {
            X509Certificate certificate = chain[i];
            if (certificate == null) {
                continue;
            }
            if (next >= intermediates.size()) {
                return false;
            }
            X509Certificate known = intermediates.get(next++);
            if (known != certificate && !known.equals(certificate)) {
                return false;
            }
        }
        return next == intermediates.size();
    }
}
