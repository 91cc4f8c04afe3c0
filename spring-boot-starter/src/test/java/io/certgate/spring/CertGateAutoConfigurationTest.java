package io.certgate.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.DispatcherType;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.certgate.ClientCertFilter;
import io.certgate.ServletGate;
import io.certgate.decision.Gate;
import io.certgate.verdict.ReasonCode;

class CertGateAutoConfigurationTest {
    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CertGateAutoConfiguration.class,
                    CertGateSecurityAutoConfiguration.class, CertGateMetricsAutoConfiguration.class))
            .withPropertyValues("certgate.allowed-cns=alice");

    @Test
    void registersTheFilterOnceForEveryPathAndDispatcherTypeBeforeSpringSecurity() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ServletGate.class);
            assertThat(context.getBeansOfType(FilterRegistrationBean.class).values())
                    .filteredOn(bean -> bean.getFilter() instanceof ClientCertFilter).hasSize(1);
            FilterRegistrationBean<?> registration = context.getBean("certGateFilterRegistration",
                    FilterRegistrationBean.class);
            assertThat(registration.getFilter()).isInstanceOf(ClientCertFilter.class);
            assertThat(registration.getUrlPatterns()).containsExactly("/*");
            assertThat(registration.determineDispatcherTypes()).isEqualTo(EnumSet.allOf(DispatcherType.class));
            assertThat(registration.getOrder()).isLessThan(SecurityFilterProperties.DEFAULT_FILTER_ORDER);
            assertThat(registration.getFilterName()).isEqualTo("certgate");
        });
    }

    @Test
    void enabledFalseTurnsItOff() {
        runner.withPropertyValues("certgate.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(ServletGate.class).doesNotHaveBean(FilterRegistrationBean.class)
                .doesNotHaveBean("certGateHttpSecurityCustomizer").doesNotHaveBean(MeterBinder.class));
    }

    @Test
    void aNonWebApplicationGetsNothing() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CertGateAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(ServletGate.class));
    }

    @Test
    void backsOffWhenTheApplicationRegistersAClientCertFilterBean() {
        runner.withUserConfiguration(OwnFilterBean.class).run(context -> assertThat(context)
                .doesNotHaveBean(ServletGate.class).doesNotHaveBean(FilterRegistrationBean.class)
                .hasSingleBean(ClientCertFilter.class));
    }

    @Test
    void backsOffWhenTheApplicationRegistersAClientCertFilterRegistration() {
        runner.withUserConfiguration(OwnFilterRegistration.class).run(context -> {
            assertThat(context).doesNotHaveBean(ServletGate.class);
            assertThat(context.getBeansOfType(FilterRegistrationBean.class)).containsOnlyKeys("ownRegistration");
        });
    }

    @Test
    void addsTheSpringSecurityBridgeWhenSpringSecurityIsPresent() {
        runner.run(context -> assertThat(context.getBeanNamesForType(
                ResolvableType.forClassWithGenerics(Customizer.class, HttpSecurity.class)))
                .containsExactly("certGateHttpSecurityCustomizer"));
    }

    @Test
    void publishesCertGatesRefusalsAsAuthenticationFailureEventsFromAFilterAroundIt() {
        runner.run(context -> {
            FilterRegistrationBean<?> events = context.getBean("certGateDenialEvents", FilterRegistrationBean.class);
            assertThat(events.getOrder()).isLessThan(context.getBean("certGateFilterRegistration",
                    FilterRegistrationBean.class).getOrder());
            assertThat(events.getUrlPatterns()).containsExactly("/*");
        });
    }

    @Test
    void runsWithoutSpringSecurity() {
        runner.withClassLoader(new FilteredClassLoader(HttpSecurity.class)).run(context -> assertThat(context)
                .hasSingleBean(FilterRegistrationBean.class).doesNotHaveBean("certGateHttpSecurityCustomizer"));
    }

    @Test
    void publishesTheDecisionCountersByOutcomeAndEveryDenialReasonCode() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(CertGateMeterBinder.class);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(CertGateMeterBinder.class).bindTo(registry);
            assertThat(tagValues(registry, CertGateMeterBinder.DECISIONS, CertGateMeterBinder.OUTCOME))
                    .containsExactlyInAnyOrder("allowed", "denied", "would-deny");
            assertThat(tagValues(registry, CertGateMeterBinder.DENIALS, CertGateMeterBinder.REASON))
                    .containsExactlyInAnyOrderElementsOf(Arrays.stream(ReasonCode.values())
                            .filter(reason -> reason != ReasonCode.ALLOWED && reason != ReasonCode.OPEN_PATH)
                            .map(ReasonCode::code).toList());
            assertThat(registry.find(CertGateMeterBinder.DECISIONS).functionCounters())
                    .allSatisfy(counter -> assertThat(counter.count()).isZero());
            assertThat(registry.get(CertGateMeterBinder.EXPIRING).gauge().value()).isZero();
        });
    }

    @Test
    void publishesNoMetersWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterBinder.class)).run(context -> assertThat(context)
                .hasBean("certGateFilterRegistration").doesNotHaveBean(CertGateMeterBinder.class));
    }

    private static List<String> tagValues(SimpleMeterRegistry registry, String name, String tag) {
        return registry.find(name).functionCounters().stream().map(FunctionCounter::getId)
                .map(id -> id.getTag(tag)).collect(Collectors.toList());
    }

    @Test
    void everyInitParamHasItsPropertyOfTheSameName() {
        Map<String, String> properties = new LinkedHashMap<>();
        Map<String, String> expected = new TreeMap<>();
        for (String parameter : Gate.parameterNames()) {
            properties.put(CertGateProperties.propertyOf(parameter), "value of " + parameter);
            expected.put(parameter, "value of " + parameter);
        }
        assertThat(new TreeMap<>(bind(properties).toInitParameters())).isEqualTo(expected);
    }

    @Test
    void anUnsetPropertyIsNoInitParam() {
        assertThat(bind(Map.of("certgate.allowed-cns", "alice")).toInitParameters())
                .containsExactly(Map.entry("allowed-cns", "alice"));
    }

    @Test
    void aSingleValueIsPassedOnAsWrittenNeverSplitOnCommas() {
        CertGateProperties properties = bind(Map.of(
                "certgate.rules", "/api/* GET,HEAD any\n/admin/* cn:alice,bob",
                "certgate.allowed-cns", "alice, bob"));
        assertThat(properties.toInitParameters()).containsEntry("rules", "/api/* GET,HEAD any\n/admin/* cn:alice,bob")
                .containsEntry("allowed-cns", "alice, bob");
    }

    @Test
    void aListIsJoinedWithTheInitParamsOwnSeparator() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("certgate.rules[0]", "/api/* GET,HEAD any");
        properties.put("certgate.rules[1]", "/admin/* cn:alice");
        properties.put("certgate.allowed-cns[0]", "alice");
        properties.put("certgate.allowed-cns[1]", "bob");
        properties.put("certgate.roles[0]", "admin=alice");
        properties.put("certgate.roles[1]", "ops=alice,bob");
        properties.put("certgate.sources[0]", "tls");
        properties.put("certgate.sources[1]", "header");
        properties.put("certgate.trusted-proxies[0]", "10.0.0.5");
        properties.put("certgate.trusted-proxies[1]", "fd00::/8");
        properties.put("certgate.trusted-proxy-certs[0]", "CN=proxy,O=Example");
        properties.put("certgate.trusted-proxy-certs[1]", "CN=other proxy,O=Example");
        assertThat(bind(properties).toInitParameters())
                .containsEntry("rules", "/api/* GET,HEAD any\n/admin/* cn:alice")
                .containsEntry("allowed-cns", "alice, bob")
                .containsEntry("roles", "admin=alice; ops=alice,bob")
                .containsEntry("sources", "tls,header")
                .containsEntry("trusted-proxies", "10.0.0.5, fd00::/8")
                .containsEntry("trusted-proxy-certs", "CN=proxy,O=Example; CN=other proxy,O=Example");
    }

    @Test
    void aBadPropertyFailsStartupWithInitsMessageAndThePropertyToFix() {
        String initMessage = initMessage("mode", "enforcing");
        runner.withPropertyValues("certgate.mode=enforcing").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new CertGateFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).startsWith(initMessage).contains("Property: certgate.mode");
            assertThat(analysis.getAction()).contains("certgate.mode");
        });
    }

    @Test
    void aBadHeaderPropertyNamesItsNestedProperty() {
        runner.withPropertyValues("certgate.header.verify=X-Client-Verify").run(context -> {
            FailureAnalysis analysis = new CertGateFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).startsWith(initMessage("header.verify", "X-Client-Verify"))
                    .contains("Property: certgate.header.verify");
        });
    }

    @Test
    void theFailureAnalyzerIsRegistered() {
        // Spring Boot's own analyzers want constructor arguments from a running application: skipped here.
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class,
                null, SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> { }));
        assertThat(analyzers).hasAtLeastOneElementOfType(CertGateFailureAnalyzer.class);
    }

    /** What the filter's builder (and so init) says about the same init-param; null if it accepts it. */
    private static String initMessage(String parameter, String value) {
        try {
            ClientCertFilter.builder().allowedCns("alice").initParameter(parameter, value).build();
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static CertGateProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bind("certgate", CertGateProperties.class)
                .get();
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFilterBean {
        @Bean
        ClientCertFilter ownFilter() {
            return ClientCertFilter.builder().allowedCns("alice").build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFilterRegistration {
        @Bean
        FilterRegistrationBean<ClientCertFilter> ownRegistration() {
            return new FilterRegistrationBean<>(ClientCertFilter.builder().allowedCns("alice").build());
        }
    }
}
