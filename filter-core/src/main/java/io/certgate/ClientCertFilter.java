package io.certgate;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.certgate.identity.ClientIdentity;
import io.certgate.policy.Decision;
import io.certgate.policy.Policy;
import io.certgate.policy.PolicyConfigException;
import io.certgate.policy.ReasonCode;
import io.certgate.policy.Rule;
import io.certgate.source.CertificateSource;
import io.certgate.source.Extraction;
import io.certgate.source.HeaderSource;
import io.certgate.source.HiddenHeadersRequest;
import io.certgate.trust.ChainValidator;
import io.certgate.trust.Denylist;
import io.certgate.trust.Refusal;

/**
 * Lets a request through only if its client certificate satisfies the rule for its path; answers 403
 * otherwise.
 *
 * <p>In {@code web.xml}:
 * <pre>{@code
 * <filter>
 *   <filter-name>certgate</filter-name>
 *   <filter-class>io.certgate.ClientCertFilter</filter-class>
 *   <init-param><param-name>allowed-cns</param-name><param-value>alice, bob</param-value></init-param>
 *   <init-param><param-name>rules</param-name><param-value>
 *     /unprotected/*  open
 *     /admin/*        cn:alice
 *   </param-value></init-param>
 * </filter>
 * <filter-mapping>
 *   <filter-name>certgate</filter-name><url-pattern>/*</url-pattern>
 *   <dispatcher>REQUEST</dispatcher><dispatcher>FORWARD</dispatcher><dispatcher>INCLUDE</dispatcher>
 *   <dispatcher>ERROR</dispatcher><dispatcher>ASYNC</dispatcher>
 * </filter-mapping>
 * }</pre>
 * In code, {@code ClientCertFilter.builder().allowedCns("alice, bob").rules("/admin/* cn:alice").build()}.
 *
 * <p>Paths are matched on the container's decoded path, and also on every other reading of the raw URI a
 * downstream framework might make; a request must be allowed under all of them. Mapped for every dispatcher
 * type, it judges each forward, include, error page and async dispatch on its own target (an include on the
 * included resource), so an open page cannot hand a guarded one to a client that may not see it; a denied
 * include is left out of the including page. A path no rule covers
 * needs a CN from {@code allowed-cns}. A configuration error stops {@link #init}; a bad request is denied
 * and logged, never passed on.
 */
public final class ClientCertFilter implements Filter {
    /** Request attribute holding the {@link ClientIdentity} of an allowed request. */
    public static final String IDENTITY_ATTRIBUTE = "io.certgate.identity";
    /** Request attribute naming where the identity came from: {@code tls} or {@code header}. */
    public static final String SOURCE_ATTRIBUTE = "io.certgate.source";
    /** Request attribute holding the short denial message, for the {@code denied-page}. */
    public static final String DENIAL_ATTRIBUTE = "io.certgate.denial";

    private static final System.Logger LOG = System.getLogger("io.certgate");

    private final Map<String, String> codeParameters;
    private final RequestClock clock;
    private final Metrics metrics = new Metrics();
    private volatile FilterSettings settings;
    private volatile ExpiryWarnings expiryWarnings = new ExpiryWarnings(0);

    /** For containers: configured by {@link #init} from the filter's init-params. */
    public ClientCertFilter() {
        this.codeParameters = null;
        this.clock = new RequestClock(Clock.systemUTC());
    }

    private ClientCertFilter(Map<String, String> parameters, FilterSettings settings, Clock clock) {
        this.codeParameters = parameters;
        this.settings = settings;
        this.clock = new RequestClock(clock);
        this.expiryWarnings = new ExpiryWarnings(settings.expiryWarningDays());
    }

