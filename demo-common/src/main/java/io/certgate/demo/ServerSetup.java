package io.certgate.demo;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.SSLContext;

/**
 * What a container needs to serve the demo, decided once in {@link DemoLauncher} so the Jetty and Tomcat
 * demos cannot drift apart.
 *
 * @param host the address both connectors bind: {@value #HOST}, so nothing outside this machine reaches the
 *        demo and the HTTP entrance is only ever reached through a local proxy
 * @param httpsPort the HTTPS port to bind, 0 for any free port
 * @param httpPort the plain HTTP port to bind, 0 for any free port
 * @param sslContext the server key and {@link io.certgate.pki.LenientClientTrustManager}: the handshake asks
 *        for a client certificate from the demo CA but accepts any, or none, and CertGate decides
 * @param serverChain the server certificate followed by the demo CA (for containers that want it apart)
 * @param acceptedIssuers the CAs named in the TLS certificate request (the demo CA)
 * @param tlsProtocols the protocol versions to enable: {@link #TLS_PROTOCOLS}
 * @param webappDirectory the web application directory, with its {@code WEB-INF/web.xml}
 * @param http2 whether the HTTPS connector offers {@code h2} by ALPN (still asking for the client certificate)
 *        and the HTTP connector takes {@code h2c}, by prior knowledge or by {@code Upgrade: h2c}
 */
public record ServerSetup(String host, int httpsPort, int httpPort, SSLContext sslContext,
        List<X509Certificate> serverChain, List<X509Certificate> acceptedIssuers, List<String> tlsProtocols,
        Path webappDirectory, boolean http2) {
    /** The address the demo binds. */
    public static final String HOST = "127.0.0.1";
    /** TLS 1.3 and 1.2, nothing older. */
    public static final List<String> TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    public ServerSetup {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(sslContext, "sslContext");
        serverChain = List.copyOf(serverChain);
        acceptedIssuers = List.copyOf(acceptedIssuers);
        tlsProtocols = List.copyOf(tlsProtocols);
        Objects.requireNonNull(webappDirectory, "webappDirectory");
    }

    /** {@link #tlsProtocols} as the array both containers' setters take. */
    public String[] tlsProtocolArray() {
        return tlsProtocols.toArray(String[]::new);
    }
}
