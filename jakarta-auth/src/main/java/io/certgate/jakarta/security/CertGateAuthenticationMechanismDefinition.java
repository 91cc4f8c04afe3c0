package io.certgate.jakarta.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes CertGate the application's Jakarta Security authentication mechanism. Put it on one CDI bean class
 * of the application (an {@code @ApplicationScoped} class, so that CDI discovers it, as for the standard
 * {@code @BasicAuthenticationMechanismDefinition}); {@link CertGateExtension} then adds
 * {@link CertGateAuthenticationMechanism} as the application's {@code HttpAuthenticationMechanism}.
 *
 * <pre>{@code
 * @ApplicationScoped
 * @CertGateAuthenticationMechanismDefinition(allowedCns = "alice, bob", roles = "admin=alice; ops=alice, bob")
 * public class SecurityConfiguration {
 * }
 * }</pre>
 *
 * <p>Each attribute is the filter's init-param of the same meaning ({@code allowedCns} is {@code allowed-cns},
 * and so on), with the same syntax; an empty string leaves it unset. Any other filter parameter goes in
 * {@link #parameters()} as {@code "name=value"}. A misspelt name or a bad value stops the deployment with the
 * filter's message. {@code classpath:} values are read with the class loader of the annotated class.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CertGateAuthenticationMechanismDefinition {
    /** {@code config-file}: a file path or {@code classpath:path}, as for the filter. */
    String configFile() default "";

    /** {@code allowed-cns}. */
    String allowedCns() default "";

    /** {@code rules}: one rule a line. */
    String rules() default "";

    /** {@code roles}, e.g. {@code "admin=alice; ops=alice, bob"}: the caller's groups. */
    String roles() default "";

    /** {@code sources}: {@code tls}, {@code header}, or both in order of preference. */
    String sources() default "";

    /** {@code trusted-proxies}: addresses whose certificate headers CertGate believes. */
    String trustedProxies() default "";

    /** {@code proxy-format}. */
    String proxyFormat() default "";

    /** {@code trusted-ca}: a PEM bundle, a file path or {@code classpath:path}. */
    String trustedCa() default "";

    /** {@code mode}: {@code enforce} or {@code report-only}. */
    String mode() default "";

    /** Any other filter parameter, as {@code "name=value"}, e.g. {@code "crl=/etc/certgate/root.crl"}. */
    String[] parameters() default {};
}
