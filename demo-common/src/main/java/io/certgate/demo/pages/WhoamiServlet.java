package io.certgate.demo.pages;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /whoami} (and {@code /api/whoami}, for workloads): the client's identity as JSON,
 * {@code {"cn":"alice","subject":"CN=alice","issuer":"CN=CertGate Demo CA","serial":"9F…","notAfter":
 * "2026-…Z","source":"tls","user":"alice","roles":["admin"]}}. Fields a proxy did not pass are {@code null}.
 */
public final class WhoamiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        CertificateFacts facts = CertificateFacts.require(request);
        String json = "{\"cn\":" + string(facts.cn())
                + ",\"subject\":" + string(facts.subject())
                + ",\"issuer\":" + string(facts.issuer())
                + ",\"serial\":" + string(facts.serial())
                + ",\"notAfter\":" + string(facts.notAfter() == null ? null : facts.notAfter().toString())
                + ",\"source\":" + string(facts.source())
                + ",\"user\":" + string(facts.user())
                + ",\"roles\":[" + String.join(",", facts.roles().stream().map(WhoamiServlet::string).toList())
                + "]}\n";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** A JSON string (or null), escaped per RFC 8259: quote, backslash and every control character. */
    static String string(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
