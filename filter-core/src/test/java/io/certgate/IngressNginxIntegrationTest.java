package io.certgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.certgate.pki.HeldCertificate;
import io.certgate.pki.TlsContexts;

/**
 * {@code proxy-format=ingress-nginx} behind a real nginx that sets the four headers exactly as Kubernetes
 * ingress-nginx's template does for a server with {@code auth-tls-secret} and
 * {@code auth-tls-pass-certificate-to-upstream: "true"}
 * (https://github.com/kubernetes/ingress-nginx/blob/main/rootfs/etc/nginx/template/nginx.tmpl; the annotations:
 * https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#client-certificate-authentication).
 */
class IngressNginxIntegrationTest {
    static final TestPki PKI = new TestPki();
    /** ingress-nginx's lines, as its template writes them. */
    static final String INGRESS_NGINX_HEADERS = """
                    proxy_set_header ssl-client-cert        $ssl_client_escaped_cert;
                    proxy_set_header ssl-client-verify      $ssl_client_verify;
                    proxy_set_header ssl-client-subject-dn  $ssl_client_s_dn;
                    proxy_set_header ssl-client-issuer-dn   $ssl_client_i_dn;
            """;

    @TempDir
    static Path directory;
    static JettyTestServer app;
    static NginxProcess nginx;

    @BeforeAll
    static void start() throws Exception {
        app = JettyTestServer.startHttp("127.0.0.1", Map.of(
                "sources", "header",
                "trusted-proxies", "127.0.0.2",
                "proxy-format", "ingress-nginx",
                "trusted-ca", Files.writeString(directory.resolve("ca.crt"), PKI.ca.certificatePem()).toString(),
                "allowed-cns", "alice, bob",
                "rules", """
                        /unprotected/*   open
                        /admin/*         cn:alice & issuer:CN=CertGate Test CA
                        """));
        Files.writeString(directory.resolve("server.crt"), PKI.server.certificatePem());
        Files.writeString(directory.resolve("server.key"), PKI.server.privateKeyPem());
        nginx = NginxProcess.start(directory, port -> String.join("\n",
                "server {",
                "    listen 127.0.0.1:" + port + " ssl;",
                "    ssl_certificate " + directory.resolve("server.crt") + ";",
                "    ssl_certificate_key " + directory.resolve("server.key") + ";",
                // auth-tls-verify-client: optional, auth-tls-secret: the CA.
                "    ssl_client_certificate " + directory.resolve("ca.crt") + ";",
                "    ssl_verify_client optional;",
                "    location / {",
                "        proxy_pass http://127.0.0.1:" + app.port() + ";",
                "        proxy_bind 127.0.0.2;",
                INGRESS_NGINX_HEADERS,
                "    }",
                "}", ""));
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
        if (app != null) {
            app.close();
        }
    }

    private static HttpResponse<String> viaIngress(HeldCertificate client, String path) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(TlsContexts.client(PKI.ca.certificate(), client)).build();
        return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + nginx.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aliceThroughIngressNginxReachesAdmin() throws Exception {
        HttpResponse<String> response = viaIngress(PKI.alice, "/admin/");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().startsWith(JettyTestServer.ADMIN_PAGE + " user=alice auth=CLIENT_CERT"),
                response.body());
        assertTrue(response.body().endsWith("x509-attribute=CN=alice"), "the whole certificate came: " + response.body());
    }

    @Test
    void bobThroughIngressNginxGetsBobsDecisions() throws Exception {
        assertEquals(403, viaIngress(PKI.bob, "/admin/").statusCode());
        HttpResponse<String> root = viaIngress(PKI.bob, "/");
        assertEquals(200, root.statusCode(), root.body());
        assertTrue(root.body().startsWith(JettyTestServer.ROOT_PAGE + " user=bob"), root.body());
    }

    @Test
    void noCertificateThroughIngressNginxGetsOnlyTheOpenPath() throws Exception {
        assertEquals(200, viaIngress(null, "/unprotected/").statusCode());
        HttpResponse<String> root = viaIngress(null, "/");
        assertEquals(403, root.statusCode());
        assertEquals("client certificate required\n", root.body());
    }

    @Test
    void ingressNginxHeadersSentStraightToTheAppAreIgnored() throws Exception {
        HttpRequest.Builder admin = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/admin/"))
                .header("ssl-client-verify", "SUCCESS")
                .header("ssl-client-subject-dn", "CN=alice")
                .header("ssl-client-issuer-dn", "CN=CertGate Test CA")
                .header("ssl-client-cert", NginxProxyIntegrationTest.escapeLikeNginx(PKI.alice.certificatePem()));
        HttpResponse<String> denied = HttpClient.newHttpClient().send(admin.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, denied.statusCode(), denied.body());
        assertEquals("client certificate required\n", denied.body());
    }
}
