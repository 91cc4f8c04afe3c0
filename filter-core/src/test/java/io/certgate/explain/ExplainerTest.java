package io.certgate.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.certgate.ClientCertFilter;
import io.certgate.ServletMocks;
import io.certgate.TestPki;
import io.certgate.pki.HeldCertificate;

/**
 * The {@code explain} command, run in-process on a real web.xml and real certificates: exit status, the
 * rule and reason it names, and configuration errors word for word as {@code init} gives them.
 */
public class ExplainerTest {
    private static final String RULES = """
            /unprotected/*   open
            /admin/*         cn:alice
            /api/* GET,HEAD  any
            """;

    private static TestPki pki;

    @TempDir
    Path dir;
    private Path alice;
    private Path bob;
    private Path expired;
    private Path mallory;
    private Path ca;

    @BeforeAll
    static void issueCertificates() {
        pki = new TestPki();
    }

    @BeforeEach
    void writeCertificates() throws Exception {
        alice = pem("alice.crt", pki.alice);
        bob = pem("bob.crt", pki.bob);
        expired = pem("expired.crt", pki.expired);
        mallory = pem("mallory.crt", pki.mallory);
        ca = pem("ca.crt", pki.ca);
    }

    @Test
    void allowedRequestExitsZeroAndNamesTheRule() throws Exception {
        Path webXml = webXml(Map.of("allowed-cns", "alice, bob", "rules", RULES));
        Result result = explain("--web-xml", webXml.toString(), "--cert", alice.toString(), "--path", "/admin/");
        result.assertExit(Explainer.ALLOW);
        result.assertOut("decision: allowed (reason allowed) by line 2 \"/admin/*         cn:alice\"");
        result.assertOut("cn:alice matches CN \"alice\"");
        result.assertOut("subject      CN=alice");
        result.assertOut("issuer       CN=CertGate Test CA");
        result.assertOut("pass  validity dates:");
    }

    @Test
    void deniedRequestExitsOneWithTheReasonCode() throws Exception {
        Path webXml = webXml(Map.of("allowed-cns", "alice, bob", "rules", RULES));
        Result result = explain("--web-xml", webXml.toString(), "--cert", bob.toString(), "--path", "/admin/");
        result.assertExit(Explainer.DENY);
        result.assertOut("decision: denied (reason cn-not-allowed) by line 2");
        result.assertOut("cn:alice does not match CN \"bob\"");
        result.assertOut("the client gets 403 \"client certificate not allowed\"");
    }

    @Test
    void everyReadingOfATrickyPathIsCheckedAsTheFilterDoes() throws Exception {
        Path webXml = webXml(Map.of("allowed-cns", "alice, bob", "rules", RULES));
        Result result = explain("--web-xml", webXml.toString(), "--cert", bob.toString(),
                "--path", "/unprotected/%252e%252e/admin/");
        result.assertExit(Explainer.DENY);
        result.assertOut("path: 3 readings");
        result.assertLine("  /unprotected/%2e%2e/admin/ ", "-> line 1 \"/unprotected/*   open\"   (the container's reading)");
        result.assertLine("  /admin ", "-> line 2 \"/admin/*         cn:alice\"");
        result.assertOut("decision: denied (reason cn-not-allowed) by line 2");
    }

    @Test
    void aPathIsAlsoReadLowerCased() throws Exception {
        Path webXml = webXml(Map.of("allowed-cns", "alice, bob", "rules", RULES));
        Result result = explain("--web-xml", webXml.toString(), "--cert", bob.toString(), "--path", "/ADMIN/x");
        result.assertExit(Explainer.DENY);
        result.assertOut("as written -> \"(no rule matches) allowlist\"");
        result.assertOut("lower-cased -> line 2");
        result.assertOut("pass  \"(no rule matches) allowlist\": allowlist: CN \"bob\" is in allowed-cns");
        result.assertOut("decision: denied (reason cn-not-allowed) by line 2");
    }

    @Test
    void anExpiredCertificateIsDeniedAsExpired() throws Exception {
        Path webXml = webXml(Map.of("allowed-cns", "alice", "rules", RULES));
        Result result = explain("--web-xml", webXml.toString(), "--cert", expired.toString(), "--path", "/admin/");
        result.assertExit(Explainer.DENY);
        result.assertOut("FAIL  validity dates: expired at");
        result.assertOut("decision: denied (reason expired)");
    }

