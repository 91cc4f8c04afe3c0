package io.certgate.dropin.app;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Any page: says which application and path answered, and who the container says the user is. */
public class PageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        response.getWriter().print(getServletContext().getServletContextName() + " page " + path
                + " user=" + request.getRemoteUser() + " auth=" + request.getAuthType()
                + " identity=" + (request.getAttribute("io.certgate.identity") != null));
    }
}
