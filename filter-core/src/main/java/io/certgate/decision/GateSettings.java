package io.certgate.decision;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.certgate.config.ConfigException;
import io.certgate.identity.IdentityMapper;
import io.certgate.policy.Policy;
import io.certgate.policy.PolicyParser;
import io.certgate.policy.ReloadingPolicy;
import io.certgate.source.CertificateSource;
import io.certgate.source.HeaderSource;
import io.certgate.source.HeaderSourceConfig;
import io.certgate.source.TlsAttributeSource;
import io.certgate.trust.ChainValidator;
import io.certgate.trust.CrlFiles;
import io.certgate.trust.Denylist;
import io.certgate.trust.OcspChecker;
import io.certgate.trust.TrustedCaBundle;

/**
 * Everything the filter needs, read from init-params once. Unknown parameter names are errors: a
 * misspelt {@code alowed-cns} must not silently leave the allowlist empty.
 *
 * @param policy the compiled rules (from the init-params, or the config-file as first read)
 * @param configFile the reloading config-file, or null
 * @param sources where certificates are read from, in order of preference
 * @param headerSource the header source when {@code sources} includes it, else null
 * @param validator the {@code trusted-ca} chain validator (with {@code crl} and {@code ocsp}), or null to
 *        trust the handshake or proxy
 * @param denylist the {@code denied-fingerprints} and {@code denied-serials}, or null when neither is set
 * @param deniedPage the context-relative page HTML clients are forwarded to when denied, or null
 * @param reportOnly whether denials are only logged ({@code mode=report-only})
 * @param expiryWarningDays how many days before expiry a certificate is warned about; 0 for never
 * @param principal which field names the client ({@code principal})
 * @param mapper the {@code identity-mapper} (or the builder's), or null
 */
