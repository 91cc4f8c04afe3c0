package io.certgate;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.http.HttpServletRequest;

import io.certgate.pki.HeldCertificate;

/** Mockito servlet objects for the filter's fast unit tests. */
final class ServletMocks {
    /** The client address every mocked request comes from. */
    static final String CLIENT_ADDRESS = "192.0.2.7";

    private ServletMocks() {
    }

    /** A request as a container hands it over: a plain path, and the client's certificate if any. */
    static HttpServletRequest request(String method, String path, HeldCertificate client) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getMethod()).thenReturn(method);
        when(request.getContextPath()).thenReturn("");
        when(request.getServletPath()).thenReturn(path);
        when(request.getRequestURI()).thenReturn(path);
        when(request.getRemoteAddr()).thenReturn(CLIENT_ADDRESS);
        when(request.getAttributeNames()).thenReturn(Collections.emptyEnumeration());
        if (client != null) {
            when(request.getAttribute("jakarta.servlet.request.X509Certificate"))
                    .thenReturn(new X509Certificate[] {client.certificate()});
        }
        return request;
    }

    /** A filter configuration with these init-params, named {@code name} (null: unnamed). */
    static FilterConfig config(String name, Map<String, String> params) {
        Map<String, String> copy = new LinkedHashMap<>(params);
        FilterConfig config = mock(FilterConfig.class);
        when(config.getFilterName()).thenReturn(name);
        when(config.getInitParameterNames()).thenReturn(Collections.enumeration(copy.keySet()));
        copy.forEach((key, value) -> when(config.getInitParameter(key)).thenReturn(value));
        return config;
    }
}
