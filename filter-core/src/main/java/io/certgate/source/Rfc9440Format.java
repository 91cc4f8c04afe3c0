package io.certgate.source;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.certgate.request.RequestReader;
import io.certgate.verdict.Identified;
import io.certgate.verdict.Verdict;

/**
 * RFC 9440: {@code Client-Cert} holds the client's certificate as a Structured Field Byte Sequence
 * ({@code :<base64 DER>:}, RFC 8941 section 3.3.5) and {@code Client-Cert-Chain} the rest of the chain as
 * a List of them. {@code Client-Cert} may appear once; {@code Client-Cert-Chain} field lines are combined
 * in order, as lists are. Parameters after an item are allowed by RFC 8941 and ignored; anything else
 * outside the grammar denies.
 *
 * <p>The identity read from the two values is memoized by both exact values (see {@link IdentityCache}),
 * {@value IdentityCache#DEFAULT_CAPACITY} certificates at most.
 */
final class Rfc9440Format implements ProxyFormat {
    static final String CERT_HEADER = "Client-Cert";
    static final String CHAIN_HEADER = "Client-Cert-Chain";
    private static final int MAX_CHAIN = 8;

    private final String certHeader;
    /** Parsed identities by the exact Client-Cert value, each with the Client-Cert-Chain value read with it. */
    private final IdentityCache<String, Known> identities = IdentityCache.forHeaderValues();

    Rfc9440Format(String certHeader) {
        this.certHeader = certHeader;
    }

    @Override
    public Set<String> headerNames() {
        return Set.of(certHeader, CHAIN_HEADER);
    }

    @Override
    public <R> Verdict read(R request, RequestReader<R> reader) throws MalformedHeaderException {
        String cert = ProxyHeaders.single(request, reader, certHeader);
        String chain = ProxyHeaders.combined(request, reader, CHAIN_HEADER);
        if (cert == null) {
            if (chain != null) {
                throw new MalformedHeaderException(CHAIN_HEADER + " without " + certHeader);
            }
            return Verdict.ANONYMOUS;
        }
        Known known = identities.get(cert);
        if (known != null && Objects.equals(chain, known.chain())) {
            return known.present();
        }
        Verdict parsed = identity(cert, chain);
        if (parsed instanceof Identified present) {
            identities.put(cert, new Known(present, chain));
        }
        return parsed;
    }

    /**
     * @param present the identity read from a Client-Cert value
     * @param chain the Client-Cert-Chain value it was read with, or null
     */
    private record Known(Identified present, String chain) {
    }

    /** The identity in the two values; a pure function of them, hence cached. */
    private static Verdict identity(String cert, String chain) throws MalformedHeaderException {
        StructuredFieldReader item = new StructuredFieldReader(cert);
        X509Certificate client = CertificateText.fromBase64Der(item.byteSequence());
        item.end();
        List<X509Certificate> intermediates = new ArrayList<>();
        if (chain != null) {
            StructuredFieldReader list = new StructuredFieldReader(chain);
            do {
                if (intermediates.size() == MAX_CHAIN) {
                    throw new MalformedHeaderException("more than " + MAX_CHAIN + " certificates in " + CHAIN_HEADER);
                }
                intermediates.add(CertificateText.fromBase64Der(list.byteSequence()));
            } while (list.nextListMember());
        }
        return HeaderIdentities.fromCertificate(client, intermediates, null);
    }

    /** Just the parts of RFC 8941 these two fields use: byte sequences, parameters, lists. */
    private static final class StructuredFieldReader {
        private final String text;
        private int pos;

        StructuredFieldReader(String text) {
            this.text = text;
            skip(' ');
        }

        /** {@code ":" *base64 ":"} followed by parameters; returns the base64 text. */
        String byteSequence() throws MalformedHeaderException {
            expect(':');
            int start = pos;
            while (pos < text.length() && isBase64(text.charAt(pos))) {
                pos++;
            }
            String base64 = text.substring(start, pos);
            expect(':');
            parameters();
            return base64;
        }

        /** {@code *( ";" *SP key [ "=" bare-item ] )}: read and ignored. */
        private void parameters() throws MalformedHeaderException {
            while (pos < text.length() && text.charAt(pos) == ';') {
                pos++;
                skip(' ');
                int start = pos;
                while (pos < text.length() && isKeyChar(text.charAt(pos), pos == start)) {
                    pos++;
                }
                if (pos == start) {
                    throw new MalformedHeaderException("bad parameter key at position " + start);
                }
                if (pos < text.length() && text.charAt(pos) == '=') {
                    pos++;
                    int value = pos;
                    while (pos < text.length() && text.charAt(pos) > ' ' && text.charAt(pos) < 0x7f
                            && text.charAt(pos) != ';' && text.charAt(pos) != ',') {
                        pos++;
                    }
                    if (pos == value) {
                        throw new MalformedHeaderException("empty parameter value at position " + value);
                    }
                }
            }
        }

        /** After a list member: true if a {@code ,} introduces another one. */
        boolean nextListMember() throws MalformedHeaderException {
            skipWhitespace();
            if (pos == text.length()) {
                return false;
            }
            expect(',');
            skipWhitespace();
            if (pos == text.length()) {
                throw new MalformedHeaderException("trailing comma");
            }
            return true;
        }

        void end() throws MalformedHeaderException {
            skip(' ');
            if (pos != text.length()) {
                throw new MalformedHeaderException("unexpected text at position " + pos);
            }
        }

        private void expect(char c) throws MalformedHeaderException {
            if (pos >= text.length() || text.charAt(pos) != c) {
                throw new MalformedHeaderException("expected '" + c + "' at position " + pos);
            }
            pos++;
        }

        private void skip(char c) {
            while (pos < text.length() && text.charAt(pos) == c) {
                pos++;
            }
        }

        private void skipWhitespace() {
            while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
                pos++;
            }
        }

        private static boolean isBase64(char c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '=';
        }

        private static boolean isKeyChar(char c, boolean first) {
            boolean lower = (c >= 'a' && c <= 'z') || c == '*';
            return first ? lower : lower || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
        }
    }
}
