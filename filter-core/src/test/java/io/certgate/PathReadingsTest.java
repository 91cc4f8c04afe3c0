package io.certgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The explainer's path readings are the filter's, for the container reading the explainer assumes. */
class PathReadingsTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/", "/admin", "/admin/", "/a b/c", "/Admin/", "/admin./", "//admin/",
        "/unprotected/..;/admin/", "/unprotected/%2e%2e/admin/", "/unprotected/%252e%252e/admin",
        "/unprotected/..%5cadmin", "/unprotected;x/..;/admin/", "/a/./b", "/a/b/..", "/caf%C3%A9",
        "/a%zz", "/a%c0%af", "/a%00", "/a%0d%0a", "/..", "/a/../.."})
    void readingsAreThoseOfRequestTarget(String raw) {
        String containerPath = PathReadings.containerPath(raw);
        PathReadings readings = PathReadings.of(raw);
        RequestTarget target = containerPath == null ? null : RequestTarget.of(request(containerPath, raw));
        if (target == null) {
            assertNull(readings, raw + " is refused by the filter, so by the explainer too");
        } else {
            assertEquals(target.paths(), readings.paths());
        }
    }

    @ParameterizedTest
    @CsvSource({"/admin/, /admin/", "/a/./b, /a/b", "/a/b/.., /a/", "/x/..;/admin, /admin", "/%61dmin, /admin"})
    void theContainerReadingDecodesOnceAndResolvesDotSegments(String raw, String expected) {
        assertEquals(expected, PathReadings.containerPath(raw));
    }

    private static HttpServletRequest request(String containerPath, String rawUri) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getServletPath()).thenReturn(containerPath);
        when(request.getContextPath()).thenReturn("");
        when(request.getRequestURI()).thenReturn(rawUri);
        return request;
    }
}
