package io.certgate.spring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.Delimiter;

/**
 * CertGate's init-params as Spring properties: {@code certgate.NAME} is the init-param {@code NAME}, with the
 * same syntax and meaning (README, "Configuration reference"), plus {@code certgate.enabled}. Values are
 * passed on as text, so a bad value fails startup with exactly the message the filter's {@code init} gives.
 *
 * <pre>{@code
 * certgate:
 *   allowed-cns: alice, bob
 *   rules: |
 *     /unprotected/*  open
 *     /admin/*        cn:alice
 *   roles: admin=alice; ops=bob
 * }</pre>
 *
 * <p>The list-like parameters ({@code allowed-cns}, {@code rules}, {@code roles}, {@code sources},
 * {@code trusted-proxies}, {@code trusted-proxy-certs}, {@code crl}, {@code denied-fingerprints},
 * {@code denied-serials}) also take a YAML list, whose items are joined with the parameter's own separator (a line
 * break for {@code rules} and {@code denied-serials}, {@code ;} for {@code roles} and {@code trusted-proxy-certs},
 * a comma for the others). A single value is passed on
 * as written: it is never split on commas, so a rule such as {@code /api/* GET,HEAD any} stays one rule.
 */
@ConfigurationProperties(prefix = CertGateProperties.PREFIX)
public class CertGateProperties {
    /** The prefix of every CertGate property. */
    public static final String PREFIX = "certgate";

    /** Whether to register CertGate's filter (and its Spring Security bridge). */
    private boolean enabled = true;

    /**
     * CN allowlist (init-param allowed-cns), used by rules whose access is 'allowlist' and by every path no rule
     * covers. Empty or absent: those paths deny everyone.
     */
    @Delimiter(Delimiter.NONE)
    private List<String> allowedCns;

    /**
     * One rule per line (init-param rules): '<url-pattern> [METHODS] <access>', e.g. '/admin/* cn:alice'. A
     * YAML block string or a list of lines.
     */
    @Delimiter(Delimiter.NONE)
    private List<String> rules;

    /**
     * Roles (init-param roles): 'ROLE=CNs' or 'ROLE=field tests', e.g. 'admin=alice,bob; ops=ou:platform & o:Corp';
     * as list, one entry per item.
     */
    @Delimiter(Delimiter.NONE)
    private List<String> roles;

    /** Policy file holding allowed-cns, roles and rules as sections, reloaded on change (init-param config-file). */
    private String configFile;

    /** 'enforce' (default) or 'report-only' (init-param mode). */
    private String mode;

    /** Days before expiry to warn, default 14, 0 turns it off (init-param expiry-warning-days). */
    private String expiryWarningDays;

    /** Where certificates come from: tls (default), header, or both in order of preference (init-param sources). */
    @Delimiter(Delimiter.NONE)
    private List<String> sources;

    /** Addresses and CIDR blocks whose certificate headers are believed (init-param trusted-proxies). */
    @Delimiter(Delimiter.NONE)
    private List<String> trustedProxies;

    /**
     * The TLS client certificates of the proxies, as SHA-256 fingerprints or subject DNs; headers count only from a
     * trusted-proxies peer that presented one (init-param trusted-proxy-certs).
     */
    @Delimiter(Delimiter.NONE)
    private List<String> trustedProxyCerts;

    /**
     * Proxy header format: nginx (default), ingress-nginx, envoy, traefik, apache, haproxy, rfc9440 (init-param
     * proxy-format).
     */
    private String proxyFormat;

    /** Header names of the proxy format (init-params header.verify, header.dn, header.cert). */
    private final Header header = new Header();

    /** PEM bundle of the CAs to validate client certificates against, a path or classpath: (init-param trusted-ca). */
    private String trustedCa;

    /**
     * Name of a Spring SSL bundle (spring.ssl.bundle.pem.NAME or .jks.NAME) whose trust store certificates are
     * the trusted CAs, instead of certgate.trusted-ca; followed when the bundle reloads.
     */
    private String trustedCaBundle;

    /** Chain depth below a trusted CA, default 2 (init-param max-chain-depth). Only with trusted-ca. */
    private String maxChainDepth;

