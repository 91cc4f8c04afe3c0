package io.certgate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The nginx configuration exactly as documented: nginx passes the whole certificate. */
class NginxFullCertificateIntegrationTest extends NginxProxyIntegrationTest {
    @BeforeAll
    static void start() throws Exception {
        startWith(config -> config);
    }

    @Test
    void theApplicationSeesTheCertificateHeaderFromNginx() throws Exception {
        HttpResponse<String> response = viaNginx(PKI.alice, "/admin/", Map.of());
        assertTrue(response.body().contains("cert-header=true"), response.body());
    }

    @Test
    void codeReadingOnlyTheStandardAttributeGetsTheCertificateNginxPassed() throws Exception {
        HttpResponse<String> response = viaNginx(PKI.alice, "/admin/", Map.of());
        assertTrue(response.body().endsWith("x509-attribute=CN=alice"), response.body());
    }
}
