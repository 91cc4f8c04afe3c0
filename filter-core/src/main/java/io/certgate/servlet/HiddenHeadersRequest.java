package io.certgate.servlet;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request from an untrusted peer with its certificate headers removed, so that no code behind the filter
 * can mistake a client's own {@code X-Client-Dn: CN=alice} for the proxy's word.
 */
public final class HiddenHeadersRequest extends HttpServletRequestWrapper {
    private final Set<String> hidden;

    private HiddenHeadersRequest(HttpServletRequest request, Set<String> hidden) {
        super(request);
        this.hidden = hidden;
    }

    /** The request itself when it carries none of {@code headers}, else a wrapper that hides them. */
    public static HttpServletRequest hide(HttpServletRequest request, Set<String> headers) {
        Enumeration<String> names = request.getHeaderNames();
        while (names != null && names.hasMoreElements()) {
            if (among(names.nextElement(), headers)) {
                Set<String> hidden = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
                hidden.addAll(headers);
                return new HiddenHeadersRequest(request, hidden);
            }
        }
        return request;
    }

    /** Header names are case-insensitive; a scan of a few names spares a set for each request that sends none. */
    private static boolean among(String name, Set<String> headers) {
        for (String header : headers) {
            if (header.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private boolean isHidden(String name) {
        return name != null && hidden.contains(name);
    }

    @Override
    public String getHeader(String name) {
        return isHidden(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return isHidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = Collections.list(super.getHeaderNames());
        names.removeIf(this::isHidden);
        return Collections.enumeration(names);
    }

    @Override
    public long getDateHeader(String name) {
        return isHidden(name) ? -1 : super.getDateHeader(name);
    }

    @Override
    public int getIntHeader(String name) {
        return isHidden(name) ? -1 : super.getIntHeader(name);
    }
}
