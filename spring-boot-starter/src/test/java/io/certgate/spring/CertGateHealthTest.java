package io.certgate.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import io.certgate.pki.DemoPki;
import io.certgate.spring.app.TestPki;

/**
 * The {@code certgate} health contributor: a CRL or policy file broken on disk turns it DOWN, naming the
 * property, the file and what is wrong, while CertGate keeps its last good state; fixing the file turns it UP.
 */
class CertGateHealthTest {
    /** Longer than the reload check interval of every watched file (one second). */
    private static final long AFTER_THE_CHECK_INTERVAL = 1_100;

    @TempDir
    Path directory;

    private WebApplicationContextRunner runner(String... properties) {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CertGateAutoConfiguration.class,
                        CertGateHealthAutoConfiguration.class))
                .withPropertyValues(properties);
    }

    @Test
    void aBrokenCrlOrPolicyFileIsDownWithItsFileAndMessageAndUpOnceFixed() throws Exception {
        DemoPki pki = TestPki.pki();
        Path ca = Files.copy(pki.file("ca.crt"), directory.resolve("ca.pem"));
        Path crl = Files.copy(pki.file(DemoPki.CRL_FILE), directory.resolve("ca.crl"));
        Path policy = Files.writeString(directory.resolve("policy.conf"), "[allowed-cns]\nalice, bob\n");
        byte[] goodCrl = Files.readAllBytes(crl);
        runner("certgate.config-file=" + policy, "certgate.trusted-ca=" + ca, "certgate.crl=" + crl).run(context -> {
            HealthIndicator health = context.getBean("certgateHealthIndicator", HealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);

            Files.writeString(crl, "a CRL download cut short");
            Thread.sleep(AFTER_THE_CHECK_INTERVAL);
            Health down = health.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(failures(down)).singleElement().satisfies(failure -> {
                assertThat(failure).containsEntry("property", "certgate.crl").containsEntry("file", crl.toString())
                        .containsKey("at");
                assertThat(failure.get("message")).contains(crl.toString()).contains("not a readable PEM or DER CRL");
            });

            Files.write(crl, goodCrl);
            Files.writeString(policy, "[allowed-cns]\nalice, bob\n[rules]\n/admin/* cn:alice &\n");
            Thread.sleep(AFTER_THE_CHECK_INTERVAL);
            Health policyDown = health.health();
            assertThat(policyDown.getStatus()).isEqualTo(Status.DOWN);
            assertThat(failures(policyDown)).singleElement().satisfies(failure -> assertThat(failure)
                    .containsEntry("property", "certgate.config-file").containsEntry("file", policy.toString()));

            Files.writeString(policy, "[allowed-cns]\nalice\n");
            Thread.sleep(AFTER_THE_CHECK_INTERVAL);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void offWithItsManagementPropertyOrWithoutSpringBootHealth() {
        runner("certgate.allowed-cns=alice", "management.health.certgate.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(CertGateHealthIndicator.class));
        runner("certgate.allowed-cns=alice").withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(CertGateHealthIndicator.class));
        runner("certgate.allowed-cns=alice").run(context -> assertThat(context).hasSingleBean(CertGateHealthIndicator.class));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> failures(Health health) {
        return (List<Map<String, String>>) health.getDetails().get(CertGateHealthIndicator.RELOAD_FAILURES);
    }
}
