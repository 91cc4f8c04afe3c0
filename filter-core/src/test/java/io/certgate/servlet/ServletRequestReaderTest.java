package io.certgate.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A reader for a dispatcher type asked once reads what the asking reader reads, without asking again. */
class ServletRequestReaderTest {
    @ParameterizedTest
    @EnumSource(DispatcherType.class)
    void theReaderForADispatchReadsWhatTheAskingReaderReads(DispatcherType type) {
        HttpServletRequest request = request(type);
        assertEquals(readings(ServletRequestReader.INSTANCE, request),
                readings(ServletRequestReader.forDispatch(type), request));
    }

    @ParameterizedTest
    @EnumSource(DispatcherType.class)
    void anIncludeIsReadOnTheIncludedResourceAndEveryOtherDispatchOnTheRequest(DispatcherType type) {
        List<String> expected = type == DispatcherType.INCLUDE
                ? List.of("/ctx/included/x", "/ctx", "/ctx", "/included", "/x")
                : List.of("/ctx/page", "/ctx", "/deployed", "/page", "null");
        assertEquals(expected, readings(ServletRequestReader.forDispatch(type), request(type)));
    }

    @ParameterizedTest
    @EnumSource(DispatcherType.class)
    void theReaderForADispatchNeverAsksTheType(DispatcherType type) {
        HttpServletRequest request = request(type);
        readings(ServletRequestReader.forDispatch(type), request);
        verify(request, never()).getDispatcherType();
    }

    /** The request URI, context path, deployed context path, servlet path and path info, as read. */
    private static List<String> readings(ServletRequestReader reader, HttpServletRequest request) {
        return List.of(reader.requestUri(request), reader.contextPath(request), reader.deployedContextPath(request),
                reader.servletPath(request), String.valueOf(reader.pathInfo(request)));
    }

    /** A request whose own paths and include attributes differ, so a reading shows which it came from. */
    private static HttpServletRequest request(DispatcherType type) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getDispatcherType()).thenReturn(type);
        when(request.getRequestURI()).thenReturn("/ctx/page");
        when(request.getContextPath()).thenReturn("/ctx");
        when(request.getServletPath()).thenReturn("/page");
        ServletContext context = mock(ServletContext.class);
        when(context.getContextPath()).thenReturn("/deployed");
        when(request.getServletContext()).thenReturn(context);
        when(request.getAttribute(RequestDispatcher.INCLUDE_REQUEST_URI)).thenReturn("/ctx/included/x");
        when(request.getAttribute(RequestDispatcher.INCLUDE_CONTEXT_PATH)).thenReturn("/ctx");
        when(request.getAttribute(RequestDispatcher.INCLUDE_SERVLET_PATH)).thenReturn("/included");
        when(request.getAttribute(RequestDispatcher.INCLUDE_PATH_INFO)).thenReturn("/x");
        return request;
    }
}
