package io.certgate.jakarta;

import java.io.IOException;
import java.security.Principal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.certgate.ClientCertFilter;
import io.certgate.identity.CertificatePrincipal;

/**
 * The application the container authentication tests deploy: a filter mapped before everything that reports
 * what the container says about the caller (in response headers, set before anything else runs), and a page
 * that names itself and the user.
 */
public final class ProbeApp {
    private ProbeApp() {
    }

    /** Reports {@code getUserPrincipal()}, {@code isUserInRole("admin")} and {@code getAuthType()}. */
    public static final class Probe extends HttpFilter {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            Principal principal = request.getUserPrincipal();
            response.setHeader("X-Probe-User", principal == null ? "-" : principal.getName());
            response.setHeader("X-Probe-Principal", principal instanceof CertificatePrincipal certificate
                    ? "CertificatePrincipal " + certificate.identity().subject() : String.valueOf(principal));
            response.setHeader("X-Probe-Admin", String.valueOf(request.isUserInRole("admin")));
            response.setHeader("X-Probe-Ops", String.valueOf(request.isUserInRole("ops")));
            response.setHeader("X-Probe-AuthType", String.valueOf(request.getAuthType()));
            Object identity = request.getAttribute(ClientCertFilter.IDENTITY_ATTRIBUTE);
            response.setHeader("X-Probe-Identity", identity == null ? "-" : "present");
            chain.doFilter(request, response);
        }
    }

    /** Names the page and the remote user. */
    public static final class Page extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.getWriter().print("PAGE " + request.getRequestURI() + " user=" + request.getRemoteUser());
        }
    }
}
