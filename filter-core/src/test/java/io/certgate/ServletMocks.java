package io.certgate;

import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.certgate.pki.HeldCertificate;

/** Mockito servlet objects for the filter's fast unit tests. */
public final class ServletMocks {
    /** The client address every mocked request comes from. */
    static final String CLIENT_ADDRESS = "192.0.2.7";

    private ServletMocks() {
    }

    /** A request as a container hands it over: a plain path, and the client's certificate if any. */
    public static HttpServletRequest request(String method, String path, HeldCertificate client) {
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

    /**
     * A response that remembers its status ({@code getStatus()} answers what was set, 200 before) and writes
     * its body into {@code body}.
     */
    public static HttpServletResponse response(ByteArrayOutputStream body) throws IOException {
        HttpServletResponse response = mock(HttpServletResponse.class);
        int[] status = {200};
        doAnswer(call -> status[0] = call.getArgument(0)).when(response).setStatus(anyInt());
        when(response.getStatus()).thenAnswer(call -> status[0]);
        when(response.getOutputStream()).thenReturn(new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        });
        return response;
    }

    /** A filter configuration with these init-params, named {@code name} (null: unnamed). */
    public static FilterConfig config(String name, Map<String, String> params) {
        Map<String, String> copy = new LinkedHashMap<>(params);
        FilterConfig config = mock(FilterConfig.class);
        when(config.getFilterName()).thenReturn(name);
        when(config.getInitParameterNames()).thenReturn(Collections.enumeration(copy.keySet()));
        copy.forEach((key, value) -> when(config.getInitParameter(key)).thenReturn(value));
        return config;
    }
}
