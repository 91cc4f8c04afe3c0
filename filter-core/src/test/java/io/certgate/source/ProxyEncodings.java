package io.certgate.source;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What each proxy really writes into its header, reproduced from the proxies' own code so that the tests
 * feed CertGate the exact bytes it will see in production.
 */
final class ProxyEncodings {
    private ProxyEncodings() {
    }

    static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** OpenSSL's {@code PEM_write_bio_X509}: 64-column base64 lines, each ended by LF, including the last. */
    static String opensslPem(X509Certificate certificate) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der(certificate));
        return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
    }

    /**
     * nginx {@code ngx_escape_uri(..., NGX_ESCAPE_URI_COMPONENT)}, as used for {@code $ssl_client_escaped_cert}:
     * everything but ALPHA, DIGIT, {@code - . _ ~} becomes {@code %XX} with upper-case hex. Envoy's
     * {@code Cert=}/{@code Chain=} encoding gives the same bytes for PEM text (it escapes LF, space, +, / and =).
     */
    static String urlEscape(String text) {
        StringBuilder escaped = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                escaped.append((char) c);
            } else {
                escaped.append('%').append(String.format("%02X", c));
            }
        }
        return escaped.toString();
    }

    /** nginx {@code $ssl_client_escaped_cert}. */
    static String nginxEscapedCert(X509Certificate certificate) {
        return urlEscape(opensslPem(certificate));
    }

    /** Envoy's {@code Cert=} value (without the surrounding quotes). */
    static String envoyCert(X509Certificate certificate) {
        return urlEscape(opensslPem(certificate));
    }

    /** Envoy's {@code Chain=} value: the whole peer chain, client first, each PEM escaped, concatenated. */
    static String envoyChain(X509Certificate... chain) {
        return Stream.of(chain).map(ProxyEncodings::envoyCert).collect(Collectors.joining());
    }

    /** Traefik v3 {@code passTLSClientCert.pem}: PEM minus BEGIN/END lines and LFs, chain joined by commas. */
    static String traefikV3(X509Certificate... chain) {
        return Stream.of(chain).map(ProxyEncodings::traefikSanitized).collect(Collectors.joining(","));
    }

    /** Traefik v2: the same, each certificate passed through Go's {@code url.QueryEscape}. */
    static String traefikV2(X509Certificate... chain) {
        return Stream.of(chain).map(c -> urlEscape(traefikSanitized(c))).collect(Collectors.joining(","));
    }

    private static String traefikSanitized(X509Certificate certificate) {
        return opensslPem(certificate).replace("-----BEGIN CERTIFICATE-----", "")
                .replace("-----END CERTIFICATE-----", "").replace("\n", "");
    }

    /**
     * Apache httpd {@code RequestHeader set SSL_CLIENT_CERT "%{SSL_CLIENT_CERT}s"}: mod_headers turns the PEM's
     * line breaks into spaces; the container trims the trailing one.
     */
    static String apacheCert(X509Certificate certificate) {
        return opensslPem(certificate).replace('\n', ' ').strip();
    }

    /** HAProxy {@code %[ssl_c_der,base64]}: one line of standard base64. */
    static String haproxyCert(X509Certificate certificate) {
        return Base64.getEncoder().encodeToString(der(certificate));
    }
}
