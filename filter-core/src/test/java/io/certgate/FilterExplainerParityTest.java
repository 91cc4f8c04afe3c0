package io.certgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.certgate.explain.Explainer;
import io.certgate.explain.ExplainerTest;
import io.certgate.pki.AlwaysPresentKeyManager;
import io.certgate.pki.DemoPki;
import io.certgate.pki.HeldCertificate;
import io.certgate.pki.TlsContexts;

/**
 * The explainer says what the filter decides: each request below goes to the filter in a real Jetty and,
 * described by the same init-params in a web.xml, to {@code explain}, and both must name the same decision,
 * reason code and rule.
 *
 * <p>The filter's side is read from what a client and an operator see: the status (200, the servlet's page;
 * 403, a denial) and the filter's one log line per denial ({@code CertGate denied reason=... rule="..."}, or
 * {@code would-deny} in report-only mode, where the request goes on). An allowed request logs nothing, so for
 * those only the decision is compared, not {@code allowed} against {@code open-path}.
 *
 * <p>Two configurations, each on two entrances of its own: HTTPS whose handshake accepts any certificate (so
 * that the filter, not the handshake, meets expired, foreign and revoked ones), and plain HTTP from 127.0.0.1,
 * a trusted proxy, carrying nginx's headers. {@code enforce} sets {@code trusted-ca} and {@code crl}, so a
 * DN-only header is refused there before any rule ({@code certificate-not-passed}); {@code report-only} leaves
 * them out, as a deployment trying CertGate behind a DN-only proxy would, so that DNs reach the rules.
 *
 * <p>Only raw paths the container passes to the filter are listed: one Jetty answers 400 itself cannot be
 * compared (Jetty 12 refuses {@code /unprotected/%2e%2e/admin/} and {@code //admin/} as ambiguous). The
 * explainer takes the container's reading of a path to be the usual one (decoded once, {@code ;} parameters
 * removed, dot segments resolved), which is Jetty's for every path here.
 */
class FilterExplainerParityTest {
    private static final String RULES = """
            /unprotected/*    open
            /admin/*          cn:alice
            /api/* GET,HEAD   any
            /api/* POST       cn:alice
            /internal/*       deny
            /staff/*          allowlist""";
    private static final String NO_CERTIFICATE = "no certificate";
    /** The filter reads the system clock; the explainer is given the same. */
    private static final Clock CLOCK = Clock.systemUTC();
    private static final Pattern DECISION = Pattern.compile(
            "^decision: (allowed|denied) \\(reason ([a-z-]+)\\)(?: by (.+)|, before any rule is looked at)$",
            Pattern.MULTILINE);

    @TempDir
    static Path dir;
    private static DemoPki pki;
    private static final LogCapture LOG = new LogCapture();
    private static final Map<Mode, Deployment> DEPLOYMENTS = new EnumMap<>(Mode.class);

    enum Mode {
        ENFORCE, REPORT_ONLY;

        Map<String, String> initParams() {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("allowed-cns", "alice, bob");
            params.put("rules", RULES);
            params.put("sources", "tls, header");
            params.put("trusted-proxies", "127.0.0.1/32");
            params.put("proxy-format", "nginx");
            if (this == ENFORCE) {
                params.put("trusted-ca", pki.file("ca.crt").toString());
                params.put("crl", pki.file(DemoPki.CRL_FILE).toString());
            } else {
                params.put("mode", "report-only");
            }
            return params;
        }

        @Override
        public String toString() {
            return this == ENFORCE ? "enforce" : "report-only";
        }
    }

    enum Entrance {
        TLS("over TLS"), CERTIFICATE_HEADER("via nginx, whole certificate"), DN_HEADER("via nginx, DN only");

        private final String label;

        Entrance(String label) {
            this.label = label;
        }
    }

    /** One configuration, served on both entrances, and the web.xml the explainer reads it from. */
    private record Deployment(JettyTestServer tls, JettyTestServer proxied, Path webXml) {
    }

    /** A request: who sends it (a demo PKI client, or {@link #NO_CERTIFICATE}), how, and the raw method and target. */
    record Case(Mode mode, Entrance entrance, String who, String method, String path) {
        @Override
        public String toString() {
            return mode + ", " + who + " " + entrance.label + ": " + method + " " + path;
        }
    }

