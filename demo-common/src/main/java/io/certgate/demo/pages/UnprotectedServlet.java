package io.certgate.demo.pages;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /unprotected/}: open to everyone ({@code /unprotected/* open}). When the client also presented a
 * certificate CertGate accepts, the page says whose.
 */
public final class UnprotectedServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        CertificateFacts facts = CertificateFacts.of(request);
        String who = facts == null
                ? "<p>You presented no client certificate CertGate accepts, and that is fine here.</p>"
                : "<p>You presented <strong>" + Html.escape(facts.user()) + "</strong>'s certificate; this page"
                        + " did not need it.</p>";
        Html.send(response, "Unprotected", """
                <span class="badge open">Open to everyone</span>
                <h1>This page needs no certificate</h1>
                <p class="lead">The rule <code>/unprotected/* open</code> in web.xml lets every request through.</p>
                %s
                <p>The <a href="/">home page</a> needs a certificate from the demo CA whose name is on the
                allowlist, and <a href="/admin/">the admin area</a> a particular one.</p>
                """.formatted(who));
    }
}
