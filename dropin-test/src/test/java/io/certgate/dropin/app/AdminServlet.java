package io.certgate.dropin.app;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The administration page, which trusts the container's notion of roles. */
public class AdminServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().print(getServletContext().getServletContextName() + " admin console for "
                + request.getRemoteUser() + " admin-role=" + request.isUserInRole("admin"));
    }
}
