package io.certgate.source;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A request as the servlet container hands it over: a peer address and headers, looked up
 * case-insensitively, where a header added twice is a header the client or a proxy sent twice.
 */
final class ProxyRequest {
    /** The proxy's address in every test configuration ({@code trusted-proxies=127.0.0.2/32}). */
    static final String PROXY = "127.0.0.2";

    private final String remoteAddress;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final Map<String, String> sentNames = new LinkedHashMap<>();
    private X509Certificate[] tlsChain;

    private ProxyRequest(String remoteAddress) {
        this.remoteAddress = remoteAddress;
    }

    static ProxyRequest fromProxy() {
        return from(PROXY);
    }

    static ProxyRequest from(String remoteAddress) {
        return new ProxyRequest(remoteAddress);
    }

    /** Adds one header line; calling it twice with the same name sends the header twice. */
    ProxyRequest header(String name, String value) {
        String key = name.toLowerCase(Locale.ROOT);
        headers.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        sentNames.putIfAbsent(key, name);
        return this;
    }

    /** The certificate chain the connection's TLS handshake received (the peer's own client certificate first). */
    ProxyRequest tls(X509Certificate... chain) {
        tlsChain = chain == null ? null : chain.clone();
        return this;
    }

    HttpServletRequest build() {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getRemoteAddr()).thenReturn(remoteAddress);
        when(request.getAttribute(TlsAttributeSource.ATTRIBUTE)).thenReturn(tlsChain);
        when(request.getHeaders(anyString())).thenAnswer(call -> Collections.enumeration(values(call.getArgument(0))));
        when(request.getHeader(anyString())).thenAnswer(call -> {
            List<String> values = values(call.getArgument(0));
            return values.isEmpty() ? null : values.get(0);
        });
        when(request.getHeaderNames()).thenAnswer(call -> Collections.enumeration(List.copyOf(sentNames.values())));
        return request;
    }

    private List<String> values(String name) {
        return List.copyOf(headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
    }
}
