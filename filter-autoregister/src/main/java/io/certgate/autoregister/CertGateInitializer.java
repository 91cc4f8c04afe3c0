package io.certgate.autoregister;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;

import io.certgate.ClientCertFilter;

/**
 * Registers CertGate in every application whose {@code WEB-INF/lib} holds this jar (and filter-core), with no
 * {@code web.xml} edit: the {@link ClientCertFilter} named {@value #FILTER_NAME}, on {@code /*}, for every
 * dispatcher type, before the application's own filter mappings.
 *
 * <p>Its configuration is the filter's init-params, given as context parameters with the prefix
 * {@value #PREFIX} ({@code certgate.allowed-cns}, {@code certgate.rules}, {@code certgate.config-file},
 * {@code certgate.trusted-ca}, ...), from the application's {@code web.xml} or the server's (Tomcat: a
 * {@code <Parameter>} in {@code conf/Catalina/localhost/APP.xml}). Without any, the system property
 * {@value #CONFIG_FILE_PROPERTY} names a policy file. Nothing at all, or a configuration the filter refuses,
 * stops the application from starting (fail closed), with the filter's own message; so does an application
 * that also declares the filter itself, since two filters would judge each request twice with two policies.
 */
public final class CertGateInitializer implements ServletContainerInitializer {
    /** The prefix of the context parameters that carry the filter's init-params. */
    public static final String PREFIX = "certgate.";
    /** The system property naming a policy file, used when no context parameter configures the filter. */
    public static final String CONFIG_FILE_PROPERTY = "certgate.config-file";
    /** The name the filter is registered under (also its JMX name). */
    public static final String FILTER_NAME = "certgate";

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        for (Map.Entry<String, ? extends FilterRegistration> declared : context.getFilterRegistrations().entrySet()) {
            if (ClientCertFilter.class.getName().equals(declared.getValue().getClassName())) {
                throw new ServletException("CertGate: the application declares ClientCertFilter itself (filter \""
                        + declared.getKey() + "\") and also holds filter-autoregister, which would register it a"
                        + " second time; remove filter-autoregister from WEB-INF/lib or the filter from web.xml");
            }
        }
        Map<String, String> parameters = parameters(context);
        ClientCertFilter filter;
        try {
            ClientCertFilter.Builder builder = ClientCertFilter.builder();
            parameters.forEach(builder::initParameter);
            filter = builder.build();
        } catch (IllegalArgumentException e) {
            throw new ServletException(e.getMessage(), e);
        }
        FilterRegistration.Dynamic registration = context.addFilter(FILTER_NAME, filter);
        if (registration == null) {
            throw new ServletException("CertGate: the application already has a filter named \"" + FILTER_NAME
                    + "\"; filter-autoregister cannot register CertGate under that name");
        }
        registration.setAsyncSupported(true);
        registration.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
        context.log("CertGate: registered on /* for every dispatcher type by filter-autoregister, configured by "
                + parameters.keySet());
    }

    /** The {@code certgate.*} context parameters without their prefix, or else the system property's file. */
    private static Map<String, String> parameters(ServletContext context) throws ServletException {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String name : Collections.list(context.getInitParameterNames())) {
            if (name.startsWith(PREFIX)) {
                parameters.put(name.substring(PREFIX.length()), context.getInitParameter(name));
            }
        }
        if (parameters.isEmpty()) {
            String file = System.getProperty(CONFIG_FILE_PROPERTY);
            if (file == null || file.isBlank()) {
                throw new ServletException("CertGate configuration error: filter-autoregister found no configuration"
                        + " for " + describe(context) + "; set the context parameter " + PREFIX + "config-file (or "
                        + PREFIX + "allowed-cns, " + PREFIX + "rules, ...) or the system property "
                        + CONFIG_FILE_PROPERTY + ", or remove the jar to leave the application unprotected");
            }
            parameters.put("config-file", file);
        }
        return parameters;
    }

    private static String describe(ServletContext context) {
        String path = context.getContextPath();
        return "the application at \"" + (path.isEmpty() ? "/" : path) + "\"";
    }
}
