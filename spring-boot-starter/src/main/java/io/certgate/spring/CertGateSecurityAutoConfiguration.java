package io.certgate.spring;

import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.core.GrantedAuthorityDefaults;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

import io.certgate.ServletGate;

/**
 * The Spring Security bridge: every {@code SecurityFilterChain} built from Spring Security's
 * {@code HttpSecurity} (the application's own or Spring Boot's default one) gets a
 * {@link CertGateAuthenticationFilter}, which makes the certificate CertGate allowed the request's
 * {@link CertGateAuthentication}, its {@code roles} the authorities ({@code ROLE_admin}, or with the prefix
 * of a {@link GrantedAuthorityDefaults} bean).
 *
 * <p>CertGate decides first (its filter runs before the chain, and its 403s never reach Spring Security);
 * the chain's authorization rules and method security then decide on the authentication CertGate gave.
 * Spring Security 7 applies every {@code Customizer<HttpSecurity>} bean to the {@code HttpSecurity} it hands to
 * {@code SecurityFilterChain} bean methods; that is how the filter gets into the application's own chain.
 *
 * <p>Spring's audit events: each authentication the bridge sets is an {@code AuthenticationSuccessEvent}
 * (through the application's {@code AuthenticationEventPublisher}), each request CertGate refuses a
 * {@link CertGateAuthenticationFailureEvent}; with the actuator and an {@code AuditEventRepository} they are
 * {@code AUTHENTICATION_SUCCESS} and {@code AUTHENTICATION_FAILURE}.
 */
@AutoConfiguration(after = CertGateAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({HttpSecurity.class, AnonymousAuthenticationFilter.class, ServletGate.class})
@ConditionalOnBean(ServletGate.class)
public class CertGateSecurityAutoConfiguration {
    @Bean
    public Customizer<HttpSecurity> certGateHttpSecurityCustomizer(
            ObjectProvider<GrantedAuthorityDefaults> authorityDefaults,
            ObjectProvider<SecurityContextHolderStrategy> holderStrategy,
            ObjectProvider<AuthenticationEventPublisher> eventPublisher, ApplicationEventPublisher applicationEvents) {
        String rolePrefix = authorityDefaults.getIfAvailable(() -> new GrantedAuthorityDefaults("ROLE_"))
                .getRolePrefix();
        SecurityContextHolderStrategy strategy = holderStrategy
                .getIfAvailable(SecurityContextHolder::getContextHolderStrategy);
        AuthenticationEventPublisher events = eventPublisher
                .getIfAvailable(() -> new DefaultAuthenticationEventPublisher(applicationEvents));
        return http -> http.addFilterBefore(
                new CertGateAuthenticationFilter(rolePrefix, strategy, events),
                AnonymousAuthenticationFilter.class);
    }

    /**
     * CertGate's refusals as Spring Security authentication failure events ({@code AUTHENTICATION_FAILURE} in
     * the actuator's audit events): a filter just before CertGate's, on the original request only (a refused
     * forward or include is seen there too).
     */
    @Bean
    public FilterRegistrationBean<CertGateDenialEventFilter> certGateDenialEvents(ApplicationEventPublisher events) {
        FilterRegistrationBean<CertGateDenialEventFilter> registration =
                new FilterRegistrationBean<>(new CertGateDenialEventFilter(events));
        registration.setName(CertGateAutoConfiguration.FILTER_NAME + "-denial-events");
        registration.addUrlPatterns("/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setOrder(CertGateAutoConfiguration.FILTER_ORDER - 1);
        return registration;
    }
}
