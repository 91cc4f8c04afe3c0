package io.certgate.dropin.app;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Any page: says which application and path answered, who the container says the user is, and whether a
 * request attribute {@code io.certgate.identity} is there and which class loader its class came from (the
 * application's own, or one above it: the server's).
 */
public class PageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        response.getWriter().print(getServletContext().getServletContextName() + " page " + path
                + " user=" + request.getRemoteUser() + " auth=" + request.getAuthType()
                + " identity=" + loaderOf(request.getAttribute("io.certgate.identity")));
    }

    private static String loaderOf(Object attribute) {
        if (attribute == null) {
            return "none";
        }
        return attribute.getClass().getClassLoader() == PageServlet.class.getClassLoader() ? "webapp" : "server";
    }
}
