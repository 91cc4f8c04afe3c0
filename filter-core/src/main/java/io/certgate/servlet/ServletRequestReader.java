package io.certgate.servlet;

import java.util.Enumeration;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;

import io.certgate.request.RequestReader;

/**
 * Reads an {@code HttpServletRequest} for the gate. Stateless: the one {@link #INSTANCE} serves every
 * request.
 *
 * <p>Every dispatch is read on its real target. A forward, an error page or an async dispatch changes the
 * request's own path getters; an include does not (the container keeps the including page's paths and puts
 * the included resource's in the {@code jakarta.servlet.include.*} attributes), so an include is read from
 * those attributes. An include without them (through a named dispatcher) has no target path: its request URI
 * reads as null, which the gate denies as unreadable.
 *
 * <p>{@link #INSTANCE} asks the request's dispatcher type on every read that depends on it. A caller that
 * has asked it already takes {@link #forDispatch}: the type does not change while the gate reads the request,
 * and the gate reads five paths, each of which would ask the container again.
 */
public final class ServletRequestReader implements RequestReader<HttpServletRequest> {
    /** The reader that asks each request its dispatcher type. */
    public static final ServletRequestReader INSTANCE = new ServletRequestReader(Dispatch.ASK);
    private static final ServletRequestReader INCLUDED = new ServletRequestReader(Dispatch.INCLUDE);
    private static final ServletRequestReader NOT_INCLUDED = new ServletRequestReader(Dispatch.OTHER);

    /** The Servlet specification's attribute for the client's certificate chain. */
    private static final String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    /** What this reader knows of the dispatches it reads. */
    private enum Dispatch {
        /** Nothing: it asks each request. */
        ASK,
        /** They are includes. */
        INCLUDE,
        /** They are not includes. */
        OTHER
    }

    private final Dispatch dispatch;

    private ServletRequestReader(Dispatch dispatch) {
        this.dispatch = dispatch;
    }

    /**
     * The reader for requests the caller knows to be of dispatcher type {@code type}; it reads exactly what
     * {@link #INSTANCE} reads of such a request, without asking the type again.
     *
     * @param type the type {@code getDispatcherType()} answered for the requests this reader is given
     */
    public static ServletRequestReader forDispatch(DispatcherType type) {
        return type == DispatcherType.INCLUDE ? INCLUDED : NOT_INCLUDED;
    }

    @Override
    public String method(HttpServletRequest request) {
        return request.getMethod();
    }

    @Override
    public String requestUri(HttpServletRequest request) {
        return isInclude(request) ? include(request, RequestDispatcher.INCLUDE_REQUEST_URI)
                : orEmpty(request.getRequestURI());
    }

    @Override
    public String contextPath(HttpServletRequest request) {
        return orEmpty(isInclude(request) ? include(request, RequestDispatcher.INCLUDE_CONTEXT_PATH)
                : request.getContextPath());
    }

    /**
     * The context path the application is deployed at. The request's own {@code getContextPath()} is the
     * context as it appears in the raw URI, which Tomcat works out anew for every call by matching the decoded
     * path against the raw one (about a microsecond, a third of CertGate's cost per request).
     */
    @Override
    public String deployedContextPath(HttpServletRequest request) {
        if (isInclude(request)) {
            return contextPath(request);
        }
        ServletContext context = request.getServletContext();
        return context != null ? orEmpty(context.getContextPath()) : orEmpty(request.getContextPath());
    }

    @Override
    public String servletPath(HttpServletRequest request) {
        return isInclude(request) ? include(request, RequestDispatcher.INCLUDE_SERVLET_PATH)
                : request.getServletPath();
    }

    @Override
    public String pathInfo(HttpServletRequest request) {
        return isInclude(request) ? include(request, RequestDispatcher.INCLUDE_PATH_INFO) : request.getPathInfo();
    }

    @Override
    public String remoteAddress(HttpServletRequest request) {
        return request.getRemoteAddr();
    }

    @Override
    public Enumeration<String> headers(HttpServletRequest request, String name) {
        return request.getHeaders(name);
    }

    @Override
    public Object tlsCertificates(HttpServletRequest request) {
        return request.getAttribute(CERTIFICATE_ATTRIBUTE);
    }

    private boolean isInclude(HttpServletRequest request) {
        return switch (dispatch) {
            case ASK -> request.getDispatcherType() == DispatcherType.INCLUDE;
            case INCLUDE -> true;
            case OTHER -> false;
        };
    }

    private static String include(HttpServletRequest request, String attribute) {
        return request.getAttribute(attribute) instanceof String value ? value : null;
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
