package io.certgate.source;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.certgate.request.RequestReader;
import io.certgate.verdict.Identified;
import io.certgate.verdict.Verdict;

/**
 * Envoy's {@code x-forwarded-client-cert} (XFCC): comma-separated elements, one per proxy hop, each a
 * {@code ;}-separated list of {@code By=}, {@code Hash=}, {@code Cert=}, {@code Chain=}, {@code Subject=},
 * {@code URI=}, {@code DNS=} pairs, values double-quoted when they hold {@code , ; =} (with {@code \"}
 * for a quote inside; backslash escapes are kept in the value, where the RFC 2253 Subject needs them).
 *
 * <p>Only the last element counts: it is the one the trusted proxy in front of the application added;
 * earlier ones came from further away. {@code Cert} (URL-encoded PEM) is the identity; without it,
 * {@code Subject} is. Configure Envoy with {@code forward_client_cert_details: SANITIZE_SET} and
 * {@code set_current_client_cert_details: {cert: true, chain: true}}.
 *
 * <p>The identity read from a header value is memoized by that exact value, {@value IdentityCache#DEFAULT_CAPACITY}
 * values at most (see {@link IdentityCache}).
 */
final class EnvoyFormat implements ProxyFormat {
    static final String DEFAULT_HEADER = "x-forwarded-client-cert";
    private static final int MAX_ELEMENTS = 32;
    private static final Set<String> SINGLE_KEYS = Set.of("by", "hash", "cert", "chain", "subject");

    private final String header;
    /** Parsed identities by the exact XFCC value (see {@link IdentityCache}). */
    private final IdentityCache<String, Identified> identities = IdentityCache.forHeaderValues();

    EnvoyFormat(String header) {
        this.header = header;
    }

    @Override
    public Set<String> headerNames() {
        return Set.of(header);
    }

    @Override
    public <R> Verdict read(R request, RequestReader<R> reader) throws MalformedHeaderException {
        String value = ProxyHeaders.single(request, reader, header);
        if (value == null || value.isEmpty()) {
            return Verdict.ANONYMOUS;
        }
        return HeaderIdentities.cached(identities, value, EnvoyFormat::identity);
    }

    /** The identity in the last element of an XFCC value; a pure function of the value, hence cached. */
    private static Verdict identity(String value) throws MalformedHeaderException {
        List<Map<String, String>> elements = parse(value);
        Map<String, String> last = elements.get(elements.size() - 1);
        String cert = last.get("cert");
        String subject = last.get("subject");
        if (cert != null) {
            X509Certificate client = CertificateText.fromPem(CertificateText.percentDecode(cert));
            return HeaderIdentities.fromCertificate(client, intermediates(last.get("chain")), subject);
        }
        if (subject != null) {
            return HeaderIdentities.fromDn(subject);
        }
        throw new MalformedHeaderException("the last XFCC element has neither Cert nor Subject;"
                + " set set_current_client_cert_details cert: true in Envoy");
    }

    /** The Chain value holds the client's certificate first; the rest are intermediates. */
    private static List<X509Certificate> intermediates(String chain) throws MalformedHeaderException {
        if (chain == null) {
            return List.of();
        }
        String pems = CertificateText.percentDecode(chain);
        String end = CertificateText.END;
        List<X509Certificate> certificates = new ArrayList<>();
        int start = 0;
        while (true) {
            int stop = pems.indexOf(end, start);
            if (stop < 0) {
                break;
            }
            if (certificates.size() == 8) {
                throw new MalformedHeaderException("more than 8 certificates in Chain");
            }
            certificates.add(CertificateText.fromPem(pems.substring(start, stop + end.length())));
            start = stop + end.length();
        }
        if (!pems.substring(start).isBlank()) {
            throw new MalformedHeaderException("text after the last certificate in Chain");
        }
        return certificates.isEmpty() ? List.of() : certificates.subList(1, certificates.size());
    }

    /** Splits the header into elements of lower-cased keys; repeated URI/DNS keys keep the last value. */
    static List<Map<String, String>> parse(String value) throws MalformedHeaderException {
        List<Map<String, String>> elements = new ArrayList<>();
        Map<String, String> element = new HashMap<>();
        int i = 0;
        int length = value.length();
        while (true) {
            int keyStart = i;
            while (i < length && value.charAt(i) != '=' && value.charAt(i) != ';' && value.charAt(i) != ',') {
                i++;
            }
            if (i >= length || value.charAt(i) != '=') {
                throw new MalformedHeaderException("XFCC pair without '=' at position " + keyStart);
            }
            String key = value.substring(keyStart, i).strip().toLowerCase(Locale.ROOT);
            if (key.isEmpty()) {
                throw new MalformedHeaderException("XFCC pair without a key at position " + keyStart);
            }
            i++;
            StringBuilder pairValue = new StringBuilder();
            if (i < length && value.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= length) {
                        throw new MalformedHeaderException("unterminated quoted XFCC value");
                    }
                    char c = value.charAt(i);
                    if (c == '\\' && i + 1 < length) {
                        // Kept as sent: Envoy quotes the RFC 2253 Subject without escaping it again, so its
                        // backslashes (\, \" \\) belong to the DN; they only keep an escaped quote from ending the value.
                        pairValue.append(c).append(value.charAt(i + 1));
                        i += 2;
                    } else if (c == '"') {
                        i++;
                        break;
                    } else {
                        pairValue.append(c);
                        i++;
                    }
                }
            } else {
                while (i < length && value.charAt(i) != ';' && value.charAt(i) != ',') {
                    char c = value.charAt(i);
                    if (c == '"' || c == '=') {
                        throw new MalformedHeaderException("unquoted '" + c + "' in XFCC value at position " + i);
                    }
                    pairValue.append(c);
                    i++;
                }
            }
            if (SINGLE_KEYS.contains(key) && element.containsKey(key)) {
                throw new MalformedHeaderException("XFCC key " + key + " repeated in one element");
            }
            element.put(key, pairValue.toString());
            if (i >= length) {
                elements.add(element);
                return elements;
            }
            char separator = value.charAt(i++);
            if (separator == ',') {
                elements.add(element);
                element = new HashMap<>();
                if (elements.size() >= MAX_ELEMENTS) {
                    throw new MalformedHeaderException("more than " + MAX_ELEMENTS + " XFCC elements");
                }
            } else if (separator != ';') {
                throw new MalformedHeaderException("unexpected '" + separator + "' in XFCC at position " + (i - 1));
            }
        }
    }
}