    /** Refuse certificates whose extended key usage lacks clientAuth, default true (init-param require-client-auth-eku). */
    private String requireClientAuthEku;

    /** CRL files, reloaded on change (init-param crl). Only with trusted-ca. */
    @Delimiter(Delimiter.NONE)
    private List<String> crl;

    /** warn (default) or deny: what a CRL past its nextUpdate is good for (init-param crl-stale). Only with crl. */
    private String crlStale;

    /** off (default), soft-fail or hard-fail (init-param ocsp). Only with trusted-ca. */
    private String ocsp;

    /** How long an OCSP query may take, e.g. 2s or 500ms (init-param ocsp-timeout). Only with ocsp. */
    private String ocspTimeout;

    /** SHA-256 fingerprints of certificates to refuse (init-param denied-fingerprints). */
    @Delimiter(Delimiter.NONE)
    private List<String> deniedFingerprints;

    /** 'ISSUER-DN # SERIAL-HEX' entries of certificates to refuse, one per line (init-param denied-serials). */
    @Delimiter(Delimiter.NONE)
    private List<String> deniedSerials;

    /** Context-relative path HTML clients are forwarded to when denied (init-param denied-page). */
    private String deniedPage;

    /**
     * Which field names the client (init-param principal): cn, subject, san-email, san-uri, san-dns or upn. Unset:
     * the CN, else the first URI or DNS subjectAltName, else the subject DN.
     */
    private String principal;

    /**
     * Class implementing io.certgate.identity.IdentityMapper that names the clients and adds roles
     * (init-param identity-mapper).
     */
    private String identityMapper;

