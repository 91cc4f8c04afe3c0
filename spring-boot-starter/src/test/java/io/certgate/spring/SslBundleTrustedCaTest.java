package io.certgate.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.certgate.ServletGate;
import io.certgate.pki.DemoPki;
import io.certgate.pki.TlsContexts;
import io.certgate.spring.app.TestPki;

/** {@code certgate.trusted-ca-bundle}: a Spring SSL bundle's trust store as CertGate's trusted CAs. */
class SslBundleTrustedCaTest {
    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, CertGateAutoConfiguration.class))
            .withPropertyValues("certgate.allowed-cns=alice, mallory");

    @Test
    void theBundlesTrustStoreCertificatesAreTheTrustedCas() {
        DemoPki pki = TestPki.pki();
        runner.withPropertyValues("spring.ssl.bundle.pem.clients.truststore.certificate=file:" + pki.file("ca.crt"),
                "certgate.trusted-ca-bundle=clients").run(context -> {
                    ServletGate gate = context.getBean(ServletGate.class);
                    assertThat(status(gate, pki.client("alice").certificate())).isEqualTo(200);
                    MockHttpServletResponse mallory = new MockHttpServletResponse();
                    assertThat(gate.admit(request(pki.client("mallory").certificate()), mallory)).isNull();
                    assertThat(mallory.getStatus()).isEqualTo(403);
                    assertThat(gate.metrics().getDeniedByReason()).containsEntry("untrusted-issuer", 1L);
                });
    }

    @Test
    void aMissingBundleFailsStartupNamingThePropertyAndTheBundles() {
        runner.withPropertyValues("spring.ssl.bundle.pem.server.truststore.certificate=file:"
                + TestPki.pki().file("ca.crt"), "certgate.trusted-ca-bundle=clients").run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new CertGateFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("names no SSL bundle \"clients\"")
                            .contains("[server]").contains("Property: certgate.trusted-ca-bundle");
                });
    }

    @Test
    void aBundleAndATrustedCaFileTogetherFailStartup() {
        String ca = TestPki.pki().file("ca.crt").toString();
        runner.withPropertyValues("spring.ssl.bundle.pem.clients.truststore.certificate=file:" + ca,
                "certgate.trusted-ca-bundle=clients", "certgate.trusted-ca=" + ca).run(context -> {
                    FailureAnalysis analysis = new CertGateFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("are both set")
                            .contains("Property: certgate.trusted-ca-bundle");
                });
    }

    @Test
    void aReloadedBundleReplacesTheFileAndAnEmptyOneIsIgnored() throws Exception {
        DemoPki pki = TestPki.pki();
        DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry();
        registry.registerBundle("clients", trusting(pki.ca().certificate()));
        SslBundleTrustedCas cas = SslBundleTrustedCas.of("clients", registry);
        String first = Files.readString(cas.file());
        assertThat(first).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");

        registry.updateBundle("clients", trusting(pki.ca().certificate(), pki.rogueCa().certificate()));
        String second = Files.readString(cas.file());
        assertThat(second).startsWith(first);
        assertThat(second.split("BEGIN CERTIFICATE")).hasSize(3);

        registry.updateBundle("clients", SslBundle.of(SslStoreBundle.NONE));
        assertThat(Files.readString(cas.file())).isEqualTo(second);

        Path directory = cas.file().getParent();
        cas.destroy();
        assertThat(directory).doesNotExist();
    }

    private static SslBundle trusting(X509Certificate... cas) throws Exception {
        return SslBundle.of(SslStoreBundle.of(null, null, TlsContexts.trustStore(cas)));
    }

    private static int status(ServletGate gate, X509Certificate client) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        return gate.admit(request(client), response) == null ? response.getStatus() : 200;
    }

    private static MockHttpServletRequest request(X509Certificate client) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/page");
        request.setServletPath("/page");
        request.setAttribute("jakarta.servlet.request.X509Certificate", new X509Certificate[] {client});
        return request;
    }
}
