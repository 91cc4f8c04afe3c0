package io.certgate.demo.pages;

import java.io.IOException;
import java.time.Instant;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /}: greets the client by the CN of its certificate and shows what CertGate read from it. Every
 * other path no servlet claims lands here too (the default mapping) and gets a 404 page, after CertGate has
 * let it through.
 */
public final class HomeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/".equals(request.getServletPath()) || request.getPathInfo() != null) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            Html.send(response, "Not found", """
                    <span class="badge no">404</span>
                    <h1>No such page</h1>
                    <p class="lead">The demo has <a href="/">/</a>, <a href="/unprotected/">/unprotected/</a>,
                    <a href="/admin/">/admin/</a> and <a href="/whoami">/whoami</a>.</p>
                    """);
            return;
        }
        CertificateFacts facts = CertificateFacts.require(request);
        Html.send(response, "Hello, " + facts.user(), """
                <span class="badge ok">Certificate accepted</span>
                <h1>Hello, %s</h1>
                <p class="lead">CertGate checked your client certificate and let you in.</p>
                %s
                <h2>Try next</h2>
                <ul>
                <li><a href="/admin/">/admin/</a>, which only alice may open;</li>
                <li><a href="/whoami">/whoami</a>, the same facts as JSON;</li>
                <li><a href="/unprotected/">/unprotected/</a>, open to everyone.</li>
                </ul>
                """.formatted(Html.escape(facts.user()), facts.table(Instant.now())));
    }
}
