package io.certgate.demo.pages;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.certgate.ClientCertFilter;
import io.certgate.pki.DemoPki;

/**
 * The 403 page browsers get (CertGate's {@code denied-page}): what went wrong in one sentence and what to
 * do about it. Like CertGate's own short answer, it never names the rules, the allowlist or the reason
 * code: it explains how to present a certificate, not which names would pass.
 */
public final class DeniedServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** CertGate's message when the client sent no certificate at all. */
    static final String REQUIRED = "client certificate required";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object denial = request.getAttribute(ClientCertFilter.DENIAL_ATTRIBUTE);
        String message = denial == null ? "client certificate not allowed" : denial.toString();
        boolean missing = REQUIRED.equals(message);
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        String explanation = missing
                ? "<p class=\"lead\">Your browser did not send a client certificate, and this page needs one.</p>"
                : "<p class=\"lead\">Your browser sent a client certificate, but it does not open this page: it may"
                        + " be expired, issued by a CA this site does not trust, or simply not one this page"
                        + " accepts.</p>";
        if ("HEAD".equals(request.getMethod())) {
            response.setContentType("text/html;charset=UTF-8");
            return;
        }
        Html.send(response, "Access denied", """
                <span class="badge no">403 · %s</span>
                <h1>%s</h1>
                %s
                <h2>What to do</h2>
                <ol>
                <li>Import a client certificate issued by <strong>%s</strong> into your browser:
                <code>NAME.p12</code>, password <code>%s</code>, from the demo's PKI directory
                (<code>./demo-pki</code> unless it was started with <code>--pki-dir</code>; it printed where).
                <ul>
                <li>Firefox: Settings → Privacy &amp; Security → Certificates → View Certificates →
                Your Certificates → Import.</li>
                <li>Chrome, Edge: Settings → Privacy and security → Security → Manage certificates → Import.</li>
                <li>macOS (Safari, Chrome): double-click the file to add it to the login keychain.</li>
                </ul></li>
                <li>Restart the browser or open a private window, reload, and pick that certificate when asked:
                browsers remember the choice, even "none", for the rest of the session.</li>
                </ol>
                <p>Or from a terminal, in the directory the demo started in:</p>
                <pre>curl --cacert demo-pki/ca.crt \\
     --cert demo-pki/NAME.crt --key demo-pki/NAME.key \\
     https://localhost:%s/</pre>
                <p>The <a href="/unprotected/">unprotected page</a> works without a certificate.</p>
                """.formatted(Html.escape(message), missing ? "A client certificate is required"
                        : "This certificate is not allowed here", explanation, Html.escape(DemoPki.CA_NAME),
                        DemoPki.P12_PASSWORD, request.isSecure() ? request.getLocalPort() : "PORT"));
    }
}
