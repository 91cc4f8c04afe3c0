package io.certgate.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.certgate.spring.app.DemoApplication;
import io.certgate.spring.app.ReadmeYaml;
import io.certgate.spring.app.TestPki;

/**
 * Behind a TLS-terminating proxy: plain HTTP, {@code certgate.sources=header} in nginx's format, and only
 * 127.0.0.2 trusted to send certificate headers. Requests are written on raw sockets bound to the sending
 * address, so the server sees the real peer, as it would see nginx's {@code proxy_bind}. On Tomcat.
 */
@SpringBootTest(classes = DemoApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "certgate.sources=header", "certgate.trusted-proxies=127.0.0.2/32",
                "spring.autoconfigure.exclude=" + TomcatTlsTest.JETTY})
@ContextConfiguration(initializers = ReadmeYaml.class)
class HeaderSourceTest {
    private static final String PROXY = "127.0.0.2";
    private static final String ELSEWHERE = "127.0.0.1";

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void trustedCa(DynamicPropertyRegistry registry) {
        registry.add("certgate.trusted-ca", () -> TestPki.pki().file("ca.crt").toString());
    }

    @ParameterizedTest(name = "{1} from {0} on {2}: {3}")
    @CsvSource({
            "127.0.0.2, alice,   /admin/page,       200",
            "127.0.0.2, bob,     /admin/page,       403",
            "127.0.0.2, bob,     /page,             200",
            "127.0.0.2, mallory, /page,             403",
            "127.0.0.2, -,       /page,             403",
            "127.0.0.2, -,       /unprotected/page, 200",
            // Certificate headers from an address that is not a trusted proxy are ignored.
            "127.0.0.1, alice,   /page,             403",
            "127.0.0.1, alice,   /unprotected/page, 200",
    })
    void decidesOnTheProxysHeadersOnlyFromTheTrustedAddress(String from, String client, String path, int status)
            throws IOException {
        assertThat(statusLine(get(from, client, path))).isEqualTo(status);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"alice, alice [ROLE_admin]", "bob, bob [ROLE_ops]"})
    void theHeadersIdentityIsTheAuthenticationPrincipal(String client, String expected) throws IOException {
        String response = get(PROXY, client, "/whoami");
        assertThat(statusLine(response)).isEqualTo(200);
        assertThat(response).endsWith("\r\n\r\n" + expected);
    }

    /** A GET as nginx sends it with {@code $ssl_client_verify}, {@code _s_dn} and {@code _escaped_cert}. */
    private String get(String from, String client, String path) throws IOException {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        if (client.equals("-")) {
            request.append("X-Client-Verify: NONE\r\nX-Client-Dn: \r\nX-Client-Cert: \r\n");
        } else {
            String pem = Files.readString(TestPki.pki().file(client + ".crt"));
            request.append("X-Client-Verify: SUCCESS\r\n")
                    .append("X-Client-Dn: CN=").append(client).append("\r\n")
                    .append("X-Client-Cert: ")
                    .append(URLEncoder.encode(pem, StandardCharsets.UTF_8).replace("+", "%20")).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress(ELSEWHERE, port), 10_000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            try (InputStream in = socket.getInputStream()) {
                return dechunk(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    private static int statusLine(String response) {
        return Integer.parseInt(response.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
    }

    /** The head as sent, and a chunked body joined back into one. */
    private static String dechunk(String response) {
        int headEnd = response.indexOf("\r\n\r\n") + 4;
        String head = response.substring(0, headEnd);
        if (!head.toLowerCase().contains("transfer-encoding: chunked")) {
            return response;
        }
        StringBuilder body = new StringBuilder();
        int at = headEnd;
        while (true) {
            int lineEnd = response.indexOf("\r\n", at);
            int size = Integer.parseInt(response.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return head + body;
            }
            body.append(response, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
