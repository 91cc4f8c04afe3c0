package io.certgate.demo.pages;

import java.io.IOException;
import java.time.Instant;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code /admin/}: the page the {@code /admin/* cn:alice} rule keeps for alice. */
public final class AdminServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        CertificateFacts facts = CertificateFacts.require(request);
        Html.send(response, "Admin", """
                <span class="badge ok">Admin area</span>
                <h1>Welcome to the admin area, %s</h1>
                <p class="lead">The rule <code>/admin/* cn:alice</code> in web.xml let you in: it names your
                certificate's common name. bob's certificate is valid too, but gets a 403 here.</p>
                %s
                """.formatted(Html.escape(facts.cn()), facts.table(Instant.now())));
    }
}
