package io.certgate.glassfishapp;

import java.io.IOException;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Names the page and the remote user; web.xml guards {@code /admin/*} with role {@code admin}. */
@WebServlet({"/admin/*", "/open/*"})
public class Page extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().print("PAGE " + request.getRequestURI() + " user=" + request.getRemoteUser());
    }
}
