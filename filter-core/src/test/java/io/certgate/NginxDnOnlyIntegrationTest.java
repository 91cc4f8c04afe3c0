package io.certgate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The DN-only nginx variant ({@code X-Client-Cert ""}): nginx's verification is the only proof. */
class NginxDnOnlyIntegrationTest extends NginxProxyIntegrationTest {
    @BeforeAll
    static void start() throws Exception {
        startWith(config -> NginxProcess.replaceOnce(config, "$ssl_client_escaped_cert;", "\"\";"));
    }

    @Test
    void theApplicationSeesOnlyTheDnHeaderFromNginx() throws Exception {
        HttpResponse<String> response = viaNginx(PKI.alice, "/admin/", Map.of());
        assertTrue(response.body().contains("dn-header=CN=alice cert-header=false"), response.body());
        assertTrue(response.body().endsWith("x509-attribute=none"), "a DN is no certificate: " + response.body());
    }
}