    /** Configures a filter in code, with the same parameters and syntax as {@code web.xml}. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String name : Collections.list(config.getInitParameterNames())) {
            parameters.put(name, config.getInitParameter(name));
        }
        if (codeParameters != null) {
            if (!parameters.isEmpty()) {
                throw new ServletException("CertGate: this filter was configured in code, but the container also"
                        + " passed init-params " + parameters.keySet() + "; configure it in one place only");
            }
        } else {
            FilterSettings parsed;
            try {
                parsed = FilterSettings.parse(parameters, classLoader());
            } catch (PolicyConfigException e) {
                throw new ServletException("CertGate configuration error: " + e.getMessage(), e);
            }
            warnIfAllowlistEmpty(parsed);
            expiryWarnings = new ExpiryWarnings(parsed.expiryWarningDays());
            settings = parsed;
        }
        if (settings.reportOnly()) {
            LOG.log(Level.WARNING, "CertGate: mode=report-only: requests the rules deny are logged as would-deny"
                    + " and let through; set mode=enforce once the log looks right");
        }
        metrics.register(config.getFilterName() == null ? "certgate" : config.getFilterName());
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ClientCertFilter.class.getClassLoader();
    }

    private static void warnIfAllowlistEmpty(FilterSettings settings) {
        if (settings.policy().allowlistEmpty()) {
            LOG.log(Level.WARNING, "CertGate: init-param 'allowed-cns' is empty, so paths under an 'allowlist' rule,"
                    + " and every path no rule covers, deny everyone");
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest original) || !(response instanceof HttpServletResponse http)) {
            throw new ServletException("CertGate guards HTTP requests only");
        }
        FilterSettings current = settings;
        if (current == null) {
            throw new ServletException("CertGate: filter used before init");
        }
        if (DenialResponse.isOwnForward(original)) {
            // The denied-page, reached by this filter's own forward: judging it again would deny it again.
            chain.doFilter(request, response);
            return;
        }
        HeaderSource headers = current.headerSource();
        // Certificate headers from a peer that is not a trusted proxy are removed before anyone reads them.
        // Trust is asked once per request: getRemoteAddr() formats the address anew on some containers.
        boolean fromTrustedProxy = headers != null && headers.trusts(original);
        HttpServletRequest visible = headers == null || fromTrustedProxy ? original
                : HiddenHeadersRequest.hide(original, headers.headerNames());
        Instant now = clock.now();
        Policy policy = current.policyAt(now);
        List<Rule> rules = rulesFor(policy, visible);
        // An unreadable path is denied before anything is read; open paths still read the certificate, so
        // that the application sees who the client is.
        Extraction extraction = rules == null ? Extraction.ABSENT
                : validated(current, extract(current.sources(), visible, fromTrustedProxy), now);
        Denial denial = denial(policy, rules, extraction, now);
        if (denial != null) {
            boolean enforced = !current.reportOnly();
            DenialLog.log(LOG, visible, denial.reason(), denial.rule(), denial.detail(), presented(extraction),
                    enforced);
            metrics.denied(denial.reason(), enforced);
            if (enforced) {
                // An included resource cannot set the status of the page that includes it: it is left out.
                if (original.getDispatcherType() != DispatcherType.INCLUDE) {
                    DenialResponse.send(visible, http, denial.reason(), current.deniedPage());
                }
                return;
            }
        } else {
            metrics.allowed();
        }
        // A request the rules allowed has had its identity checked already; open paths and report-only
        // denials check it here, so that only a usable certificate authenticates.
        boolean identityChecked = denial == null && !Policy.allOpen(rules);
        if (!identityChecked && !usable(policy, extraction, now)) {
            chain.doFilter(visible, response);
            return;
        }
        Extraction.Present present = (Extraction.Present) extraction;
        expiryWarnings.check(present.identity(), now, http);
        chain.doFilter(new AuthenticatedRequest(visible, present, policy.roles()), response);
    }

    /**
     * Why a request is denied, for the log line and the response.
     *
     * @param reason the reason code
     * @param rule the rule that decided, or null for a path that cannot be read
     * @param detail more for the log line, or null
     */
    private record Denial(ReasonCode reason, Rule rule, String detail) {
    }

    /** The rules for the request's path, or null when the path cannot be read safely. */
    private static List<Rule> rulesFor(Policy policy, HttpServletRequest request) {
        String plain = RequestTarget.plainPath(request);
        if (plain != null) {
            return policy.rulesFor(plain, request.getMethod());
        }
        RequestTarget target = RequestTarget.of(request);
        return target == null ? null : policy.rulesFor(target.paths(), request.getMethod());
    }

    /** Why the request is denied, or null when it is allowed; allocates nothing when it is allowed. */
    private static Denial denial(Policy policy, List<Rule> rules, Extraction extraction, Instant now) {
        if (rules == null) {
            return new Denial(ReasonCode.BAD_PATH, null, "unreadable path");
        }
        if (Policy.allOpen(rules)) {
            return null;
        }
        if (extraction instanceof Extraction.Rejected rejected) {
            return new Denial(rejected.reason(), Policy.firstGuarded(rules), rejected.detail());
        }
        Decision decision = policy.denial(rules, identity(extraction), now);
        return decision == null ? null : new Denial(decision.reason(), decision.rule(), null);
    }