record GateSettings(Policy policy, ReloadingPolicy configFile, List<CertificateSource> sources,
        HeaderSource headerSource, ChainValidator validator, Denylist denylist, String deniedPage, boolean reportOnly,
        int expiryWarningDays, PrincipalName principal, IdentityMapper mapper) {
    static final String CONFIG_FILE = "config-file";
    static final String MODE = "mode";
    static final String EXPIRY_WARNING_DAYS = "expiry-warning-days";
    static final String SOURCES = "sources";
    static final String TRUSTED_CA = "trusted-ca";
    static final String MAX_CHAIN_DEPTH = "max-chain-depth";
    static final String REQUIRE_CLIENT_AUTH_EKU = "require-client-auth-eku";
    static final String DENIED_PAGE = "denied-page";
    static final String CRL = "crl";
    static final String IDENTITY_MAPPER = "identity-mapper";

    static final Set<String> PARAMETERS = Set.of(
            PolicyParser.ALLOWED_CNS, PolicyParser.RULES, PolicyParser.ROLES, CONFIG_FILE, MODE, EXPIRY_WARNING_DAYS,
            SOURCES, HeaderSourceConfig.TRUSTED_PROXIES, HeaderSourceConfig.TRUSTED_PROXY_CERTS,
            HeaderSourceConfig.PROXY_FORMAT,
            HeaderSourceConfig.HEADER_VERIFY, HeaderSourceConfig.HEADER_DN, HeaderSourceConfig.HEADER_CERT,
            TRUSTED_CA, MAX_CHAIN_DEPTH, REQUIRE_CLIENT_AUTH_EKU, DENIED_PAGE,
            CRL, CrlFiles.CRL_STALE, OcspChecker.OCSP, OcspChecker.OCSP_TIMEOUT, Denylist.DENIED_FINGERPRINTS, Denylist.DENIED_SERIALS,
            PrincipalName.PRINCIPAL, IDENTITY_MAPPER);

    private static final Set<String> HEADER_PARAMETERS = Set.of(HeaderSourceConfig.TRUSTED_PROXIES,
            HeaderSourceConfig.TRUSTED_PROXY_CERTS, HeaderSourceConfig.PROXY_FORMAT, HeaderSourceConfig.HEADER_VERIFY, HeaderSourceConfig.HEADER_DN,
            HeaderSourceConfig.HEADER_CERT);

    GateSettings {
        sources = List.copyOf(sources);
    }

    static GateSettings parse(Map<String, String> parameters, ClassLoader loader) throws ConfigException {
        return parse(parameters, loader, null);
    }

    /**
     * @param mapperInCode the builder's {@link IdentityMapper}, or null; setting {@code identity-mapper} too is
     *     an error
     */
    static GateSettings parse(Map<String, String> parameters, ClassLoader loader, IdentityMapper mapperInCode)
            throws ConfigException {
        for (String name : parameters.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new ConfigException(name, 0, "unknown init-param; check the spelling, known ones are "
                        + String.join(", ", new TreeSet<>(PARAMETERS)));
            }
        }
        ReloadingPolicy configFile = configFile(parameters);
        Policy policy = configFile != null ? configFile.current(Instant.now())
                : PolicyParser.parse(parameters.get(PolicyParser.ALLOWED_CNS), parameters.get(PolicyParser.RULES),
                        parameters.get(PolicyParser.ROLES));
        List<CertificateSource> sources = new ArrayList<>();
        List<String> sourceNames = sourceNames(parameters.getOrDefault(SOURCES, "tls"));
        HeaderSource headerSource = sourceNames.contains("header") ? HeaderSourceConfig.from(parameters) : null;
        for (String name : sourceNames) {
            // Beside a header source, the TLS source leaves the proxy's own certificate (trusted-proxy-certs) alone.
            sources.add(name.equals("tls") ? TlsAttributeSource.besides(headerSource) : headerSource);
        }
        if (headerSource == null) {
            for (String name : HEADER_PARAMETERS) {
                if (parameters.containsKey(name)) {
                    throw new ConfigException(name, 0, "is set but '" + SOURCES
                            + "' does not include header; add header to sources or remove it");
                }
            }
        }
        return new GateSettings(policy, configFile, sources, headerSource, validator(parameters, loader),
                denylist(parameters), deniedPage(parameters.get(DENIED_PAGE)), reportOnly(parameters.get(MODE)),
                expiryWarningDays(parameters.get(EXPIRY_WARNING_DAYS)), principal(parameters, mapperInCode != null),
                mapper(parameters.get(IDENTITY_MAPPER), loader, mapperInCode));
    }

    private static PrincipalName principal(Map<String, String> parameters, boolean mapperInCode)
            throws ConfigException {
        PrincipalName principal = PrincipalName.parse(parameters.get(PrincipalName.PRINCIPAL));
        if (principal.explicit() && (mapperInCode || parameters.containsKey(IDENTITY_MAPPER))) {
            throw new ConfigException(PrincipalName.PRINCIPAL, 0, "is set together with '" + IDENTITY_MAPPER
                    + "', which names the client itself; remove one of them");
        }
        return principal;
    }

    /**
     * The mapper named by {@code identity-mapper}: a public class with a public no-arg constructor that
     * implements {@link IdentityMapper}, loaded by the application's class loader.
     */
    private static IdentityMapper mapper(String className, ClassLoader loader, IdentityMapper inCode)
            throws ConfigException {
        if (className == null) {
            return inCode;
        }
        if (inCode != null) {
            throw new ConfigException(IDENTITY_MAPPER, 0, "is set, but the filter was also given a mapper in code;"
                    + " configure it in one place");
        }
        String name = className.strip();
        Class<?> type;
        try {
            type = Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigException(IDENTITY_MAPPER, 0, "class \"" + name + "\" cannot be loaded (" + e
                    + "); give the fully qualified name of a class in the application");
        }
        if (!IdentityMapper.class.isAssignableFrom(type)) {
            throw new ConfigException(IDENTITY_MAPPER, 0, "class " + name + " does not implement "
                    + IdentityMapper.class.getName());
        }
        try {
            return (IdentityMapper) type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new ConfigException(IDENTITY_MAPPER, 0, "class " + name + " has no public no-arg constructor");
        } catch (InvocationTargetException e) {
            throw new ConfigException(IDENTITY_MAPPER, 0, "the constructor of " + name + " failed: " + e.getCause());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            throw new ConfigException(IDENTITY_MAPPER, 0, "cannot create " + name + " (" + e
                    + "); make the class and its no-arg constructor public");
        }
    }

    /** The policy to decide a request with: the init-params', or the config-file's as of now. */
    Policy policyAt(Instant now) {
        return configFile == null ? policy : configFile.current(now);
    }

    private static ReloadingPolicy configFile(Map<String, String> parameters) throws ConfigException {
        String file = parameters.get(CONFIG_FILE);
        if (file == null) {
            return null;
        }
        for (String inline : List.of(PolicyParser.ALLOWED_CNS, PolicyParser.RULES, PolicyParser.ROLES)) {
            if (parameters.containsKey(inline)) {
                throw new ConfigException(inline, 0, "is set together with '" + CONFIG_FILE
                        + "'; keep the policy in one place: move it into the file's [" + inline + "] section");
            }
        }
        if (file.isBlank()) {
            throw new ConfigException(CONFIG_FILE, 0, "empty; give the path of the policy file");
        }
        return ReloadingPolicy.load(Path.of(file.strip()), Instant.now());
    }

    private static boolean reportOnly(String mode) throws ConfigException {
        if (mode == null || mode.strip().equals("enforce")) {
            return false;
        }
        if (mode.strip().equals("report-only")) {
            return true;
        }
        throw new ConfigException(MODE, 0, "\"" + mode + "\" is not enforce or report-only");
    }

    private static int expiryWarningDays(String days) throws ConfigException {
        if (days == null) {
            return 14;
        }
        try {
            int value = Integer.parseInt(days.strip());
            if (value >= 0 && value <= 3650) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(EXPIRY_WARNING_DAYS, 0, "\"" + days
                + "\" is not a number of days from 0 (off) to 3650");
    }

    private static List<String> sourceNames(String text) throws ConfigException {
        List<String> names = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String name = part.strip();
            if (!name.equals("tls") && !name.equals("header")) {
                throw new ConfigException(SOURCES, 0, "unknown source \"" + name
                        + "\"; use tls, header, or both in order of preference: tls,header");
            }
            if (names.contains(name)) {
                throw new ConfigException(SOURCES, 0, "source \"" + name + "\" listed twice");
            }
            names.add(name);
        }
        return names;
    }

    private static ChainValidator validator(Map<String, String> parameters, ClassLoader loader)
            throws ConfigException {
        String location = parameters.get(TRUSTED_CA);
        if (location == null) {
            for (String dependent : List.of(MAX_CHAIN_DEPTH, REQUIRE_CLIENT_AUTH_EKU, CRL, CrlFiles.CRL_STALE,
                    OcspChecker.OCSP, OcspChecker.OCSP_TIMEOUT)) {
                if (parameters.containsKey(dependent)) {
                    throw new ConfigException(dependent, 0, "only applies with '" + TRUSTED_CA
                            + "'; set trusted-ca to your CA bundle or remove it");
                }
            }
            return null;
        }
        TrustedCaBundle cas;
        try {
            cas = TrustedCaBundle.load(location, loader, Instant.now());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(TRUSTED_CA, 0, e.getMessage());
        }
        int depth = 2;
        String depthText = parameters.get(MAX_CHAIN_DEPTH);
        if (depthText != null) {
            try {
                depth = Integer.parseInt(depthText.strip());
            } catch (NumberFormatException e) {
                depth = 0;
            }
            if (depth < 1 || depth > 8) {
                throw new ConfigException(MAX_CHAIN_DEPTH, 0, "\"" + depthText
                        + "\" is not a depth from 1 to 8; 1 means signed directly by a trusted CA");
            }
        }
        boolean requireEku = true;
        String ekuText = parameters.get(REQUIRE_CLIENT_AUTH_EKU);
        if (ekuText != null) {
            switch (ekuText.strip()) {
                case "true" -> requireEku = true;
                case "false" -> requireEku = false;
                default -> throw new ConfigException(REQUIRE_CLIENT_AUTH_EKU, 0, "\"" + ekuText
                        + "\" is not true or false");
            }
        }
        return new ChainValidator(cas, depth, requireEku, crls(parameters, cas.certificates()),
                ocsp(parameters));
    }

    private static CrlFiles crls(Map<String, String> parameters, List<X509Certificate> cas)
            throws ConfigException {
        String text = parameters.get(CRL);
        String staleText = parameters.get(CrlFiles.CRL_STALE);
        if (text == null) {
            if (staleText != null) {
                throw new ConfigException(CrlFiles.CRL_STALE, 0, "only applies with '" + CRL
                        + "'; list your CRL files in crl or remove it");
            }
            return null;
        }
        CrlFiles.Stale stale = CrlFiles.Stale.WARN;
        if (staleText != null) {
            try {
                stale = CrlFiles.Stale.parse(staleText);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(CrlFiles.CRL_STALE, 0, e.getMessage());
            }
        }
        List<Path> paths = new ArrayList<>();
        for (String entry : text.split(",", -1)) {
            String path = entry.strip();
            if (path.isEmpty()) {
                throw new ConfigException(CRL, 0, "empty entry in \"" + text.strip()
                        + "\"; give one or more CRL file paths, comma-separated");
            }
            if (path.startsWith("classpath:")) {
                throw new ConfigException(CRL, 0, "\"" + path + "\" must be a file path: CRLs are reloaded"
                        + " when the file changes, so they cannot live in a jar");
            }
            paths.add(Path.of(path));
        }
        try {
            return CrlFiles.load(paths, cas, stale, Instant.now());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(CRL, 0, e.getMessage());
        }
    }

    private static OcspChecker ocsp(Map<String, String> parameters) throws ConfigException {
        String text = parameters.get(OcspChecker.OCSP);
        OcspChecker.Mode mode;
        try {
            mode = text == null ? OcspChecker.Mode.OFF : OcspChecker.Mode.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(OcspChecker.OCSP, 0, e.getMessage());
        }
        String timeoutText = parameters.get(OcspChecker.OCSP_TIMEOUT);
        if (mode == OcspChecker.Mode.OFF) {
            if (timeoutText != null) {
                throw new ConfigException(OcspChecker.OCSP_TIMEOUT, 0, "only applies with '" + OcspChecker.OCSP
                        + "' soft-fail or hard-fail; set ocsp or remove it");
            }
            return null;
        }
        try {
            return new OcspChecker(mode, timeoutText == null ? OcspChecker.DEFAULT_TIMEOUT
                    : OcspChecker.parseTimeout(timeoutText));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(OcspChecker.OCSP_TIMEOUT, 0, e.getMessage());
        }
    }

    private static Denylist denylist(Map<String, String> parameters) throws ConfigException {
        try {
            return Denylist.parse(parameters.get(Denylist.DENIED_FINGERPRINTS),
                    parameters.get(Denylist.DENIED_SERIALS));
        } catch (Denylist.BadEntryException e) {
            throw new ConfigException(e.parameter(), 0, e.getMessage());
        }
    }

    private static String deniedPage(String page) throws ConfigException {
        if (page == null) {
            return null;
        }
        String path = page.strip();
        if (!path.startsWith("/") || path.contains("..") || path.contains("?") || path.contains("#")) {
            throw new ConfigException(DENIED_PAGE, 0, "\"" + page
                    + "\" must be a context-relative path such as /denied or /WEB-INF/denied.jsp");
        }
        return path;
    }
}
