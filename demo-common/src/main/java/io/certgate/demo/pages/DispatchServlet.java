package io.certgate.demo.pages;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /unprotected/include-admin} and {@code /unprotected/forward-admin}: open pages that hand the request
 * to the admin page on the server side, as JSP includes, templates and front controllers do. CertGate is
 * mapped for every dispatcher type, so it judges the include and the forward on {@code /admin/}: alice sees
 * the admin page inside (or instead of) the open one, everyone else sees the open page without it. With the
 * filter mapped for {@code REQUEST} only, these pages would show the admin area to anyone.
 */
public final class DispatchServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final String TARGET = "/admin/";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        RequestDispatcher admin = request.getRequestDispatcher(TARGET);
        if (request.getServletPath().endsWith("/forward-admin")) {
            admin.forward(request, response);
            return;
        }
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write("<!-- open page: the admin page follows if CertGate allows it -->\n");
        admin.include(request, response);
        response.getWriter().write("\n<!-- end of the included admin page -->\n");
    }
}