    /**
     * The init-params these properties stand for, only those set, named as in {@code web.xml}; the property of
     * init-param {@code NAME} is {@code certgate.NAME}.
     */
    public Map<String, String> toInitParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        put(parameters, "allowed-cns", join(allowedCns, ", "));
        put(parameters, "rules", join(rules, "\n"));
        put(parameters, "roles", join(roles, "; "));
        put(parameters, "config-file", configFile);
        put(parameters, "mode", mode);
        put(parameters, "expiry-warning-days", expiryWarningDays);
        put(parameters, "sources", join(sources, ","));
        put(parameters, "trusted-proxies", join(trustedProxies, ", "));
        put(parameters, "trusted-proxy-certs", join(trustedProxyCerts, "; "));
        put(parameters, "proxy-format", proxyFormat);
        put(parameters, "header.verify", header.verify);
        put(parameters, "header.dn", header.dn);
        put(parameters, "header.cert", header.cert);
        put(parameters, "trusted-ca", trustedCa);
        put(parameters, "max-chain-depth", maxChainDepth);
        put(parameters, "require-client-auth-eku", requireClientAuthEku);
        put(parameters, "crl", join(crl, ", "));
        put(parameters, "crl-stale", crlStale);
        put(parameters, "ocsp", ocsp);
        put(parameters, "ocsp-timeout", ocspTimeout);
        put(parameters, "denied-fingerprints", join(deniedFingerprints, ", "));
        put(parameters, "denied-serials", join(deniedSerials, "\n"));
        put(parameters, "denied-page", deniedPage);
        put(parameters, "principal", principal);
        put(parameters, "identity-mapper", identityMapper);
        return parameters;
    }

    /** The Spring property of an init-param: {@code certgate.} and the init-param's own name. */
    public static String propertyOf(String initParameter) {
        return PREFIX + "." + initParameter;
    }

    private static void put(Map<String, String> parameters, String name, String value) {
        if (value != null) {
            parameters.put(name, value);
        }
    }

    private static String join(List<String> items, String separator) {
        return items == null ? null : String.join(separator, items);
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<String> getAllowedCns() {
        return allowedCns;
    }

    public void setAllowedCns(List<String> allowedCns) {
        this.allowedCns = allowedCns;
    }

    public List<String> getRules() {
        return rules;
    }

    public void setRules(List<String> rules) {
        this.rules = rules;
    }

    public List<String> getRoles() {
        return roles;
    }

    public void setRoles(List<String> roles) {
        this.roles = roles;
    }

    public String getConfigFile() {
        return configFile;
    }

    public void setConfigFile(String configFile) {
        this.configFile = configFile;
    }

    public String getMode() {
        return mode;
    }

    public void setMode(String mode) {
        this.mode = mode;
    }

    public String getExpiryWarningDays() {
        return expiryWarningDays;
    }

    public void setExpiryWarningDays(String expiryWarningDays) {
        this.expiryWarningDays = expiryWarningDays;
    }

    public List<String> getSources() {
        return sources;
    }

    public void setSources(List<String> sources) {
        this.sources = sources;
    }

    public List<String> getTrustedProxies() {
        return trustedProxies;
    }

    public void setTrustedProxies(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    public List<String> getTrustedProxyCerts() {
        return trustedProxyCerts;
    }

    public void setTrustedProxyCerts(List<String> trustedProxyCerts) {
        this.trustedProxyCerts = trustedProxyCerts;
    }

    public String getProxyFormat() {
        return proxyFormat;
    }

    public void setProxyFormat(String proxyFormat) {
        this.proxyFormat = proxyFormat;
    }

    public Header getHeader() {
        return header;
    }

    public String getTrustedCa() {
        return trustedCa;
    }

    public void setTrustedCa(String trustedCa) {
        this.trustedCa = trustedCa;
    }

    public String getTrustedCaBundle() {
        return trustedCaBundle;
    }

    public void setTrustedCaBundle(String trustedCaBundle) {
        this.trustedCaBundle = trustedCaBundle;
    }

    public String getMaxChainDepth() {
        return maxChainDepth;
    }

    public void setMaxChainDepth(String maxChainDepth) {
        this.maxChainDepth = maxChainDepth;
    }

    public String getRequireClientAuthEku() {
        return requireClientAuthEku;
    }

    public void setRequireClientAuthEku(String requireClientAuthEku) {
        this.requireClientAuthEku = requireClientAuthEku;
    }

    public List<String> getCrl() {
        return crl;
    }

    public void setCrl(List<String> crl) {
        this.crl = crl;
    }

    public String getCrlStale() {
        return crlStale;
    }

    public void setCrlStale(String crlStale) {
        this.crlStale = crlStale;
    }

    public String getOcspTimeout() {
        return ocspTimeout;
    }

    public void setOcspTimeout(String ocspTimeout) {
        this.ocspTimeout = ocspTimeout;
    }

    public String getOcsp() {
        return ocsp;
    }

    public void setOcsp(String ocsp) {
        this.ocsp = ocsp;
    }

    public List<String> getDeniedFingerprints() {
        return deniedFingerprints;
    }

    public void setDeniedFingerprints(List<String> deniedFingerprints) {
        this.deniedFingerprints = deniedFingerprints;
    }

    public List<String> getDeniedSerials() {
        return deniedSerials;
    }

    public void setDeniedSerials(List<String> deniedSerials) {
        this.deniedSerials = deniedSerials;
    }

    public String getDeniedPage() {
        return deniedPage;
    }

    public void setDeniedPage(String deniedPage) {
        this.deniedPage = deniedPage;
    }

    /** The proxy header names: {@code certgate.header.verify}, {@code .dn}, {@code .cert}. */
    public String getPrincipal() {
        return principal;
    }

    public void setPrincipal(String principal) {
        this.principal = principal;
    }

    public String getIdentityMapper() {
        return identityMapper;
    }

    public void setIdentityMapper(String identityMapper) {
        this.identityMapper = identityMapper;
    }

    public static class Header {
        /** Name of the verify header (init-param header.verify), e.g. X-Client-Verify. */
        private String verify;

        /** Name of the DN header, nginx only (init-param header.dn), e.g. X-Client-Dn. */
        private String dn;

        /** Name of the certificate header (init-param header.cert), e.g. X-Client-Cert. */
        private String cert;

        public String getVerify() {
            return verify;
        }

        public void setVerify(String verify) {
            this.verify = verify;
        }

        public String getDn() {
            return dn;
        }

        public void setDn(String dn) {
            this.dn = dn;
        }

        public String getCert() {
            return cert;
        }

        public void setCert(String cert) {
            this.cert = cert;
        }
    }
}
