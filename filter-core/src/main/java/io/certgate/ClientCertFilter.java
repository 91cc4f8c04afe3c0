package io.certgate;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 * <filter-mapping><filter-name>certgate</filter-name><url-pattern>/*</url-pattern></filter-mapping>
 * }</pre>
 * In code, {@code ClientCertFilter.builder().allowedCns("alice, bob").rules("/admin/* cn:alice").build()}.
 *
 * <p>Paths are matched on the container's decoded path, and also on every other reading of the raw URI a
 * downstream framework might make; a request must be allowed under all of them. A path no rule covers
 * needs a CN from {@code allowed-cns}. A configuration error stops {@link #init}; a bad request is denied
 * and logged, never passed on.
 */
public final class ClientCertFilter implements Filter {
    /** Request attribute holding the {@link ClientIdentity} of an allowed request. */
    public static final String IDENTITY_ATTRIBUTE = "io.certgate.identity";

    private static final System.Logger LOG = System.getLogger("io.certgate");

    private final Map<String, String> codeParameters;
    private final Clock clock;
    private volatile FilterSettings settings;

    /** For containers: configured by {@link #init} from the filter's init-params. */
    public ClientCertFilter() {
        this.codeParameters = null;
        this.clock = Clock.systemUTC();
    }

    private ClientCertFilter(Map<String, String> parameters, FilterSettings settings, Clock clock) {
        this.codeParameters = parameters;
        this.settings = settings;
        this.clock = clock;
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
            return;
        }
        try {
            settings = FilterSettings.parse(parameters);
        } catch (PolicyConfigException e) {
            throw new ServletException("CertGate configuration error: " + e.getMessage(), e);
        }
        warnIfAllowlistEmpty(settings);
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
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)) {
            throw new ServletException("CertGate guards HTTP requests only");
        }
        FilterSettings current = settings;
        if (current == null) {
            throw new ServletException("CertGate: filter used before init");
        }
        Policy policy = current.policy();
        RequestTarget target = RequestTarget.of(http);
        if (target == null) {
            deny(http, httpResponse, ReasonCode.BAD_PATH, null, "unreadable path", null);
            return;
        }
        List<Rule> rules = policy.rulesFor(target.paths(), http.getMethod());
        Extraction extraction = extract(current.sources(), http);
        if (Policy.allOpen(rules)) {
            ClientIdentity identity = usableIdentity(policy, extraction);
            chain.doFilter(identity == null ? request : new AuthenticatedRequest(http, identity, policy.roles()),
                    response);
            return;
        }
        if (extraction instanceof Extraction.Rejected rejected) {
            deny(http, httpResponse, rejected.reason(), firstGuarded(rules), rejected.detail(), null);
            return;
        }
        ClientIdentity identity = extraction instanceof Extraction.Present present ? present.identity() : null;
        Decision decision = policy.authorize(rules, identity, clock.instant());
        if (!decision.allowed()) {
            deny(http, httpResponse, decision.reason(), decision.rule(), null, identity);
            return;
        }
        chain.doFilter(new AuthenticatedRequest(http, identity, policy.roles()), response);
    }

    private static Extraction extract(List<CertificateSource> sources, HttpServletRequest request) {
        for (CertificateSource source : sources) {
            Extraction extraction = source.extract(request);
            if (!(extraction instanceof Extraction.Absent)) {
                return extraction;
            }
        }
        return Extraction.ABSENT;
    }

    private ClientIdentity usableIdentity(Policy policy, Extraction extraction) {
        if (extraction instanceof Extraction.Present present
                && policy.identityProblem(present.identity(), clock.instant()) == null) {
            return present.identity();
        }
        return null;
    }

    private static Rule firstGuarded(List<Rule> rules) {
        for (Rule rule : rules) {
            if (!Policy.allOpen(List.of(rule))) {
                return rule;
            }
        }
        return rules.get(0);
    }

    private static void deny(HttpServletRequest request, HttpServletResponse response, ReasonCode reason,
            Rule rule, String detail, ClientIdentity identity) throws IOException {
        DenialLog.log(LOG, request, reason, rule, detail, identity);
        DenialResponse.send(request, response, reason);
    }

    @Override
    public void destroy() {
        // Nothing to release: the filter holds no threads or files.
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
                FilterSettings settings = FilterSettings.parse(parameters);
                warnIfAllowlistEmpty(settings);
                return new ClientCertFilter(Map.copyOf(parameters), settings, clock);
            } catch (PolicyConfigException e) {
                throw new IllegalArgumentException("CertGate configuration error: " + e.getMessage(), e);
            }
        }
    }
}
