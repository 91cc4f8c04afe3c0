package io.certgate.spring;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;

import io.certgate.ClientCertFilter;
import io.certgate.ServletGate;
import io.certgate.config.ConfigException;

/**
 * CertGate for a Spring Boot servlet application: the {@link ServletGate} built from the
 * {@code certgate.*} properties, its filter registered once for {@code /*} and every dispatcher type, ahead of
 * Spring Security's filter chain.
 *
 * <p>Off with {@code certgate.enabled=false}. Backs off when the application registers a
 * {@link ClientCertFilter} itself, as a bean or in a
 * {@link FilterRegistrationBean}. {@link CertGateSecurityAutoConfiguration} adds the Spring Security bridge.
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ServletGate.class, FilterRegistrationBean.class})
@ConditionalOnBooleanProperty(name = CertGateProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(CertGateProperties.class)
public class CertGateAutoConfiguration {
    /**
     * The filter's order: before Spring Security's filter chain ({@code SecurityFilterProperties.DEFAULT_FILTER_ORDER},
     * -100) and Spring's request-wrapping filters, so that they all see the request CertGate admitted.
     */
    public static final int FILTER_ORDER = -110;

    /** The name of the filter registration, and of CertGate's JMX MBean. */
    public static final String FILTER_NAME = "certgate";

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnMissingFilterBean(ClientCertFilter.class)
    public ServletGate certGateServletGate(CertGateProperties properties, ResourceLoader resourceLoader,
            ObjectProvider<SslBundleTrustedCas> bundleCas) {
        Map<String, String> parameters = new LinkedHashMap<>(properties.toInitParameters());
        SslBundleTrustedCas cas = bundleCas.getIfAvailable();
        if (cas != null) {
            parameters.put("trusted-ca", cas.file().toString());
        }
        try {
            return ServletGate.fromParameters(parameters, resourceLoader.getClassLoader());
        } catch (ConfigException e) {
            throw new CertGateConfigurationException(e, propertyToFix(properties, e.parameter()));
        }
    }

    /**
     * {@code certgate.trusted-ca-bundle}: the trust store certificates of that Spring SSL bundle as the
     * {@code trusted-ca}, followed through the bundle's reloads.
     */
    @Bean
    @ConditionalOnProperty(prefix = CertGateProperties.PREFIX, name = "trusted-ca-bundle")
    @ConditionalOnMissingFilterBean(ClientCertFilter.class)
    SslBundleTrustedCas certGateSslBundleTrustedCas(CertGateProperties properties, ObjectProvider<SslBundles> bundles) {
        if (properties.getTrustedCa() != null) {
            throw new CertGateConfigurationException(new ConfigException("trusted-ca", 0, "certgate.trusted-ca and"
                    + " certgate.trusted-ca-bundle are both set; keep one"),
                    CertGateProperties.propertyOf("trusted-ca-bundle"));
        }
        return SslBundleTrustedCas.of(properties.getTrustedCaBundle(), bundles.getObject());
    }

    /** The property behind a failing init-param; the policy file's sections are fixed in the file. */
    private static String propertyToFix(CertGateProperties properties, String parameter) {
        if (parameter.equals("trusted-ca") && properties.getTrustedCaBundle() != null) {
            return CertGateProperties.propertyOf("trusted-ca-bundle");
        }
        if (properties.getConfigFile() != null && properties.toInitParameters().get(parameter) == null) {
            return CertGateProperties.propertyOf("config-file") + " (its [" + parameter + "] section)";
        }
        return CertGateProperties.propertyOf(parameter);
    }

    @Bean
    @ConditionalOnBean(ServletGate.class)
    @ConditionalOnMissingFilterBean(ClientCertFilter.class)
    public FilterRegistrationBean<ClientCertFilter> certGateFilterRegistration(ServletGate gate) {
        FilterRegistrationBean<ClientCertFilter> registration = new FilterRegistrationBean<>(ClientCertFilter.of(gate));
        registration.setName(FILTER_NAME);
        registration.addUrlPatterns("/*");
        registration.setDispatcherTypes(EnumSet.allOf(DispatcherType.class));
        registration.setOrder(FILTER_ORDER);
        return registration;
    }
}