    /** A decision as the explainer prints it; the filter's allowed requests tell no reason or rule (null). */
    record Outcome(String decision, String reason, String rule) {
        Outcome decisionOnly() {
            return new Outcome(decision, null, null);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        pki = DemoPki.ensure(dir.resolve("pki"));
        LOG.start();
        for (Mode mode : Mode.values()) {
            Map<String, String> params = mode.initParams();
            Path webInf = Files.createDirectories(dir.resolve(mode.toString()).resolve("WEB-INF"));
            Path webXml = Files.writeString(webInf.resolve("web.xml"),
                    "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">\n"
                            + ExplainerTest.filter("certgate", params) + "</web-app>\n");
            DEPLOYMENTS.put(mode, new Deployment(
                    JettyTestServer.startTls(pki.server(), pki.ca().certificate(), true, params),
                    JettyTestServer.startHttp("127.0.0.1", params), webXml));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        LOG.stop();
        for (Deployment deployment : DEPLOYMENTS.values()) {
            try (AutoCloseable tls = deployment.tls(); AutoCloseable proxied = deployment.proxied()) {
                // closes both
            }
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // Each identity at the admin area, and at an open path, over TLS.
        for (String who : List.of(NO_CERTIFICATE, "alice", "bob", "expired", "mallory", "revoked")) {
            cases.add(enforce(Entrance.TLS, who, "GET /admin/"));
        }
        for (String who : List.of(NO_CERTIFICATE, "expired", "mallory")) {
            cases.add(enforce(Entrance.TLS, who, "GET /unprotected/x"));
        }
        // Paths that spell /admin/ another way, each reading checked.
        for (String path : List.of("/admin", "/unprotected/../admin/", "/./admin/", "/unprotected/x/../../admin/",
                "/%61dmin/", "/admin;x=y/", "/ADMIN/", "/%41DMIN/")) {
            cases.add(enforce(Entrance.TLS, "bob", "GET " + path));
        }
        cases.add(enforce(Entrance.TLS, "alice", "GET /%61dmin/"));
        cases.add(enforce(Entrance.TLS, "alice", "GET /ADMIN/"));
        // Methods: GET and HEAD any, POST cn:alice, DELETE covered by no rule of the pattern.
        cases.add(enforce(Entrance.TLS, "bob", "GET /api/x"));
        cases.add(enforce(Entrance.TLS, NO_CERTIFICATE, "HEAD /api/x"));
        cases.add(enforce(Entrance.TLS, "bob", "HEAD /api/x"));
        cases.add(enforce(Entrance.TLS, "bob", "POST /api/x"));
        cases.add(enforce(Entrance.TLS, "alice", "POST /api/x"));
        cases.add(enforce(Entrance.TLS, "alice", "DELETE /api/x"));
        // deny, allowlist, and a path no rule covers.
        cases.add(enforce(Entrance.TLS, "alice", "GET /internal/x"));
        cases.add(enforce(Entrance.TLS, "bob", "GET /staff/x"));
        cases.add(enforce(Entrance.TLS, "revoked", "GET /staff/x"));
        cases.add(enforce(Entrance.TLS, "bob", "GET /reports/x"));
        cases.add(enforce(Entrance.TLS, NO_CERTIFICATE, "GET /reports/x"));
        cases.add(enforce(Entrance.TLS, "mallory", "GET /reports/x"));

        // The whole certificate from nginx: the same trust checks as over TLS.
        for (String who : List.of(NO_CERTIFICATE, "alice", "bob", "expired", "mallory", "revoked")) {
            cases.add(enforce(Entrance.CERTIFICATE_HEADER, who, "GET /admin/"));
        }
        cases.add(enforce(Entrance.CERTIFICATE_HEADER, "bob", "POST /api/x"));
        cases.add(enforce(Entrance.CERTIFICATE_HEADER, "alice", "POST /api/x"));
        cases.add(enforce(Entrance.CERTIFICATE_HEADER, "bob", "GET /unprotected/../admin/"));
        cases.add(enforce(Entrance.CERTIFICATE_HEADER, "alice", "GET /reports/x"));
        cases.add(enforce(Entrance.CERTIFICATE_HEADER, "revoked", "GET /unprotected/x"));
        // Only the DN from nginx, where trusted-ca needs the whole certificate.
        cases.add(enforce(Entrance.DN_HEADER, "alice", "GET /admin/"));
        cases.add(enforce(Entrance.DN_HEADER, "alice", "GET /unprotected/x"));
        cases.add(enforce(Entrance.DN_HEADER, "bob", "GET /reports/x"));

        // report-only: denials are logged as would-deny and the request goes on.
        cases.add(reportOnly(Entrance.TLS, "alice", "GET /admin/"));
        cases.add(reportOnly(Entrance.TLS, "bob", "GET /admin/"));
        cases.add(reportOnly(Entrance.TLS, NO_CERTIFICATE, "GET /admin/"));
        cases.add(reportOnly(Entrance.TLS, "expired", "GET /admin/"));
        cases.add(reportOnly(Entrance.TLS, "mallory", "GET /staff/x"));
        cases.add(reportOnly(Entrance.TLS, "alice", "GET /internal/x"));
        cases.add(reportOnly(Entrance.TLS, "alice", "DELETE /api/x"));
        cases.add(reportOnly(Entrance.TLS, "bob", "GET /ADMIN/"));
        cases.add(reportOnly(Entrance.DN_HEADER, "alice", "GET /admin/"));
        cases.add(reportOnly(Entrance.DN_HEADER, "bob", "GET /admin/"));
        cases.add(reportOnly(Entrance.DN_HEADER, "bob", "POST /api/x"));
        cases.add(reportOnly(Entrance.DN_HEADER, "mallory", "GET /reports/x"));
        cases.add(reportOnly(Entrance.CERTIFICATE_HEADER, "revoked", "GET /admin/"));
        cases.add(reportOnly(Entrance.CERTIFICATE_HEADER, "expired", "GET /unprotected/x"));
        return cases.stream();
    }

    private static Case enforce(Entrance entrance, String who, String request) {
        return request(Mode.ENFORCE, entrance, who, request);
    }

    private static Case reportOnly(Entrance entrance, String who, String request) {
        return request(Mode.REPORT_ONLY, entrance, who, request);
    }

    private static Case request(Mode mode, Entrance entrance, String who, String request) {
        int space = request.indexOf(' ');
        return new Case(mode, entrance, who, request.substring(0, space), request.substring(space + 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theExplainerNamesTheFiltersDecisionReasonAndRule(Case request) throws Exception {
        Explanation explained = explain(request);
        Served served = serve(request);
        Outcome expected = served.outcome().reason() == null ? explained.outcome().decisionOnly() : explained.outcome();
        assertEquals(expected, served.outcome(), () -> request + ": the filter and the explainer disagree\n"
                + "filter: HTTP " + served.status() + ", log line: " + served.logLine() + "\n"
                + "explainer:\n" + explained.text());
    }

    // -----------------------------------------------------------------------------------------------------------
    // The filter

    /** What the filter did: the outcome, with the status and log line it was read from. */
    private record Served(Outcome outcome, int status, String logLine) {
    }

    private static Served serve(Case request) throws IOException, GeneralSecurityException {
        Deployment deployment = DEPLOYMENTS.get(request.mode());
        int before = LOG.records().size();
        RawHttps.Response response = request.entrance() == Entrance.TLS
                ? RawHttps.send(presenting(request.who()), deployment.tls().port(), request.method(), request.path())
                : RawHttps.sendPlain(deployment.proxied().port(), request.method() + " " + request.path()
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + nginxHeaders(request) + "Connection: close\r\n\r\n");
        List<String> messages = LOG.messages();
        List<String> lines = messages.subList(before, messages.size()).stream()
                .filter(line -> line.startsWith("CertGate denied ") || line.startsWith("CertGate would-deny "))
                .toList();
        int status = response.status();
        if (status != 200 && status != 403) {
            fail(request + ": the container answered " + status + " itself, so the filter's decision cannot be"
                    + " compared; leave this case out\n" + response.text());
        }
        assertTrue(lines.size() <= 1, () -> request + ": one log line per denial, got " + lines);
        String line = lines.isEmpty() ? null : lines.get(0);
        boolean reportOnly = request.mode() == Mode.REPORT_ONLY;
        assertEquals(reportOnly || line == null ? 200 : 403, status,
                () -> request + ": status against log line " + line + "\n" + response.text());
        if (line == null) {
            return new Served(new Outcome("allowed", null, null), status, "(none)");
        }
        assertTrue(line.startsWith(reportOnly ? "CertGate would-deny " : "CertGate denied "), line);
        Map<String, String> fields = logFields(line);
        return new Served(new Outcome("denied", fields.get("reason"), fields.get("rule")), status, line);
    }

    /**
     * nginx's headers for the client: {@code $ssl_client_verify}, {@code $ssl_client_s_dn} and, for a
     * whole-certificate deployment, {@code $ssl_client_escaped_cert}; {@code NONE} alone when it sent none.
     */
    private static String nginxHeaders(Case request) {
        if (request.who().equals(NO_CERTIFICATE)) {
            return "X-Client-Verify: NONE\r\n";
        }
        HeldCertificate client = pki.client(request.who());
        String headers = "X-Client-Verify: SUCCESS\r\nX-Client-Dn: " + dn(client) + "\r\n";
        return request.entrance() == Entrance.CERTIFICATE_HEADER
                ? headers + "X-Client-Cert: " + NginxProxyIntegrationTest.escapeLikeNginx(client.certificatePem())
                        + "\r\n"
                : headers;
    }

    private static String dn(HeldCertificate client) {
        return client.certificate().getSubjectX500Principal().getName();
    }

    /**
     * A client context presenting {@code who}'s certificate whatever issuers the server names: the JDK's key
     * manager would otherwise keep mallory's to itself, since the server asks for one from the demo CA.
     */
    private static SSLContext presenting(String who) throws GeneralSecurityException {
        return TlsContexts.presenting(pki.ca().certificate(),
                who.equals(NO_CERTIFICATE) ? null : AlwaysPresentKeyManager.of(pki.client(who)));
    }

    /** The fields of the filter's log line, quoted values unescaped as {@code DenialLog.quote} escaped them. */
    static Map<String, String> logFields(String line) {
        Map<String, String> fields = new HashMap<>();
        int at = line.indexOf(" reason=") + 1;
        while (at > 0 && at < line.length()) {
            int equals = line.indexOf('=', at);
            String name = line.substring(at, equals);
            StringBuilder value = new StringBuilder();
            int i = equals + 1;
            if (line.charAt(i) == '"') {
                for (i++; line.charAt(i) != '"'; i++) {
                    char c = line.charAt(i);
                    if (c == '\\' && line.charAt(i + 1) == 'u') {
                        value.append((char) Integer.parseInt(line.substring(i + 2, i + 6), 16));
                        i += 5;
                    } else {
                        value.append(c == '\\' ? line.charAt(++i) : c);
                    }
                }
                i++;
            } else {
                for (; i < line.length() && line.charAt(i) != ' '; i++) {
                    value.append(line.charAt(i));
                }
            }
            fields.put(name, value.toString());
            at = i + 1;
        }
        return fields;
    }

    // -----------------------------------------------------------------------------------------------------------
    // The explainer

    /** The explainer's outcome, and its whole output for the failure message. */
    private record Explanation(Outcome outcome, String text) {
    }

    private static Explanation explain(Case request) {
        List<String> args = new ArrayList<>(List.of("explain",
                "--web-xml", DEPLOYMENTS.get(request.mode()).webXml().toString()));
        if (request.who().equals(NO_CERTIFICATE)) {
            args.add("--no-cert");
        } else if (request.entrance() == Entrance.DN_HEADER) {
            args.addAll(List.of("--dn", dn(pki.client(request.who()))));
        } else {
            args.addAll(List.of("--cert", pki.file(request.who() + ".crt").toString()));
        }
        args.addAll(List.of("--path", request.path(), "--method", request.method()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Explainer.run(args.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), CLOCK);
        String text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        Matcher decision = DECISION.matcher(text);
        if (!decision.find()) {
            fail(request + ": the explainer printed no decision (exit " + exit + ")\n" + text);
        }
        String allowedOrDenied = decision.group(1);
        assertEquals(allowedOrDenied.equals("allowed") ? Explainer.ALLOW : Explainer.DENY, exit,
                () -> request + ": exit status against the decision line\n" + text);
        String rule = decision.group(3) == null ? "-" : decision.group(3);
        return new Explanation(new Outcome(allowedOrDenied, decision.group(2), rule), text);
    }
}
