package io.certgate.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.certgate.policy.RequestPaths;
import io.certgate.servlet.ServletRequestReader;

/** The explainer's path readings are the filter's, for the container reading the explainer assumes. */
class CommandLineRequestTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/", "/admin", "/admin/", "/a b/c", "/Admin/", "/admin./", "//admin/",
        "/unprotected/..;/admin/", "/unprotected/%2e%2e/admin/", "/unprotected/%252e%252e/admin",
        "/unprotected/..%5cadmin", "/unprotected;x/..;/admin/", "/a/./b", "/a/b/..", "/caf%C3%A9",
        "/a%zz", "/a%c0%af", "/a%00", "/a%0d%0a", "/..", "/a/../.."})
    void readingsAreThoseOfAServletRequest(String raw) {
        CommandLineRequest request = CommandLineRequest.of("GET", raw);
        String containerPath = CommandLineRequest.containerPath(raw);
        RequestPaths target = containerPath == null ? null : servletReadings(request(containerPath, raw));
        if (target == null) {
            assertTrue(request == null || commandLineReadings(request) == null,
                    raw + " is refused by the filter, so by the explainer too");
        } else {
            assertEquals(target.paths(), commandLineReadings(request).paths());
        }
    }

    @ParameterizedTest
    @CsvSource({"/admin/, /admin/", "/a/./b, /a/b", "/a/b/.., /a/", "/x/..;/admin, /admin", "/%61dmin, /admin"})
    void theContainerReadingDecodesOnceAndResolvesDotSegments(String raw, String expected) {
        assertEquals(expected, CommandLineRequest.containerPath(raw));
    }

    private static RequestPaths servletReadings(HttpServletRequest request) {
        ServletRequestReader reader = ServletRequestReader.INSTANCE;
        return RequestPaths.of(RequestPaths.joined(reader.servletPath(request), reader.pathInfo(request)),
                reader.contextPath(request), reader.requestUri(request));
    }

    private static RequestPaths commandLineReadings(CommandLineRequest request) {
        var reader = CommandLineRequest.READER;
        return RequestPaths.of(RequestPaths.joined(reader.servletPath(request), reader.pathInfo(request)),
                reader.contextPath(request), reader.requestUri(request));
    }

    private static HttpServletRequest request(String containerPath, String rawUri) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getServletPath()).thenReturn(containerPath);
        when(request.getContextPath()).thenReturn("");
        when(request.getRequestURI()).thenReturn(rawUri);
        return request;
    }
}
