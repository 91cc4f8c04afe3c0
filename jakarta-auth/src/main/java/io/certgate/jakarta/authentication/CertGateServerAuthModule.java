package io.certgate.jakarta.authentication;

import java.io.IOException;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;

import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.MessagePolicy;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.callback.GroupPrincipalCallback;
import jakarta.security.auth.message.module.ServerAuthModule;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.certgate.ServletGate;
import io.certgate.config.ConfigException;
import io.certgate.identity.CertificatePrincipal;

/**
 * CertGate as a Jakarta Authentication {@link ServerAuthModule}: the container's own authentication, so that
 * {@code <security-constraint>} roles, {@code @RolesAllowed}, {@code HttpServletRequest.authenticate()} and
 * the access log see the client CertGate proved. It runs exactly {@link io.certgate.ClientCertFilter}'s
 * decision, with the same parameters, reason codes, log line, metrics and 403 bodies.
 *
 * <p>For one web application, in code (Jakarta Authentication 3), e.g. from a {@code ServletContextListener}:
 * <pre>{@code
 * AuthConfigFactory.getFactory().registerServerAuthModule(
 *         new CertGateServerAuthModule(Map.of("allowed-cns", "alice, bob", "roles", "admin=alice")), servletContext);
 * }</pre>
 * or by class name where the container configures modules (Tomcat's {@code conf/jaspic-providers.xml}); the
 * options it passes to {@link #initialize} are the filter's init-params by the same names.
 *
 * <p>What the container hears for each request:
 * <ul>
 *   <li>allowed with a certificate: {@link CallerPrincipalCallback} with CertGate's {@link CertificatePrincipal}
 *       and, in the same {@code handle} call, {@link GroupPrincipalCallback} with the client's {@code roles};
 *       {@link AuthStatus#SUCCESS};</li>
 *   <li>an {@code open} path without a usable certificate: {@link AuthStatus#SUCCESS} with no caller
 *       (unauthenticated), so the container's own constraints decide whether that is enough;</li>
 *   <li>denied: the filter's 403 is already written, {@link AuthStatus#SEND_FAILURE}.</li>
 * </ul>
 * The request message becomes CertGate's request (certificate headers from untrusted peers hidden, the
 * identity attributes set), as the filter hands on.
 *
 * <p>A container authenticates the request as it arrives, never a forward or include. If the application
 * forwards or includes to paths with rules of their own, keep {@link io.certgate.ClientCertFilter} mapped for
 * {@code FORWARD} and {@code INCLUDE} beside this module.
 */
public final class CertGateServerAuthModule implements ServerAuthModule {
    /** The {@code MessageInfo} key with which a module names the request's authentication type (Servlet profile). */
    static final String AUTH_TYPE_KEY = "jakarta.servlet.http.authType";
    /** Keys under this prefix are CertGate's own header-source parameters, despite the dot. */
    private static final String CERTGATE_DOTTED_PREFIX = "header.";
    private static final Class<?>[] MESSAGE_TYPES = {HttpServletRequest.class, HttpServletResponse.class};

    private volatile ServletGate gate;
    private volatile CallbackHandler handler;

    /** For containers that configure the module by class name: {@link #initialize} reads the options. */
    public CertGateServerAuthModule() {
    }

    /**
     * A module configured now, for {@code AuthConfigFactory.registerServerAuthModule}, which passes no options.
     *
     * @param parameters the filter's init-params, e.g. {@code allowed-cns}, {@code rules}, {@code roles}
     * @throws IllegalArgumentException naming the parameter at fault and the fix
     */
    public CertGateServerAuthModule(Map<String, String> parameters) {
        try {
            this.gate = ServletGate.fromParameters(Map.copyOf(parameters), classLoader());
        } catch (ConfigException e) {
            throw new IllegalArgumentException(message(e), e);
        }
    }

    /**
     * Reads the configuration from {@code options}, unless a constructor already did. Keys that are not
     * CertGate's (a container passes its own, e.g. Tomcat's {@code org.apache.catalina.authenticator.jaspic.*})
     * are left alone: a key with a dot belongs to someone else, unless it is one of CertGate's {@code header.*}
     * parameters. Every other key is a CertGate parameter, and a misspelt one stops the module.
     */
    @Override
    @SuppressWarnings("rawtypes") // the Jakarta Authentication API
    public void initialize(MessagePolicy requestPolicy, MessagePolicy responsePolicy, CallbackHandler handler,
            Map options) throws AuthException {
        this.handler = handler;
        if (gate != null) {
            return;
        }
        try {
            gate = ServletGate.fromParameters(certGateParameters(options), classLoader());
        } catch (ConfigException e) {
            throw authException(message(e), e);
        }
    }

