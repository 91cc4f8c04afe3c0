package io.certgate.source;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import io.certgate.identity.ClientIdentity;
import io.certgate.identity.DnParseException;
import io.certgate.policy.ReasonCode;

/**
 * The certificate the container's TLS handshake received, from the standard request attribute
 * {@value #ATTRIBUTE}. Element 0 is the client's own certificate; the rest is the chain it sent.
 *
 * <p>Whether the chain is trusted is decided by the container's trust store unless CertGate validates it.
 */
public final class TlsAttributeSource implements CertificateSource {
    /** The Servlet specification's attribute for the client's certificate chain. */
    public static final String ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    @Override
    public String name() {
        return "tls";
    }

    @Override
    public Extraction extract(HttpServletRequest request) {
        Object attribute = request.getAttribute(ATTRIBUTE);
        if (attribute == null) {
            return Extraction.ABSENT;
        }
        if (!(attribute instanceof X509Certificate[] chain) || chain.length == 0 || chain[0] == null) {
            return new Extraction.Rejected(ReasonCode.BAD_CERTIFICATE, "TLS attribute holds no X509Certificate");
        }
        try {
            List<X509Certificate> intermediates = new ArrayList<>(chain.length - 1);
            for (int i = 1; i < chain.length; i++) {
                if (chain[i] != null) {
                    intermediates.add(chain[i]);
                }
            }
            return new Extraction.Present(ClientIdentity.of(chain[0]), name(), intermediates);
        } catch (DnParseException e) {
            return new Extraction.Rejected(ReasonCode.MALFORMED_DN, e.getMessage());
        } catch (CertificateParsingException | RuntimeException e) {
            return new Extraction.Rejected(ReasonCode.BAD_CERTIFICATE, String.valueOf(e.getMessage()));
        }
    }
}
