package io.certgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Behind a proxy that passes the whole certificate, code that reads only the standard
 * {@code jakarta.servlet.request.X509Certificate} attribute gets the certificate, on Jetty and on Tomcat;
 * with a DN-only header it gets none.
 */
class StandardAttributeTest {
    private static final TestPki PKI = new TestPki();
    private static final Map<String, String> HEADER_MODE = Map.of(
            "sources", "header",
            "trusted-proxies", "127.0.0.1/32",
            "allowed-cns", "alice",
            "rules", "/admin/* cn:alice");

    private static JettyTestServer jetty;
    private static TomcatTestServer tomcat;

    @BeforeAll
    static void start() throws Exception {
        jetty = JettyTestServer.startHttp("127.0.0.1", HEADER_MODE);
        tomcat = TomcatTestServer.startHttp("127.0.0.1", HEADER_MODE);
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
        tomcat.close();
    }

    @Test
    void fullCertificateHeaderBecomesTheStandardAttributeOnJettyAndTomcat() throws Exception {
        for (int port : new int[] {jetty.port(), tomcat.port()}) {
            HttpResponse<String> response = get(port, Map.of("X-Client-Verify", "SUCCESS", "X-Client-Dn", "CN=alice",
                    "X-Client-Cert", NginxProxyIntegrationTest.escapeLikeNginx(PKI.alice.certificatePem())));
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().endsWith("x509-attribute=CN=alice"), port + ": " + response.body());
        }
    }

    @Test
    void dnOnlyHeaderSetsNoCertificateAttribute() throws Exception {
        for (int port : new int[] {jetty.port(), tomcat.port()}) {
            HttpResponse<String> response = get(port, Map.of("X-Client-Verify", "SUCCESS", "X-Client-Dn", "CN=alice"));
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().endsWith("x509-attribute=none"), port + ": " + response.body());
        }
    }

    private static HttpResponse<String> get(int port, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/"));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
