package io.certgate.source;

import java.lang.reflect.Proxy;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.security.auth.x500.X500Principal;

import jakarta.servlet.http.HttpServletRequest;

import io.certgate.servlet.ServletRequestReader;
import io.certgate.verdict.Verdict;

/**
 * The proxy header formats as the property tests in {@code io.certgate.property} see them: valid header
 * sets for real certificates, extraction through the public {@link HeaderSource} (as the filter calls it),
 * and a direct call of the format's {@code read} that lets a {@link RuntimeException} escape, so that a
 * bug hidden by {@link HeaderSource}'s last-resort catch still fails a property.
 */
public final class PropertyHeaderFormats {
    /** Every {@code proxy-format} value. */
    public static final List<String> FORMATS = List.of("nginx", "ingress-nginx", "envoy", "traefik", "apache",
            "haproxy", "rfc9440");

    private static final Map<String, HeaderSource> SOURCES = new LinkedHashMap<>();

    static {
        for (String format : FORMATS) {
            SOURCES.put(format, ExtractionAssertions.source(format));
        }
    }

    /** What a direct {@code read} gave: an extraction, or the format's refusal. */
    public record Outcome(Verdict extraction, MalformedHeaderException refusal) {
    }

    private PropertyHeaderFormats() {
    }

    /** The real certificates the valid headers carry; any other certificate in a Present is a bug. */
    public static List<X509Certificate> certificates() {
        return List.of(SourcePki.ALICE.certificate(), SourcePki.ACME.certificate(), SourcePki.JOSE.certificate(),
                SourcePki.DAVE_UNDER_INTERMEDIATE.certificate(), SourcePki.INTERMEDIATE.certificate());
    }

    /** Whether {@code certificate} carries a valid signature of one of the test CAs. */
    public static boolean signedByTestCa(X509Certificate certificate) {
        for (X509Certificate ca : List.of(SourcePki.ROOT.certificate(), SourcePki.INTERMEDIATE.certificate())) {
            try {
                certificate.verify(ca.getPublicKey());
                return true;
            } catch (java.security.GeneralSecurityException | RuntimeException e) {
                // not this CA
            }
        }
        return false;
    }

    /** Every header name {@code format} reads, with the default names. */
    public static List<String> headerNames(String format) {
        return List.copyOf(SOURCES.get(format).headerNames());
    }

    /** The header that carries the certificate (or, for nginx, its URL-escaped PEM). */
    public static String certificateHeader(String format) {
        switch (format) {
            case "nginx": return "X-Client-Cert";
            case "ingress-nginx": return "ssl-client-cert";
            case "envoy": return EnvoyFormat.DEFAULT_HEADER;
            case "traefik": return "X-Forwarded-Tls-Client-Cert";
            case "apache": return "SSL_CLIENT_CERT";
            case "haproxy": return "X-SSL-Client-Cert";
            case "rfc9440": return Rfc9440Format.CERT_HEADER;
            default: throw new IllegalArgumentException(format);
        }
    }

    /** The verify header and the value that means "verified", or null when the format has none. */
    public static Map.Entry<String, String> verifiedHeader(String format) {
        switch (format) {
            case "nginx": return Map.entry("X-Client-Verify", "SUCCESS");
            case "ingress-nginx": return Map.entry("ssl-client-verify", "SUCCESS");
            case "apache": return Map.entry("SSL_CLIENT_VERIFY", "SUCCESS");
            case "haproxy": return Map.entry("X-SSL-Client-Verify", "0");
            default: return null;
        }
    }

    /** The headers {@code format}'s proxy sends for a client that presented {@code client} (issued by ROOT). */
    public static Map<String, String> validHeaders(String format, X509Certificate client) {
        Map<String, String> headers = new LinkedHashMap<>();
        Map.Entry<String, String> verified = verifiedHeader(format);
        if (verified != null) {
            headers.put(verified.getKey(), verified.getValue());
        }
        String subject = client.getSubjectX500Principal().getName(X500Principal.RFC2253);
        X509Certificate root = SourcePki.ROOT.certificate();
        switch (format) {
            case "nginx":
                headers.put("X-Client-Dn", subject);
                headers.put("X-Client-Cert", ProxyEncodings.nginxEscapedCert(client));
                break;
            case "ingress-nginx":
                headers.put("ssl-client-subject-dn", subject);
                headers.put("ssl-client-issuer-dn", client.getIssuerX500Principal().getName(X500Principal.RFC2253));
                headers.put("ssl-client-cert", ProxyEncodings.nginxEscapedCert(client));
                break;
            case "envoy":
                headers.put(EnvoyFormat.DEFAULT_HEADER, "By=spiffe://cluster.local/ns/default/sa/backend;Hash=00;Cert=\""
                        + ProxyEncodings.envoyCert(client) + "\";Chain=\"" + ProxyEncodings.envoyChain(client, root)
                        + "\";Subject=\"" + subject + "\";URI=;DNS=client.example.com");
                break;
            case "traefik":
                headers.put("X-Forwarded-Tls-Client-Cert", ProxyEncodings.traefikV2(client, root));
                break;
            case "apache":
                headers.put("SSL_CLIENT_CERT", ProxyEncodings.apacheCert(client));
                break;
            case "haproxy":
                headers.put("X-SSL-Client-Cert", ProxyEncodings.haproxyCert(client));
                headers.put("X-SSL-Client-Chain", ProxyEncodings.haproxyCert(root));
                break;
            case "rfc9440":
                headers.put(Rfc9440Format.CERT_HEADER, ":" + base64(client) + ":");
                headers.put(Rfc9440Format.CHAIN_HEADER, ":" + base64(root) + ":");
                break;
            default:
                throw new IllegalArgumentException(format);
        }
        return headers;
    }

