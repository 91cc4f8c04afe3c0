package io.certgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.certgate.explain.Explainer;
import io.certgate.explain.ExplainerTest;
import io.certgate.pki.HeldCertificate;
import io.certgate.pki.TlsContexts;
import io.certgate.property.OpenSslRfc2253;

/**
 * Replays Spring Security's 2026 X.509 principal-extractor advisories against CertGate: CVE-2026-47838
 * ({@code SubjectDnX509PrincipalExtractor}, which runs the regex {@code CN=(.*?)(?:,|$)} over
 * {@code getSubjectDN().getName()}) and CVE-2026-22747 ({@code SubjectX500PrincipalExtractor}, "certain malformed
 * X.509 certificate CN values ... reading the wrong value for the username"). The advisories publish the bug
 * class, not payloads; the payloads below are that class: {@code CN=} text inside other attribute values, escaped
 * commas and pluses, quoted values, multi-valued RDNs, {@code emailAddress}, lookalike letters, NUL.
 *
 * <p>Each payload is a real certificate from the test CA (Bouncy Castle), sent three ways: over real TLS to
 * Jetty, as nginx passes it with the whole certificate ({@code $ssl_client_escaped_cert}) and as nginx passes
 * only the DN ({@code $ssl_client_s_dn}, printed as OpenSSL prints it). Only {@code admin} may open
 * {@code /admin/}; no payload may, each is denied with the reason code docs/operations.md gives for it, and the
 * explainer names the same reason. A certificate really named {@code admin} is the control.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpringX509ExtractorAdvisoryTest {
    /** The deprecated extractor's default: the first {@code CN=} anywhere in the printed DN, up to a comma. */
    private static final Pattern SPRING_SUBJECT_DN_REGEX = Pattern.compile("CN=(.*?)(?:,|$)", Pattern.CASE_INSENSITIVE);
    private static final Pattern DECISION = Pattern.compile("^decision: (allowed|denied) \\(reason ([a-z-]+)\\)",
            Pattern.MULTILINE);
    private static final String CN_NOT_ALLOWED = "cn-not-allowed";

    private final TestPki pki = new TestPki();
    private final LogCapture log = new LogCapture();
    @TempDir
    static Path dir;
    private JettyTestServer tls;
    private JettyTestServer certificateProxy;
    private JettyTestServer dnProxy;
    private Path certificateWebXml;
    private Path dnWebXml;

    /** A way in: over TLS, or from nginx with the whole certificate, or from nginx with only the DN. */
    enum Entrance { TLS, NGINX_CERTIFICATE, NGINX_DN_ONLY }

    /**
     * A crafted subject (RDNs in DER order, so the last one is printed first), what Spring's regex reads from it
     * as nginx prints it, and the reason CertGate must deny it with: over TLS and from the certificate, and from
     * the DN header (the same, but for a value that only HTTP can mangle).
     */
    record Payload(String name, X500Name subject, String regexReads, String reason, String dnHeaderReason) {
        Payload(String name, X500Name subject, String regexReads, String reason) {
            this(name, subject, regexReads, reason, reason);
        }

        String reason(Entrance entrance) {
            return entrance == Entrance.TLS ? reason : dnHeaderReason;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Payload> payloads() {
        return List.of(
                new Payload("OU=CN=admin printed before CN=guest",
                        name(rdn(BCStyle.CN, "guest"), rdn(BCStyle.OU, "CN=admin")), "admin", CN_NOT_ALLOWED),
                new Payload("OU=CN=admin and no CN at all", name(rdn(BCStyle.OU, "CN=admin")), "admin", "no-cn"),
                new Payload("O=x\\,CN=admin (escaped comma in another value)",
                        name(rdn(BCStyle.CN, "guest"), rdn(BCStyle.O, "x,CN=admin")), "admin", CN_NOT_ALLOWED),
                new Payload("CN=admin printed first, CN=guest last (two CN RDNs)",
                        name(rdn(BCStyle.CN, "guest"), rdn(BCStyle.CN, "admin")), "admin", "multiple-cn"),
                new Payload("emailAddress=CN=admin@example.org printed before CN=guest",
                        name(rdn(BCStyle.CN, "guest"), new RDN(BCStyle.EmailAddress, new DERIA5String("CN=admin@example.org"))),
                        "admin@example.org", CN_NOT_ALLOWED),
                new Payload("CN=guest\\,OU=CN=admin (the CN value carries a whole DN)",
                        name(rdn(BCStyle.CN, "guest,OU=CN=admin")), "guest\\", CN_NOT_ALLOWED),
                new Payload("O=\\\"CN=admin\\\" (quotes inside the value)",
                        name(rdn(BCStyle.CN, "guest"), rdn(BCStyle.O, "\"CN=admin\"")), "admin\\\"", CN_NOT_ALLOWED),
                new Payload("CN=guest+CN=admin (multi-valued RDN)",
                        name(new RDN(new AttributeTypeAndValue[] {ava(BCStyle.CN, "guest"), ava(BCStyle.CN, "admin")})),
                        "guest+CN=admin", "multiple-cn"),
                new Payload("CN=guest\\+CN=admin (escaped plus in the CN)", name(rdn(BCStyle.CN, "guest+CN=admin")),
                        "guest\\+CN=admin", CN_NOT_ALLOWED),
                new Payload("CN=CN=admin (the CN value itself starts with CN=)", name(rdn(BCStyle.CN, "CN=admin")),
                        "CN=admin", CN_NOT_ALLOWED),
                new Payload("CN=\u0430dmin (Cyrillic a, U+0430)", name(rdn(BCStyle.CN, "\u0430dmin")), "\\D0\\B0dmin",
                        CN_NOT_ALLOWED),
                new Payload("CN=admin\\00.guest (NUL inside the CN)", name(rdn(BCStyle.CN, "admin\u0000.guest")),
                        "admin\\00.guest", "cn-control-characters"),
                new Payload("CN=admin\\00 (NUL at the end)", name(rdn(BCStyle.CN, "admin\u0000")), "admin\\00",
                        "cn-control-characters"),
                new Payload("CN=\\u202Enimda (right-to-left override)", name(rdn(BCStyle.CN, "\u202enimda")),
                        "\\E2\\80\\AEnimda", "cn-control-characters"),
                // nginx prints the trailing space escaped, "CN=admin\ ", and HTTP drops it as optional whitespace
                // around a header value: the DN header then ends in a backslash and does not parse.
                new Payload("CN=admin with a trailing space", name(rdn(BCStyle.CN, "admin ")), "admin\\ ",
                        CN_NOT_ALLOWED, "malformed-dn"));
    }

    private static X500Name name(RDN... rdns) {
        return new X500Name(rdns);
    }

    private static RDN rdn(ASN1ObjectIdentifier type, String value) {
        return new RDN(type, new DERUTF8String(value));
    }

    private static AttributeTypeAndValue ava(ASN1ObjectIdentifier type, String value) {
        return new AttributeTypeAndValue(type, new DERUTF8String(value));
    }

    @BeforeAll
    void start() throws Exception {
        log.start();
        Path ca = Files.writeString(dir.resolve("ca.crt"), pki.ca.certificatePem());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("allowed-cns", "guest");
        params.put("rules", "/admin/* cn:admin");
        params.put("sources", "tls, header");
        params.put("trusted-proxies", "127.0.0.1/32");
        params.put("proxy-format", "nginx");
        // A DN alone cannot be checked against trusted-ca (certificate-not-passed before any DN is read), so the
        // DN-only deployment runs without it, as a deployment behind a DN-only nginx would.
        Map<String, String> dnOnly = new LinkedHashMap<>(params);
        params.put("trusted-ca", ca.toString());
        tls = JettyTestServer.startTls(pki.server, pki.ca.certificate(), false, params);
        certificateProxy = JettyTestServer.startHttp("127.0.0.1", params);
        dnProxy = JettyTestServer.startHttp("127.0.0.1", dnOnly);
        certificateWebXml = webXml("certificate", params);
        dnWebXml = webXml("dn-only", dnOnly);
    }

    private Path webXml(String name, Map<String, String> params) throws IOException {
        Path webInf = Files.createDirectories(dir.resolve(name).resolve("WEB-INF"));
        return Files.writeString(webInf.resolve("web.xml"), "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\""
                + " version=\"6.0\">\n" + ExplainerTest.filter("certgate", params) + "</web-app>\n");
    }

    @AfterAll
    void stop() throws Exception {
        log.stop();
        try (AutoCloseable a = tls; AutoCloseable b = certificateProxy; AutoCloseable c = dnProxy) {
            // closes all three
        }
    }

    Stream<Arguments> payloadsThroughEveryEntrance() {
        List<Arguments> all = new ArrayList<>();
        for (Payload payload : payloads()) {
            for (Entrance entrance : Entrance.values()) {
                all.add(Arguments.of(payload, entrance));
            }
        }
        return all.stream();
    }

    /**
     * The payloads are the advisory's: the regex Spring used, run over the DN as nginx prints it (the
     * {@code X-Client-Dn} an application behind nginx would search), reads these values, {@code admin} for some.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void springsSubjectDnRegexReadsTheWrongValue(Payload payload) {
        String printed = OpenSslRfc2253.print(certificate(payload).certificate().getSubjectX500Principal());
        Matcher cn = SPRING_SUBJECT_DN_REGEX.matcher(printed);
        assertTrue(cn.find(), printed);
        assertEquals(payload.regexReads(), cn.group(1), printed);
    }

    @ParameterizedTest(name = "{0} via {1}")
    @MethodSource("payloadsThroughEveryEntrance")
    void cve2026_47838And22747PayloadsNeverBecomeAdmin(Payload payload, Entrance entrance) throws Exception {
        HeldCertificate client = certificate(payload);
        int before = log.records().size();
        RawHttps.Response response = send(entrance, client);
        assertEquals(403, response.status(), () -> payload + " via " + entrance + ":\n" + response.text());
        assertFalse(response.text().contains(JettyTestServer.ADMIN_PAGE), response::text);
        List<String> denials = log.messages().subList(before, log.messages().size()).stream()
                .filter(line -> line.startsWith("CertGate denied ")).toList();
        assertEquals(1, denials.size(), () -> "one denial logged: " + denials);
        assertEquals(payload.reason(entrance), FilterExplainerParityTest.logFields(denials.get(0)).get("reason"),
                denials.get(0));
        // --cert tells the explainer nothing of the DN header, so it answers as for the certificate itself.
        String explained = entrance == Entrance.NGINX_CERTIFICATE ? payload.reason() : payload.reason(entrance);
        assertEquals(List.of("denied", explained), explain(entrance, client),
                () -> payload + " via " + entrance + ": the explainer disagrees");
    }

    /** The control: a certificate really named admin opens the page by every entrance, and the explainer agrees. */
    @Test
    void aCertificateNamedAdminGetsTheAdminPageByEveryEntrance() throws Exception {
        HeldCertificate admin = TestPki.client("admin", pki.ca);
        for (Entrance entrance : Entrance.values()) {
            RawHttps.Response response = send(entrance, admin);
            assertTrue(response.body().startsWith(JettyTestServer.ADMIN_PAGE + " user=admin "),
                    () -> entrance + ":\n" + response.text());
            assertEquals(List.of("allowed", "allowed"), explain(entrance, admin), entrance::toString);
        }
    }

    private HeldCertificate certificate(Payload payload) {
        return HeldCertificate.builder().subject(payload.subject()).clientAuth().signedBy(pki.ca).build();
    }

    private RawHttps.Response send(Entrance entrance, HeldCertificate client) throws Exception {
        if (entrance == Entrance.TLS) {
            return RawHttps.send(TlsContexts.client(pki.ca.certificate(), client), tls.port(), "GET", "/admin/");
        }
        String headers = "X-Client-Verify: SUCCESS\r\nX-Client-Dn: " + nginxDn(client) + "\r\n";
        if (entrance == Entrance.NGINX_CERTIFICATE) {
            headers += "X-Client-Cert: " + NginxProxyIntegrationTest.escapeLikeNginx(client.certificatePem()) + "\r\n";
        }
        JettyTestServer server = entrance == Entrance.NGINX_CERTIFICATE ? certificateProxy : dnProxy;
        return RawHttps.sendPlain(server.port(), "GET /admin/ HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers
                + "Connection: close\r\n\r\n");
    }

    /** {@code $ssl_client_s_dn}: OpenSSL's RFC 2253 printing, every byte over 0x7f and every control as {@code \XX}. */
    private static String nginxDn(HeldCertificate client) {
        return OpenSslRfc2253.print(client.certificate().getSubjectX500Principal());
    }

    /** The explainer's decision and reason for the same request. */
    private List<String> explain(Entrance entrance, HeldCertificate client) throws IOException {
        List<String> args = new ArrayList<>(List.of("explain", "--web-xml"));
        if (entrance == Entrance.NGINX_DN_ONLY) {
            // The DN as the container hands it on: without the optional whitespace around a header value.
            args.addAll(List.of(dnWebXml.toString(), "--dn", nginxDn(client).stripTrailing()));
        } else {
            Path file = Files.createTempFile(dir, "client", ".crt");
            Files.writeString(file, client.certificatePem());
            args.addAll(List.of(certificateWebXml.toString(), "--cert", file.toString()));
        }
        args.addAll(List.of("--path", "/admin/"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Explainer.run(args.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8), Clock.systemUTC());
        String text = out.toString(StandardCharsets.UTF_8);
        Matcher decision = DECISION.matcher(text);
        if (!decision.find()) {
            fail("the explainer printed no decision (exit " + exit + ")\n" + text);
        }
        assertEquals(decision.group(1).equals("allowed") ? Explainer.ALLOW : Explainer.DENY, exit, text);
        return List.of(decision.group(1), decision.group(2));
    }
}