    @Test
    void trustedCaValidationIsShownAndRefusesAForeignCertificate() throws Exception {
        Path webXml = webXml(Map.of("allowed-cns", "alice, mallory", "rules", RULES, "trusted-ca", ca.toString()));
        Result trusted = explain("--web-xml", webXml.toString(), "--cert", alice.toString(), "--path", "/admin/");
        trusted.assertExit(Explainer.ALLOW);
        trusted.assertOut("pass  trusted-ca: chains to a trusted CA");

        Result foreign = explain("--web-xml", webXml.toString(), "--cert", mallory.toString(), "--path", "/x");
        foreign.assertExit(Explainer.DENY);
        foreign.assertOut("FAIL  trusted-ca: no path to a trusted-ca certificate (reason untrusted-issuer)");
        foreign.assertOut("decision: denied (reason untrusted-issuer) by \"(no rule matches) allowlist\"");
    }

    @Test
    void aDnStandsForAProxyThatPassesOnlyTheSubject() throws Exception {
        Path webXml = webXml(Map.of("allowed-cns", "alice", "rules", RULES));
        Result result = explain("--web-xml", webXml.toString(), "--dn", "CN=alice,O=Example", "--path", "/admin/x");
        result.assertExit(Explainer.ALLOW);
        result.assertOut("DN only");
        result.assertOut("subject      CN=alice,O=Example");
        result.assertOut("skip  validity dates: unknown");
        result.assertOut("decision: allowed (reason allowed) by line 2");
    }

