package io.certgate.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.certgate.policy.RequestPaths;

/** Every reading of a request's path that the policy must agree with. */
class RequestReadingsTest {
    private static final ServletRequestReader READER = ServletRequestReader.INSTANCE;

    @ParameterizedTest(name = "{1} (container: {0}) is also read as {2}")
    @CsvSource(delimiter = '|', value = {
        "/unprotected/%2e%2e/admin/ | /unprotected/%2e%2e/admin/ | /admin",
        "/unprotected/..;/admin/    | /unprotected/..;/admin/    | /admin",
        "/unprotected/x             | /unprotected;x/..;/admin/  | /admin",
        "/unprotected/%2f/admin     | /unprotected/%252f/admin   | /unprotected/admin",
        "/unprotected/..\\admin      | /unprotected/..%5cadmin    | /admin",
        "//admin/                   | //admin/                   | /admin",
        "/admin./                   | /admin./                   | /admin",
        "/app/admin                 | /ctx/app/%2e/admin         | /app/admin",
    })
    void rawAndLenientReadingsAreCandidates(String containerPath, String rawUri, String expected) {
        HttpServletRequest request = request(containerPath, rawUri.startsWith("/ctx") ? "/ctx" : "", rawUri);
        List<String> paths = readings(request).paths();
        assertEquals(containerPath, paths.get(0), "the container's reading comes first");
        assertTrue(paths.contains(expected), paths + " should contain " + expected);
    }

    @ParameterizedTest
    @CsvSource({"/a/b, /a/b", "/, /"})
    void plainPathsHaveOneReading(String path, String rawUri) {
        assertEquals(List.of(path), readings(request(path, "", rawUri)).paths());
    }

    @ParameterizedTest
    @CsvSource({"/a, /a%zz", "/a, /a%c0%af", "/a, /a%00", "/a, /a%0d%0a"})
    void undecodableOrControlCharacterUrisAreRefused(String path, String rawUri) {
        assertNull(readings(request(path, "", rawUri)));
    }

    @ParameterizedTest(name = "deployed at /app, {0} is one plain reading: {1}")
    @CsvSource({"/app/admin/x, true", "/%61pp/admin/x, false", "/app;x=1/admin/x, false", "//app/admin/x, false",
        "/APP/admin/x, false", "/app/./admin/x, false"})
    void onlyARawUriThatSpellsTheDeployedContextExactlyIsPlain(String rawUri, boolean plain) {
        HttpServletRequest request = request("/admin/x", rawUri.substring(0, rawUri.indexOf("/admin")), rawUri);
        ServletContext context = mock(ServletContext.class);
        when(context.getContextPath()).thenReturn("/app");
        when(request.getServletContext()).thenReturn(context);
        assertEquals(plain ? "/admin/x" : null, plainPath(request));
        assertEquals("/admin/x", readings(request).paths().get(0));
    }

    /** Every reading of the request, as the gate asks for them through the servlet reader. */
    private static RequestPaths readings(HttpServletRequest request) {
        return RequestPaths.of(containerPath(request), READER.contextPath(request), READER.requestUri(request));
    }

    /** The container's path when it is the only reading, as the gate's fast path tells it; else null. */
    private static String plainPath(HttpServletRequest request) {
        String path = containerPath(request);
        return RequestPaths.isOnlyReading(path, READER.deployedContextPath(request), READER.requestUri(request))
                ? path : null;
    }

    private static String containerPath(HttpServletRequest request) {
        return RequestPaths.joined(READER.servletPath(request), READER.pathInfo(request));
    }

    private static HttpServletRequest request(String containerPath, String contextPath, String rawUri) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getServletPath()).thenReturn(containerPath);
        when(request.getContextPath()).thenReturn(contextPath);
        when(request.getRequestURI()).thenReturn(rawUri);
        return request;
    }
}
