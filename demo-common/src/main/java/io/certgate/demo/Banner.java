package io.certgate.demo;

import io.certgate.pki.DemoPki;

/**
 * What the demo prints once it is up: where it listens, ready-to-paste curl commands (with paths as the
 * user gave {@code --pki-dir}, so they work from the directory the demo was started in), how to use a
 * browser, and an nginx snippet for the HTTP entrance.
 */
final class Banner {
    private Banner() {
    }

    static String text(String serverName, DemoOptions options, int httpsPort, int httpPort, DemoPki pki) {
        String dir = options.pkiDir().toString().replace('\\', '/');
        String absolute = absolute(pki);
        String https = "https://localhost:" + httpsPort;
        String curl = "curl --cacert " + dir + "/ca.crt";
        StringBuilder out = new StringBuilder();
        out.append("\nCertGate demo on ").append(serverName).append(" is up.\n\n");
        out.append("  HTTPS, client certificates:  ").append(https).append("/  (")
                .append(options.http2() ? "HTTP/1.1 and h2" : "HTTP/1.1 only").append(")\n");
        out.append("  HTTP, for a TLS proxy:       http://127.0.0.1:").append(httpPort)
                .append("/  (").append(options.http2() ? "HTTP/1.1 and h2c; " : "")
                .append("believes X-Client-* headers from ").append(options.trustedProxies()).append(")\n");
        out.append("  Demo PKI:                    ").append(absolute)
                .append(pki.written().isEmpty() ? "  (reused)" : "  (generated " + pki.written().size() + " files)")
                .append("\n\n");
        out.append("Try it with curl, from this directory:\n\n");
        out.append("  ").append(curl).append(' ').append(https).append("/unprotected/\n");
        out.append("  ").append(curl).append(' ').append(https).append("/                     # 403: no certificate\n");
        out.append("  ").append(curl).append(client(dir, "alice")).append(https).append("/\n");
        out.append("  ").append(curl).append(client(dir, "alice")).append(https).append("/admin/\n");
        out.append("  ").append(curl).append(client(dir, "alice")).append(https).append("/whoami\n");
        out.append("  ").append(curl).append(client(dir, "bob")).append(https).append("/admin/         # 403: not alice\n");
        out.append("  ").append(curl).append(client(dir, "mallory")).append(https).append("/   # 403: rogue CA\n");
        out.append("  ").append(curl).append(client(dir, "expired")).append(https).append("/   # 403: expired\n");
        out.append("  ").append(curl).append(client(dir, "revoked")).append(https).append("/   # 403: revoked\n\n");
        out.append("In a browser: import ").append(dir).append("/alice.p12 (password ").append(DemoPki.P12_PASSWORD)
                .append(") as your certificate and ").append(dir).append("/ca.crt as a trusted authority,\n")
                .append("then open ").append(https).append("/ (README.md, section Demo, has the steps).\n\n");
        out.append("Behind nginx, the HTTP entrance takes the client certificate from its headers:\n\n");
        out.append(nginx(absolute, httpPort).indent(4)).append('\n');
        out.append("or, playing that proxy from this machine (CertGate checks the certificate itself, so the\n")
                .append("proxy must pass it whole, not only its DN):\n\n");
        out.append("  curl -H 'X-Client-Verify: SUCCESS' -H \"X-Client-Cert: $(tr '\\n' ' ' < ").append(dir)
                .append("/alice.crt)\" http://127.0.0.1:").append(httpPort).append("/whoami\n\n");
        out.append("Ctrl-C stops the demo.\n");
        return out.toString();
    }

    /**
     * An nginx server block that terminates TLS and passes the client certificate to the HTTP entrance.
     * demo-testkit's {@code NginxSnippetContract} runs it in a real nginx as printed, only the port changed.
     */
    static String nginx(String pkiDirectory, int httpPort) {
        return """
               server {
                   listen 127.0.0.1:443 ssl;
                   server_name localhost;
                   ssl_certificate         %1$s/server.crt;
                   ssl_certificate_key     %1$s/server.key;
                   ssl_client_certificate  %1$s/ca.crt;
                   # optional_no_ca passes on a certificate whose issuer nginx cannot verify (mallory's):
                   # CertGate checks the chain and answers with its 403 page. An expired certificate
                   # still gets nginx's own 400 "The SSL certificate error" before CertGate sees it.
                   ssl_verify_client       optional_no_ca;
                   location / {
                       proxy_pass http://127.0.0.1:%2$d;
                       proxy_set_header X-Client-Verify $ssl_client_verify;
                       proxy_set_header X-Client-Dn     $ssl_client_s_dn;
                       proxy_set_header X-Client-Cert   $ssl_client_escaped_cert;
                   }
               }""".formatted(pkiDirectory, httpPort);
    }

    /** The PKI directory as the snippet names it: absolute, since nginx does not run where the demo does. */
    static String absolute(DemoPki pki) {
        return pki.directory().toAbsolutePath().normalize().toString().replace('\\', '/');
    }

    private static String client(String dir, String name) {
        return " --cert " + dir + "/" + name + ".crt --key " + dir + "/" + name + ".key ";
    }
}