    /** The DN-only header sets: nginx's (and ingress-nginx's) DN header, Envoy's Subject without Cert. */
    public static String dnOnlyHeader(String format) {
        switch (format) {
            case "nginx": return "X-Client-Dn";
            case "ingress-nginx": return "ssl-client-subject-dn";
            case "envoy": return EnvoyFormat.DEFAULT_HEADER;
            default: return null;
        }
    }

    /**
     * The DN text an extraction without a certificate may have come from, or null if the headers hold none:
     * nginx's DN header, or the Subject of the last XFCC element.
     */
    public static String dnText(String format, Map<String, String> headers) {
        if (format.equals("nginx")) {
            return headers.get("X-Client-Dn");
        }
        if (format.equals("ingress-nginx")) {
            return headers.get("ssl-client-subject-dn");
        }
        if (format.equals("envoy")) {
            try {
                List<Map<String, String>> elements = EnvoyFormat.parse(headers.get(EnvoyFormat.DEFAULT_HEADER));
                return elements.get(elements.size() - 1).get("subject");
            } catch (MalformedHeaderException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    /** Verdict as the filter does it, from the trusted proxy; a thrown exception fails the caller. */
    public static Verdict extract(String format, Map<String, String> headers) {
        return ExtractionAssertions.extract(SOURCES.get(format), request(headers));
    }

    /**
     * The format's own {@code read}, without {@link HeaderSource}'s catch of RuntimeException; each call uses
     * a new format object, so no cached identity is involved.
     */
    public static Outcome read(String format, Map<String, String> headers) {
        ProxyFormat proxyFormat = newFormat(format);
        try {
            return new Outcome(proxyFormat.read(request(headers), ServletRequestReader.INSTANCE), null);
        } catch (MalformedHeaderException e) {
            return new Outcome(null, e);
        }
    }

    private static ProxyFormat newFormat(String format) {
        switch (format) {
            case "nginx": return new NginxFormat("X-Client-Verify", "X-Client-Dn", "X-Client-Cert");
            case "ingress-nginx": return new NginxFormat("ssl-client-verify", "ssl-client-subject-dn", "ssl-client-cert",
                    "ssl-client-issuer-dn");
            case "envoy": return new EnvoyFormat(EnvoyFormat.DEFAULT_HEADER);
            case "traefik": return new SingleCertificateHeaderFormat(
                    SingleCertificateHeaderFormat.Encoding.TRAEFIK_ESCAPED_DER_LIST, "X-Forwarded-Tls-Client-Cert", null);
            case "apache": return new SingleCertificateHeaderFormat(
                    SingleCertificateHeaderFormat.Encoding.APACHE_PEM, "SSL_CLIENT_CERT", "SSL_CLIENT_VERIFY");
            case "haproxy": return new SingleCertificateHeaderFormat(
                    SingleCertificateHeaderFormat.Encoding.HAPROXY_BASE64_DER, "X-SSL-Client-Cert", "X-SSL-Client-Verify",
                    "X-SSL-Client-Chain");
            case "rfc9440": return new Rfc9440Format(Rfc9440Format.CERT_HEADER);
            default: throw new IllegalArgumentException(format);
        }
    }

    /**
     * The request from the trusted proxy with these headers (names case-insensitive). A plain dynamic proxy
     * rather than {@link ProxyRequest}'s mock: the properties make thousands, and only these methods are read.
     */
    private static HttpServletRequest request(Map<String, String> headers) {
        Map<String, String> byName = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);
        return (HttpServletRequest) Proxy.newProxyInstance(PropertyHeaderFormats.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getRemoteAddr":
                            return ProxyRequest.PROXY;
                        case "getHeader":
                            return byName.get((String) args[0]);
                        case "getHeaders":
                            String value = byName.get((String) args[0]);
                            return Collections.enumeration(value == null ? List.of() : List.of(value));
                        case "toString":
                            return "request from " + ProxyRequest.PROXY + " with " + headers.keySet();
                        case "getHeaderNames":
                            return Collections.enumeration(List.copyOf(headers.keySet()));
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    private static String base64(X509Certificate certificate) {
        return Base64.getEncoder().encodeToString(ProxyEncodings.der(certificate));
    }
}
