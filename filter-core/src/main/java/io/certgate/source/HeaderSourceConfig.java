package io.certgate.source;

import java.util.Locale;
import java.util.Map;

import io.certgate.config.ConfigException;

/**
 * Builds the {@link HeaderSource} from init-params: {@code trusted-proxies}, {@code trusted-proxy-certs},
 * {@code proxy-format} and the {@code header.*} names.
 */
public final class HeaderSourceConfig {
    public static final String TRUSTED_PROXIES = "trusted-proxies";
    public static final String TRUSTED_PROXY_CERTS = "trusted-proxy-certs";
    public static final String PROXY_FORMAT = "proxy-format";
    public static final String HEADER_VERIFY = "header.verify";
    public static final String HEADER_DN = "header.dn";
    public static final String HEADER_CERT = "header.cert";

    /** The {@code proxy-format} for Kubernetes ingress-nginx. */
    static final String INGRESS_NGINX = "ingress-nginx";
    /** ingress-nginx's {@code proxy_set_header ssl-client-issuer-dn $ssl_client_i_dn}. */
    static final String INGRESS_NGINX_ISSUER_HEADER = "ssl-client-issuer-dn";
    /** The header for HAProxy's {@code %[ssl_c_chain_der,base64]}. */
    static final String HAPROXY_CHAIN_HEADER = "X-SSL-Client-Chain";

    private HeaderSourceConfig() {
    }

    /**
     * @param parameters all init-params
     * @throws ConfigException naming the parameter and the fix
     */
    public static HeaderSource from(Map<String, String> parameters) throws ConfigException {
        String proxies = parameters.get(TRUSTED_PROXIES);
        String proxyCertificates = parameters.get(TRUSTED_PROXY_CERTS);
        if ((proxies == null || proxies.isBlank()) && proxyCertificates != null) {
            throw new ConfigException(TRUSTED_PROXY_CERTS, 0, "needs '" + TRUSTED_PROXIES + "': a proxy is trusted by"
                    + " its address and its certificate together; list your proxy's addresses in trusted-proxies");
        }
        if (proxies == null || proxies.isBlank()) {
            throw new ConfigException(TRUSTED_PROXIES, 0, "required when sources include header;"
                    + " list your proxy's addresses, e.g. 10.0.0.5 or 10.0.0.0/24");
        }
        TrustedProxies trusted;
        try {
            trusted = TrustedProxies.parse(proxies);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(TRUSTED_PROXIES, 0, e.getMessage());
        }
        TrustedProxyCertificates certificates = null;
        if (proxyCertificates != null) {
            try {
                certificates = TrustedProxyCertificates.parse(proxyCertificates);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(TRUSTED_PROXY_CERTS, 0, e.getMessage());
            }
        }
        String formatName = parameters.getOrDefault(PROXY_FORMAT, "nginx").strip().toLowerCase(Locale.ROOT);
        String verify = parameters.get(HEADER_VERIFY);
        String dn = parameters.get(HEADER_DN);
        String cert = parameters.get(HEADER_CERT);
        checkHeaderName(HEADER_VERIFY, verify);
        checkHeaderName(HEADER_DN, dn);
        checkHeaderName(HEADER_CERT, cert);
        ProxyFormat format;
        switch (formatName) {
            case "nginx":
                verify = or(verify, "X-Client-Verify");
                dn = or(dn, "X-Client-Dn");
                cert = or(cert, "X-Client-Cert");
                distinctNginx(verify, dn, cert);
                format = new NginxFormat(verify, dn, cert);
                break;
            case INGRESS_NGINX:
                // What ingress-nginx's template sets with auth-tls-secret (and, for the certificate,
                // auth-tls-pass-certificate-to-upstream): the nginx variables under its own names.
                verify = or(verify, "ssl-client-verify");
                dn = or(dn, "ssl-client-subject-dn");
                cert = or(cert, "ssl-client-cert");
                distinctNginx(verify, dn, cert);
                for (String[] named : new String[][] {{HEADER_VERIFY, verify}, {HEADER_DN, dn}, {HEADER_CERT, cert}}) {
                    distinct(named[0], named[1], "ingress-nginx issuer DN", INGRESS_NGINX_ISSUER_HEADER);
                }
                format = new NginxFormat(verify, dn, cert, INGRESS_NGINX_ISSUER_HEADER);
                break;
            case "envoy":
                onlyCert(formatName, verify, dn);
                format = new EnvoyFormat(or(cert, EnvoyFormat.DEFAULT_HEADER));
                break;
            case "traefik":
                onlyCert(formatName, verify, dn);
                format = new SingleCertificateHeaderFormat(SingleCertificateHeaderFormat.Encoding.TRAEFIK_ESCAPED_DER_LIST,
                        or(cert, "X-Forwarded-Tls-Client-Cert"), null);
                break;
            case "apache":
                onlyCertAndVerify(formatName, dn);
                verify = or(verify, "SSL_CLIENT_VERIFY");
                cert = or(cert, "SSL_CLIENT_CERT");
                distinct(HEADER_CERT, cert, HEADER_VERIFY, verify);
                format = new SingleCertificateHeaderFormat(SingleCertificateHeaderFormat.Encoding.APACHE_PEM, cert, verify);
                break;
            case "haproxy":
                onlyCertAndVerify(formatName, dn);
                verify = or(verify, "X-SSL-Client-Verify");
                cert = or(cert, "X-SSL-Client-Cert");
                distinct(HEADER_CERT, cert, HEADER_VERIFY, verify);
                distinct(HEADER_CERT, cert, "haproxy chain", HAPROXY_CHAIN_HEADER);
                distinct(HEADER_VERIFY, verify, "haproxy chain", HAPROXY_CHAIN_HEADER);
                format = new SingleCertificateHeaderFormat(SingleCertificateHeaderFormat.Encoding.HAPROXY_BASE64_DER,
                        cert, verify, HAPROXY_CHAIN_HEADER);
                break;
            case "rfc9440":
                onlyCert(formatName, verify, dn);
                cert = or(cert, Rfc9440Format.CERT_HEADER);
                distinct(HEADER_CERT, cert, "rfc9440 chain", Rfc9440Format.CHAIN_HEADER);
                format = new Rfc9440Format(cert);
                break;
            default:
                throw new ConfigException(PROXY_FORMAT, 0, "unknown format \"" + formatName
                        + "\"; use nginx, ingress-nginx, envoy, traefik, apache, haproxy or rfc9440");
        }
        return new HeaderSource(trusted, format, certificates, formatName);
    }