    private static ClientIdentity identity(Extraction extraction) {
        return extraction instanceof Extraction.Present present ? present.identity() : null;
    }

    /** The certificate the log line names: the one presented, even when it was refused. */
    private static ClientIdentity presented(Extraction extraction) {
        return extraction instanceof Extraction.Rejected rejected ? rejected.identity() : identity(extraction);
    }

    private static Extraction extract(List<CertificateSource> sources, HttpServletRequest request,
            boolean fromTrustedProxy) {
        for (CertificateSource source : sources) {
            Extraction extraction = source.extract(request, fromTrustedProxy);
            if (!(extraction instanceof Extraction.Absent)) {
                return extraction;
            }
        }
        return Extraction.ABSENT;
    }

    /**
     * A denylisted certificate, or with {@code trusted-ca} one that does not validate or is revoked, becomes a
     * rejection.
     */
    private static Extraction validated(FilterSettings settings, Extraction extraction, Instant now) {
        if (!(extraction instanceof Extraction.Present present)) {
            return extraction;
        }
        Denylist denylist = settings.denylist();
        ChainValidator validator = settings.validator();
        if (denylist == null && validator == null) {
            return extraction;
        }
        X509Certificate certificate = present.identity().certificate();
        if (certificate == null) {
            return new Extraction.Rejected(ReasonCode.CERTIFICATE_NOT_PASSED, (validator != null ? "trusted-ca"
                    : "denied-fingerprints or denied-serials") + " is set, so the proxy must pass the whole"
                    + " certificate, not only its DN");
        }
        if (denylist != null && denylist.denies(present.identity())) {
            return new Extraction.Rejected(ReasonCode.DENYLISTED, "listed in denied-fingerprints or denied-serials",
                    present.identity());
        }
        if (validator == null) {
            return extraction;
        }
        Refusal refusal = validator.check(certificate, present.intermediates(), now);
        return refusal == null ? extraction
                : new Extraction.Rejected(refusal.reason(), refusal.detail(), present.identity());
    }

    private static boolean usable(Policy policy, Extraction extraction, Instant now) {
        return extraction instanceof Extraction.Present present
                && policy.identityProblem(present.identity(), now) == null;
    }

    @Override
    public void destroy() {
        // No threads or open files to release (CRL and config files are re-read on the request path, at most
        // once a second, when they changed); only the JMX registration.
        metrics.unregister();
    }

    /**
     * Builds a {@link ClientCertFilter} in code. Each setter takes the text of the init-param of the same
     * name, so what works in {@code web.xml} works here. {@link #build()} checks everything and throws
     * {@link IllegalArgumentException} with the same message {@code init} would give.
     */
    public static final class Builder {
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The {@code allowed-cns} init-param, e.g. {@code "alice, bob"}. If unset, empty. */
        public Builder allowedCns(String commaSeparated) {
            return initParameter("allowed-cns", commaSeparated);
        }

        /** The {@code rules} init-param, one rule per line. If unset, every path needs an allowed CN. */
        public Builder rules(String lines) {
            return initParameter("rules", lines);
        }

        /** The {@code trusted-ca} init-param: a PEM bundle path or {@code classpath:} resource. If unset, the
         * container's handshake (or the proxy) is trusted to have verified the chain. */
        public Builder trustedCa(String location) {
            return initParameter("trusted-ca", location);
        }

        /** The {@code config-file} init-param: a policy file reloaded on change, instead of the three above. */
        public Builder configFile(String path) {
            return initParameter("config-file", path);
        }

        /** The {@code roles} init-param, e.g. {@code "admin=alice; ops=bob"}. If unset, no roles. */
        public Builder roles(String roles) {
            return initParameter("roles", roles);
        }

        /** Any init-param by name, for parameters without a setter of their own. */
        public Builder initParameter(String name, String value) {
            parameters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The clock validity dates are checked against. If unset, the system clock. */
        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @throws IllegalArgumentException if the configuration is invalid
         */
        public ClientCertFilter build() {
            try {
                FilterSettings settings = FilterSettings.parse(parameters, classLoader());
                warnIfAllowlistEmpty(settings);
                return new ClientCertFilter(Map.copyOf(parameters), settings, clock);
            } catch (PolicyConfigException e) {
                throw new IllegalArgumentException("CertGate configuration error: " + e.getMessage(), e);
            }
        }
    }
}
