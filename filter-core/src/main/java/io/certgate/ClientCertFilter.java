package io.certgate;

import java.io.IOException;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.certgate.config.ConfigException;
import io.certgate.decision.Gate;
import io.certgate.identity.IdentityMapper;
import io.certgate.servlet.RequestAttributes;

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
    public static final String IDENTITY_ATTRIBUTE = RequestAttributes.IDENTITY;
    /** Request attribute naming where the identity came from: {@code tls} or {@code header}. */
    public static final String SOURCE_ATTRIBUTE = RequestAttributes.SOURCE;
    /**
     * Request attribute holding the {@link io.certgate.identity.CertificatePrincipal} of an allowed request
     * (the name and roles CertGate gave the client), for code that cannot reach {@code getUserPrincipal()}
     * (a framework that wraps the request with its own).
     */
    public static final String PRINCIPAL_ATTRIBUTE = RequestAttributes.PRINCIPAL;
    /** Request attribute holding the short denial message, for the {@code denied-page}. */
    public static final String DENIAL_ATTRIBUTE = RequestAttributes.DENIAL;
    /**
     * Request attribute holding the {@link io.certgate.verdict.Denial} of a request (or of one of its dispatches)
     * that CertGate refused, set once the refusal is logged and answered: for code around the filter, such as an
     * audit log. Not set in {@code report-only} mode, which refuses nothing.
     */
    public static final String DENIED_ATTRIBUTE = RequestAttributes.DENIED;

    /**
     * Context parameters named with this prefix and an init-param's name ({@code certgate.config-file}) count
     * as that init-param, for a filter declared without it.
     */
    public static final String CONTEXT_PARAMETER_PREFIX = "certgate.";

    private final boolean configuredInCode;
    private volatile ServletGate gate;

    /** For containers: configured by {@link #init} from the filter's init-params. */
    public ClientCertFilter() {
        this.configuredInCode = false;
    }

    private ClientCertFilter(ServletGate gate) {
        this.configuredInCode = true;
        this.gate = gate;
    }

    /**
     * A filter running {@code gate}, for an integration that keeps the gate itself (a Spring starter reads the
     * roles of the very gate that decided). Like a filter from the {@link #builder()}, it takes no init-params.
     */
    public static ClientCertFilter of(ServletGate gate) {
        return new ClientCertFilter(Objects.requireNonNull(gate, "gate"));
    }

    /** The gate this filter runs; null for a container-configured filter before {@link #init}. */
    public ServletGate servletGate() {
        return gate;
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
        ServletContext context = config.getServletContext();
        if (configuredInCode) {
            if (!parameters.isEmpty()) {
                throw new ServletException("CertGate: this filter was configured in code, but the container also"
                        + " passed init-params " + parameters.keySet() + "; configure it in one place only");
            }
        } else {
            addContextParameters(context, parameters);
            try {
                gate = ServletGate.fromParameters(parameters, classLoader());
            } catch (ConfigException e) {
                throw new ServletException("CertGate configuration error: " + e.getMessage(), e);
            }
        }
        gate.registerMetrics(config.getFilterName() == null ? "certgate" : config.getFilterName(),
                context == null ? null : context.getContextPath());
    }

    /**
     * Adds the application's context parameters named {@value #CONTEXT_PARAMETER_PREFIX}{@code <init-param>}:
     * a filter declared once for a whole server (Tomcat's {@code conf/web.xml}) takes each application's own
     * policy from its context ({@code <Parameter name="certgate.config-file" .../>}).
     *
     * @throws ServletException when one is set both ways
     */
    private static void addContextParameters(ServletContext context, Map<String, String> parameters)
            throws ServletException {
        if (context == null) {
            return;
        }
        for (String name : Collections.list(context.getInitParameterNames())) {
            if (!name.startsWith(CONTEXT_PARAMETER_PREFIX)) {
                continue;
            }
            String parameter = name.substring(CONTEXT_PARAMETER_PREFIX.length());
            if (parameters.putIfAbsent(parameter, context.getInitParameter(name)) != null) {
                throw new ServletException("CertGate configuration error: init-param '" + parameter + "' is set both"
                        + " as an init-param and as the context parameter '" + name + "'; set it in one place");
            }
        }
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ClientCertFilter.class.getClassLoader();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)) {
            throw new ServletException("CertGate guards HTTP requests only");
        }
        ServletGate current = gate;
        if (current == null) {
            throw new ServletException("CertGate: filter used before init");
        }
        // Asked once: the gate reads five paths, and each would ask the container again.
        DispatcherType dispatch = http.getDispatcherType();
        if (dispatch == DispatcherType.FORWARD && current.isOwnForward(http)) {
            // The denied-page, reached by this filter's own forward: judging it again would deny it again.
            chain.doFilter(request, response);
            return;
        }
        HttpServletRequest admitted = current.admit(http, httpResponse, dispatch);
        if (admitted != null) {
            chain.doFilter(admitted, response);
        }
    }

    @Override
    public void destroy() {
        // No threads or open files to release (CRL and config files are re-read on the request path, at most
        // once a second, when they changed); only the JMX registration.
        ServletGate current = gate;
        if (current != null) {
            current.unregisterMetrics();
        }
    }

    /**
     * Builds a {@link ClientCertFilter} in code. Each setter takes the text of the init-param of the same
     * name, so what works in {@code web.xml} works here. {@link #build()} checks everything and throws
     * {@link IllegalArgumentException} with the same message {@code init} would give.
     */
    public static final class Builder {
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();
        private IdentityMapper mapper;

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

        /** The {@code principal} init-param: {@code cn}, {@code subject}, {@code san-email}, {@code san-uri}, {@code san-dns} or {@code upn}. */
        public Builder principal(String field) {
            return initParameter("principal", field);
        }

        /**
         * Names the clients and gives them roles by code, instead of the {@code identity-mapper} init-param.
         * Called after the rules allowed a request; a refusal, an exception or null denies it.
         */
        public Builder identityMapper(IdentityMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
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
                return new ClientCertFilter(ServletGate.of(Gate.fromParameters(parameters, classLoader(), clock,
                        mapper)));
            } catch (ConfigException e) {
                throw new IllegalArgumentException("CertGate configuration error: " + e.getMessage(), e);
            }
        }
    }
}