    private static void distinctNginx(String verify, String dn, String cert) throws ConfigException {
        distinct(HEADER_DN, dn, HEADER_VERIFY, verify);
        distinct(HEADER_CERT, cert, HEADER_VERIFY, verify);
        distinct(HEADER_CERT, cert, HEADER_DN, dn);
    }

    private static void onlyCert(String format, String verify, String dn) throws ConfigException {
        onlyCertAndVerify(format, dn);
        if (verify != null) {
            throw new ConfigException(HEADER_VERIFY, 0, "the " + format
                    + " format has no verify header; remove it");
        }
    }

    private static void onlyCertAndVerify(String format, String dn) throws ConfigException {
        if (dn != null) {
            throw new ConfigException(HEADER_DN, 0, "the " + format
                    + " format passes the whole certificate, not a DN header; remove it");
        }
    }

    /**
     * Header names are case-insensitive: two parameters (or defaults) naming one header would read one value
     * as two different things.
     */
    private static void distinct(String parameter, String name, String otherParameter, String otherName)
            throws ConfigException {
        if (name.equalsIgnoreCase(otherName)) {
            throw new ConfigException(parameter, 0, "\"" + name + "\" is also the " + otherParameter
                    + " header; give each its own header");
        }
    }

    private static void checkHeaderName(String parameter, String name) throws ConfigException {
        if (name == null) {
            return;
        }
        if (name.isEmpty() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            throw new ConfigException(parameter, 0, "\"" + name + "\" is not an HTTP header name");
        }
    }

    private static String or(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
