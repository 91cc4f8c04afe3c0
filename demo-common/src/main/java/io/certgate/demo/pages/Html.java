package io.certgate.demo.pages;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The demo pages' shared look: one self-contained HTML document per page (inline CSS, no scripts, no
 * external resources) and the escaping every value from a certificate goes through.
 */
final class Html {
    private static final String STYLE = """
            :root { color-scheme: light; --ink: #1d2433; --muted: #5b6475; --line: #e3e7ee; --brand: #2f5bea;
                    --ok: #1f7a4d; --ok-bg: #e8f6ee; --no: #b42318; --no-bg: #fdecea; }
            * { box-sizing: border-box; }
            body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
                   color: var(--ink); background: #f5f7fb; }
            header { background: #fff; border-bottom: 1px solid var(--line); }
            .bar { max-width: 760px; margin: 0 auto; padding: 14px 20px; display: flex; align-items: center; gap: 24px; }
            .brand { font-weight: 700; color: var(--ink); text-decoration: none; letter-spacing: .2px; }
            .brand span { color: var(--brand); }
            nav { display: flex; gap: 16px; flex-wrap: wrap; }
            nav a { color: var(--muted); text-decoration: none; font-size: 14px; }
            nav a:hover { color: var(--brand); }
            main { max-width: 760px; margin: 32px auto; padding: 0 20px; }
            .card { background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 28px 32px;
                    box-shadow: 0 1px 2px rgba(16, 24, 40, .04); }
            h1 { font-size: 26px; margin: 0 0 6px; }
            h2 { font-size: 17px; margin: 26px 0 8px; }
            p { margin: 8px 0; }
            .lead { color: var(--muted); margin-bottom: 18px; }
            .badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 3px 10px; border-radius: 999px;
                     text-transform: uppercase; letter-spacing: .5px; margin-bottom: 12px; }
            .badge.ok { color: var(--ok); background: var(--ok-bg); }
            .badge.no { color: var(--no); background: var(--no-bg); }
            .badge.open { color: var(--brand); background: #eaf0ff; }
            table { border-collapse: collapse; width: 100%; margin: 12px 0; }
            th, td { text-align: left; padding: 8px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
            th { width: 130px; color: var(--muted); font-weight: 500; }
            td { word-break: break-all; }
            code, pre { font: 13.5px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
            code { background: #f1f3f8; padding: 1px 5px; border-radius: 4px; }
            pre { background: #0f172a; color: #e2e8f0; padding: 14px 16px; border-radius: 8px; overflow-x: auto; }
            ol, ul { padding-left: 22px; } li { margin: 4px 0; }
            main a { color: var(--brand); text-underline-offset: 2px; }
            li ul { font-size: 14.5px; color: var(--muted); } li li { margin: 2px 0; }
            footer { max-width: 760px; margin: 0 auto 40px; padding: 0 20px; color: var(--muted); font-size: 13px; }
            """;

    private Html() {
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A whole page: {@code title} is text (escaped here), {@code body} is already-safe HTML. */
    static String page(String title, String body) {
        return """
               <!DOCTYPE html>
               <html lang="en">
               <head>
               <meta charset="utf-8">
               <meta name="viewport" content="width=device-width, initial-scale=1">
               <title>%s · CertGate demo</title>
               <style>
               %s</style>
               </head>
               <body>
               <header><div class="bar">
               <a class="brand" href="/">Cert<span>Gate</span> demo</a>
               <nav><a href="/">Home</a><a href="/unprotected/">Unprotected</a><a href="/admin/">Admin</a><a href="/whoami">whoami</a></nav>
               </div></header>
               <main><div class="card">
               %s
               </div></main>
               <footer>Every page but /unprotected/ is behind CertGate, configured in this application's WEB-INF/web.xml.</footer>
               </body>
               </html>
               """.formatted(escape(title), STYLE, body);
    }

    /** A table of {@code label, value} rows; values are escaped here. */
    static String facts(String... labelsAndValues) {
        StringBuilder table = new StringBuilder("<table>\n");
        for (int i = 0; i + 1 < labelsAndValues.length; i += 2) {
            table.append("<tr><th>").append(escape(labelsAndValues[i])).append("</th><td>")
                    .append(escape(labelsAndValues[i + 1])).append("</td></tr>\n");
        }
        return table.append("</table>").toString();
    }

    static void send(HttpServletResponse response, String title, String body) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        response.getWriter().write(page(title, body));
    }
}