    @Test
    void theRolesEntriesThePrincipalAndTheNameTheApplicationSeesAreShown() throws Exception {
        HeldCertificate workload = HeldCertificate.builder()
                .subject(new org.bouncycastle.asn1.x500.X500NameBuilder(org.bouncycastle.asn1.x500.style.BCStyle.INSTANCE)
                        .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.O, "Corp")
                        .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.OU, "platform").build())
                .addUriAlternativeName("spiffe://example.org/ns/prod/sa/web").clientAuth().signedBy(pki.ca).build();
        Path webXml = webXml(Map.of("rules", "/x/*  san-uri:spiffe://example.org/ns/prod/*\n/open/* open",
                "roles", "admin = alice; reader = san-uri:spiffe://example.org/ns/prod/*; ops = ou:platform & o:Other",
                "principal", "san-uri"));
        Result result = explain("--web-xml", webXml.toString(), "--cert", pem("web.crt", workload).toString(),
                "--path", "/x/a");
        result.assertExit(Explainer.ALLOW);
        result.assertOut("note  role admin not held: cn:alice does not match CN (none)");
        result.assertOut("note  role reader held: san-uri:spiffe://example.org/ns/prod/* matches SAN URI"
                + " \"spiffe://example.org/ns/prod/sa/web\"");
        result.assertOut("note  role ops not held: ou:platform matches OU \"platform\"; o:Other does not match O \"Corp\"");
        result.assertOut("pass  principal: the application sees the client as \"spiffe://example.org/ns/prod/sa/web\""
                + " (principal=san-uri)");
        result.assertOut("the request goes on, and the application sees the client as"
                + " \"spiffe://example.org/ns/prod/sa/web\" with roles reader");

        Path byEmail = webXml(Map.of("rules", "/x/*  san-uri:spiffe://example.org/ns/prod/*\n/open/* open",
                "principal", "san-email"));
        Result refused = explain("--web-xml", byEmail.toString(), "--cert", pem("web.crt", workload).toString(),
                "--path", "/x/a");
        refused.assertExit(Explainer.DENY);
        refused.assertOut("FAIL  principal: principal=san-email is set, and the certificate has no e-mail"
                + " subjectAltName (reason no-principal-name)");
        refused.assertOut("decision: denied (reason no-principal-name)");
        Result open = explain("--web-xml", byEmail.toString(), "--cert", pem("web.crt", workload).toString(),
                "--path", "/open/a");
        open.assertExit(Explainer.ALLOW);
        open.assertOut("the request goes on without an identity");
    }

    @Test
    void theIdentityAndTheTestsShowEveryCertificateField() throws Exception {
        HeldCertificate card = HeldCertificate.builder().commonName("erin").addUpnAlternativeName("erin@corp.example")
                .addSubjectAlternativeName("10.1.2.3").addUriAlternativeName("spiffe://example.org/ns/prod/sa/web")
                .certificatePolicy("1.3.6.1.4.1.99999.1.2").clientAuth().signedBy(pki.ca).build();
        String spki = io.certgate.identity.ClientIdentity.of(card.certificate()).spkiSha256();
        Path webXml = webXml(Map.of("rules", "/x/*  upn:erin@corp.example & san-ip:10.1.0.0/16"
                + " & san-uri:spiffe://example.org/ns/prod/* & spki:" + spki + " & policy:1.3.6.1.4.1.99999.1.2\n"
                + "/y/*  policy:2.23.140.1.2.1"));
        Result result = explain("--web-xml", webXml.toString(), "--cert", pem("erin.crt", card).toString(),
                "--path", "/x/a");
        result.assertExit(Explainer.ALLOW);
        result.assertLine("  SANs", "UPN:erin@corp.example");
        result.assertLine("  SANs", "IP:10.1.2.3");
        result.assertLine("  SPKI SHA-256", spki.substring(0, 2).toUpperCase() + ":");
        result.assertLine("  policies", "1.3.6.1.4.1.99999.1.2");
        result.assertOut("upn:erin@corp.example matches SAN UPN \"erin@corp.example\"");
        result.assertOut("san-ip:10.1.0.0/16 matches SAN IP \"10.1.2.3\"");
        result.assertOut("san-uri:spiffe://example.org/ns/prod/* matches SAN URI \"spiffe://example.org/ns/prod/sa/web\"");
        result.assertOut("spki:" + spki + " matches public key SHA-256 " + spki);
        result.assertOut("policy:1.3.6.1.4.1.99999.1.2 matches certificate policies \"1.3.6.1.4.1.99999.1.2\"");

        Result other = explain("--web-xml", webXml.toString(), "--cert", pem("erin.crt", card).toString(),
                "--path", "/y/a");
        other.assertExit(Explainer.DENY);
        other.assertOut("policy:2.23.140.1.2.1 does not match certificate policies \"1.3.6.1.4.1.99999.1.2\"");
        Result dnOnly = explain("--web-xml", webXml.toString(), "--dn", "CN=erin", "--path", "/y/a");
        dnOnly.assertOut("policy:2.23.140.1.2.1 does not match certificate policies (unknown, only a DN was given)");
    }

    @Test
    void aDnIsRefusedWhenTrustedCaNeedsTheWholeCertificate() throws Exception {
        Path webXml = webXml(Map.of("allowed-cns", "alice", "rules", RULES, "trusted-ca", ca.toString()));
        Result result = explain("--web-xml", webXml.toString(), "--dn", "CN=alice", "--path", "/admin/");
        result.assertExit(Explainer.DENY);
        result.assertOut("decision: denied (reason certificate-not-passed)");
    }

    @Test
    void aDnThatDoesNotParseIsDeniedAsMalformed() throws Exception {
        Path webXml = webXml(Map.of("allowed-cns", "alice", "rules", RULES));
        Result result = explain("--web-xml", webXml.toString(), "--dn", "CN=alice,,", "--path", "/admin/");
        result.assertExit(Explainer.DENY);
        result.assertOut("decision: denied (reason malformed-dn)");
    }

    @Test
    void openPathsNeedNoCertificate() throws Exception {
        Path webXml = webXml(Map.of("rules", RULES));
        Result open = explain("--web-xml", webXml.toString(), "--no-cert", "--path", "/unprotected/page");
        open.assertExit(Explainer.ALLOW);
        open.assertOut("decision: allowed (reason open-path) by line 1");
        open.assertOut("without an identity");
        explain("--web-xml", webXml.toString(), "--cert", alice.toString(), "--path", "/unprotected/page")
                .assertOut("the application sees the client as \"alice\"");

        Result guarded = explain("--web-xml", webXml.toString(), "--no-cert", "--path", "/admin/");
        guarded.assertExit(Explainer.DENY);
        guarded.assertOut("decision: denied (reason no-certificate)");
        guarded.assertOut("the client gets 403 \"client certificate required\"");
    }

    @Test
    void aMethodThePatternDoesNotCoverIsDenied() throws Exception {
        Path webXml = webXml(Map.of("rules", RULES));
        Result result = explain("--web-xml", webXml.toString(), "--cert", bob.toString(), "--path", "/api/items",
                "--method", "POST");
        result.assertExit(Explainer.DENY);
        result.assertOut("decision: denied (reason method-not-covered) by \"/api/* (no rule for this method)\"");
    }

    @Test
    void headIsAlsoCheckedAsGet() throws Exception {
        Path webXml = webXml(Map.of("rules", "/r/* HEAD any\n/r/* GET cn:alice"));
        Result result = explain("--web-xml", webXml.toString(), "--cert", bob.toString(), "--path", "/r/x",
                "--method", "HEAD");
        result.assertExit(Explainer.DENY);
        result.assertOut("as written, lower-cased -> line 1");
        result.assertOut("as GET, as GET, lower-cased -> line 2");
    }

    @Test
    void reportOnlyModeIsNamedWithADenial() throws Exception {
        Path webXml = webXml(Map.of("allowed-cns", "alice", "rules", RULES, "mode", "report-only"));
        Result result = explain("--web-xml", webXml.toString(), "--cert", bob.toString(), "--path", "/admin/");
        result.assertExit(Explainer.DENY);
        result.assertOut("mode=report-only: the filter logs this denial but lets the request through");
    }

    @Test
    void atDecidesAtAnotherTime() throws Exception {
        Path webXml = webXml(Map.of("allowed-cns", "alice", "rules", RULES));
        Result result = explain("--web-xml", webXml.toString(), "--cert", alice.toString(), "--path", "/admin/",
                "--at", "2100-01-01T00:00:00Z");
        result.assertExit(Explainer.DENY);
        result.assertOut("decision: denied (reason expired)");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "rules=/admin/* cn:alice\n/admin/* open",
        "rules=/admin/* cn:alice\nadmin cn:bob",
        "alowed-cns=alice",
        "allowed-cns=alice,,bob",
        "trusted-ca=/no/such/ca.pem",
        "sources=header",
        "max-chain-depth=2",
    })
    void aBadConfigurationExitsTwoWithTheMessageInitGives(String parameter) throws Exception {
        int equals = parameter.indexOf('=');
        Map<String, String> parameters = Map.of(parameter.substring(0, equals), parameter.substring(equals + 1));
        ServletException init = assertThrows(ServletException.class, () -> new ClientCertFilter().init(config(parameters)));

        Result result = explain("--web-xml", webXml(parameters).toString(), "--cert", alice.toString(), "--path", "/");
        result.assertExit(Explainer.ERROR);
        assertEquals(init.getMessage() + System.lineSeparator(), result.err);
        assertTrue(init.getMessage().startsWith("CertGate configuration error: init-param '"), init.getMessage());
        assertEquals("", result.out);
    }

    @Test
    void theCertificateSourcesAreShownWithTheProxyFormatAndTheProxysCertificates() throws Exception {
        Path webXml = webXml(Map.of("allowed-cns", "alice", "rules", RULES, "sources", "tls,header",
                "trusted-proxies", "10.0.0.5", "proxy-format", "ingress-nginx",
                "trusted-proxy-certs", "AB".repeat(32) + "; CN=proxy,O=Example"));
        Result result = explain("--web-xml", webXml.toString(), "--cert", alice.toString(), "--path", "/admin/");
        result.assertExit(Explainer.ALLOW);
        result.assertOut("certificate sources, in order:");
        result.assertOut("  tls: the certificate the container's TLS handshake received, unless it is in"
                + " trusted-proxy-certs (the proxy's own, never a client's)");
        result.assertOut("  header: proxy-format ingress-nginx (headers ssl-client-cert, ssl-client-issuer-dn,"
                + " ssl-client-subject-dn, ssl-client-verify) from trusted-proxies [10.0.0.5/32] that presented a TLS"
                + " client certificate in trusted-proxy-certs (SHA-256 " + "ab".repeat(32) + "; CN=proxy,O=Example)");

        Result byAddress = explain("explain", "--check", "--web-xml", webXml(Map.of("allowed-cns", "alice",
                "sources", "header", "trusted-proxies", "10.0.0.5", "proxy-format", "haproxy")).toString());
        byAddress.assertOut("  header: proxy-format haproxy (headers X-SSL-Client-Cert, X-SSL-Client-Chain,"
                + " X-SSL-Client-Verify) from trusted-proxies [10.0.0.5/32], by address alone");
    }

    @Test
    void withTheTlsSourceAloneNoSourcesAreListed() throws Exception {
        Result result = explain("--web-xml", webXml(Map.of("allowed-cns", "alice", "rules", RULES)).toString(),
                "--cert", alice.toString(), "--path", "/admin/");
        assertFalse(result.out.contains("certificate sources"), result.out);
    }

    @Test
    void checkListsARuleThatCanNeverMatch() throws Exception {
        Path webXml = webXml(Map.of("allowed-cns", "alice", "rules", "/* allowlist\n/admin/* cn:alice\n*.pdf any"));
        Result result = explain("explain", "--check", "--web-xml", webXml.toString());
        result.assertExit(1);
        result.assertOut("configuration is valid");
        result.assertOut("unreachable rules (1)");
        result.assertOut("line 3 \"*.pdf any\" is shadowed by line 1 \"/* allowlist\":");
        result.assertOut("prefix patterns are tried before extension patterns");
    }

    @Test
    void checkPassesAConfigurationWhoseRulesAllMatchSomething() throws Exception {
        Path webXml = webXml(Map.of("allowed-cns", "alice", "rules", RULES));
        Result result = explain("explain", "--check", "--web-xml", webXml.toString());
        result.assertExit(0);
        result.assertOut("rules (3):");
        result.assertOut("unreachable rules: none");
    }

    @Test
    void checkReportsAConfigurationError() throws Exception {
        Path webXml = webXml(Map.of("rules", "/admin/* cn:alice\n/admin/* cn:bob"));
        Result result = explain("explain", "--check", "--web-xml", webXml.toString());
        result.assertExit(Explainer.ERROR);
        assertTrue(result.err.startsWith("CertGate configuration error: init-param 'rules' line 2: duplicate rule"),
                result.err);
    }

    @Test
    void paramFillsInAValueTheDeploymentProvides() throws Exception {
        Path webXml = webXml(Map.of("allowed-cns", "alice", "rules", RULES, "trusted-ca", "${trusted-ca}"));
        explain("--web-xml", webXml.toString(), "--cert", alice.toString(), "--path", "/admin/")
                .assertExit(Explainer.ERROR);
        Result result = explain("--web-xml", webXml.toString(), "--param", "trusted-ca=" + ca,
                "--cert", alice.toString(), "--path", "/admin/");
        result.assertExit(Explainer.ALLOW);
        result.assertOut("trusted-ca from --param");
    }

    @Test
    void filterNameChoosesAmongSeveralCertGateFilters() throws Exception {
        Path webXml = dir.resolve("two.xml");
        Files.writeString(webXml, "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">"
                + filter("strict", Map.of("rules", "/* cn:alice"))
                + filter("lenient", Map.of("rules", "/* any"))
                + "</web-app>");
        Result ambiguous = explain("--web-xml", webXml.toString(), "--cert", bob.toString(), "--path", "/");
        ambiguous.assertExit(Explainer.ERROR);
        assertTrue(ambiguous.err.contains("declares 2 CertGate filters (strict, lenient); choose one with --filter-name"),
                ambiguous.err);
        explain("--web-xml", webXml.toString(), "--filter-name", "strict", "--cert", bob.toString(), "--path", "/")
                .assertExit(Explainer.DENY);
        explain("--web-xml", webXml.toString(), "--filter-name", "lenient", "--cert", bob.toString(), "--path", "/")
                .assertExit(Explainer.ALLOW);
    }

    @Test
    void aDoctypeIsRefusedSoNoExternalEntityIsRead() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        Path webXml = dir.resolve("xxe.xml");
        Files.writeString(webXml, "<?xml version=\"1.0\"?>\n<!DOCTYPE web-app [<!ENTITY x SYSTEM \""
                + secret.toUri() + "\">]>\n<web-app>" + filter("certgate", Map.of("rules", "/* cn:&x;"))
                + "</web-app>");
        Result result = explain("explain", "--check", "--web-xml", webXml.toString());
        result.assertExit(Explainer.ERROR);
        assertTrue(result.err.contains("DOCTYPE declarations are refused"), result.err);
        assertFalse(result.out.contains("TOP-SECRET") || result.err.contains("TOP-SECRET"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "",
        "check",
        "explain --path /",
        "explain --web-xml WEBXML --path /admin/",
        "explain --web-xml WEBXML --cert CERT --dn CN=alice --path /admin/",
        "explain --web-xml WEBXML --cert CERT",
        "explain --web-xml WEBXML --cert CERT --path admin",
        "explain --web-xml WEBXML --cert CERT --path /admin?x=1",
        "explain --web-xml WEBXML --cert CERT --path /admin/ --method G\u00c9T",
        "explain --web-xml WEBXML --cert CERT --path /admin/ --verbose",
        "explain --web-xml WEBXML --cert CERT --path",
        "explain --web-xml WEBXML --cert CERT --path / --at tomorrow",
        "explain --web-xml WEBXML --cert CERT --path / --param trusted-ca",
        "explain --check --web-xml WEBXML --cert CERT",
        "explain --web-xml WEBXML --cert CERT --path / --path /admin",
    })
    void badArgumentsExitTwoWithUsage(String commandLine) throws Exception {
        Path webXml = webXml(Map.of("rules", RULES));
        List<String> args = new ArrayList<>();
        for (String word : commandLine.split(" ")) {
            if (!word.isEmpty()) {
                args.add(word.replace("WEBXML", webXml.toString()).replace("CERT", alice.toString()));
            }
        }
        Result result = run(args.toArray(new String[0]));
        result.assertExit(Explainer.ERROR);
        assertTrue(result.err.startsWith("CertGate explain: "), result.err);
        assertTrue(result.err.contains("usage: java -jar filter-core.jar explain"), result.err);
        assertEquals("", result.out);
    }

    @Test
    void missingFilesAreNamed() throws Exception {
        Path webXml = webXml(Map.of("rules", RULES));
        Result noCert = explain("--web-xml", webXml.toString(), "--cert", dir.resolve("nope.crt").toString(),
                "--path", "/");
        noCert.assertExit(Explainer.ERROR);
        assertTrue(noCert.err.contains("nope.crt does not exist"), noCert.err);
        Result noWebXml = explain("--check", "--web-xml", dir.resolve("web.xml.missing").toString());
        noWebXml.assertExit(Explainer.ERROR);
        assertTrue(noWebXml.err.contains("web.xml.missing does not exist"), noWebXml.err);
    }

    @Test
    void helpExitsZero() {
        Result result = run("explain", "--help");
        result.assertExit(0);
        result.assertOut("usage:");
    }

    // -----------------------------------------------------------------------------------------------------------

    private Result explain(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.get(0).equals("explain")) {
            all.add(0, "explain");
        }
        return run(all.toArray(new String[0]));
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Explainer.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC());
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int exit, String out, String err) {
        void assertExit(int expected) {
            assertEquals(expected, exit, () -> "exit status; stdout:\n" + out + "\nstderr:\n" + err);
        }

        void assertOut(String expected) {
            assertTrue(out.contains(expected), () -> "stdout lacks \"" + expected + "\":\n" + out + "\nstderr:\n" + err);
        }

        void assertLine(String start, String expected) {
            assertTrue(out.lines().anyMatch(line -> line.startsWith(start) && line.contains(expected)),
                    () -> "stdout lacks a line starting \"" + start + "\" with \"" + expected + "\":\n" + out);
        }
    }

    private Path pem(String name, HeldCertificate certificate) throws Exception {
        return Files.writeString(dir.resolve(name), certificate.certificatePem());
    }

    private Path webXml(Map<String, String> parameters) throws Exception {
        Path webInf = Files.createDirectories(dir.resolve("WEB-INF"));
        return Files.writeString(webInf.resolve("web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <!-- a comment -->
                  <filter-mapping><filter-name>certgate</filter-name><url-pattern>/*</url-pattern></filter-mapping>
                """ + filter("certgate", parameters) + "</web-app>\n");
    }

    /** A {@code <filter>} declaring {@link ClientCertFilter} with {@code parameters}, as a web.xml holds it. */
    public static String filter(String name, Map<String, String> parameters) {
        StringBuilder xml = new StringBuilder("<filter>\n  <filter-name>" + name + "</filter-name>\n"
                + "  <filter-class>io.certgate.ClientCertFilter</filter-class>\n");
        parameters.forEach((parameter, value) -> xml.append("  <init-param><param-name>").append(parameter)
                .append("</param-name>\n    <param-value>").append(value.replace("&", "&amp;").replace("<", "&lt;")
                        .replace("&amp;x;", "&x;"))
                .append("</param-value></init-param>\n"));
        return xml.append("</filter>\n").toString();
    }

    private static FilterConfig config(Map<String, String> parameters) {
        return ServletMocks.config(null, parameters);
    }
}