    /** CertGate's parameters among a container's options. */
    static Map<String, String> certGateParameters(Map<?, ?> options) throws ConfigException {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (options == null) {
            return parameters;
        }
        for (Map.Entry<?, ?> option : options.entrySet()) {
            if (!(option.getKey() instanceof String name) || isOtherNamespace(name)) {
                continue;
            }
            if (!(option.getValue() instanceof String value)) {
                throw new ConfigException(name, 0, "must be text, not " + (option.getValue() == null ? "null"
                        : option.getValue().getClass().getName()));
            }
            parameters.put(name, value);
        }
        return parameters;
    }

    private static boolean isOtherNamespace(String name) {
        return name.indexOf('.') >= 0 && !name.startsWith(CERTGATE_DOTTED_PREFIX);
    }

    @Override
    public Class<?>[] getSupportedMessageTypes() {
        return MESSAGE_TYPES.clone();
    }

    @Override
    public AuthStatus validateRequest(MessageInfo messageInfo, Subject clientSubject, Subject serviceSubject)
            throws AuthException {
        ServletGate current = gate;
        if (current == null) {
            throw new AuthException("CertGate: module used before initialize");
        }
        if (!(messageInfo.getRequestMessage() instanceof HttpServletRequest request)
                || !(messageInfo.getResponseMessage() instanceof HttpServletResponse response)) {
            throw new AuthException("CertGate guards HTTP servlet requests only");
        }
        HttpServletRequest admitted;
        try {
            admitted = current.admit(request, response);
        } catch (IOException | ServletException e) {
            throw authException("CertGate: could not answer the request: " + e, e);
        }
        if (admitted == null) {
            // Denied: the filter's 403 is written and logged. The container only stops here.
            return AuthStatus.SEND_FAILURE;
        }
        if (admitted != request) {
            messageInfo.setRequestMessage(admitted);
        }
        Principal principal = admitted.getUserPrincipal();
        if (principal instanceof CertificatePrincipal client) {
            String[] groups = client.roles().toArray(String[]::new);
            // One handle() call: Tomcat keeps the groups only when they come with the caller.
            handle(new Callback[] {new CallerPrincipalCallback(clientSubject, client),
                    new GroupPrincipalCallback(clientSubject, groups)});
            setAuthType(messageInfo);
        } else {
            // An open path and no usable certificate: allowed, as nobody.
            handle(new Callback[] {new CallerPrincipalCallback(clientSubject, (Principal) null)});
        }
        return AuthStatus.SUCCESS;
    }

    @SuppressWarnings("unchecked") // the Jakarta Authentication API's raw map
    private static void setAuthType(MessageInfo messageInfo) {
        messageInfo.getMap().put(AUTH_TYPE_KEY, HttpServletRequest.CLIENT_CERT_AUTH);
    }

    private void handle(Callback[] callbacks) throws AuthException {
        CallbackHandler current = handler;
        if (current == null) {
            throw new AuthException("CertGate: the container gave no CallbackHandler to initialize");
        }
        try {
            current.handle(callbacks);
        } catch (IOException | UnsupportedCallbackException e) {
            throw authException("CertGate: the container refused the caller: " + e, e);
        }
    }

    @Override
    public AuthStatus secureResponse(MessageInfo messageInfo, Subject serviceSubject) {
        return AuthStatus.SEND_SUCCESS;
    }

    @Override
    public void cleanSubject(MessageInfo messageInfo, Subject subject) {
        if (subject != null) {
            subject.getPrincipals().removeIf(CertificatePrincipal.class::isInstance);
        }
    }

    /** The gate this module runs, e.g. to publish its metrics with {@link ServletGate#registerMetrics}. */
    public ServletGate servletGate() {
        return Objects.requireNonNull(gate, "CertGate: module used before initialize");
    }

    private static String message(ConfigException e) {
        return "CertGate configuration error: " + e.getMessage();
    }

    private static AuthException authException(String message, Throwable cause) {
        AuthException exception = new AuthException(message);
        exception.initCause(cause);
        return exception;
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : CertGateServerAuthModule.class.getClassLoader();
    }
}
