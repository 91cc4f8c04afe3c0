package io.certgate.demo.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.certgate.pki.DemoPki;

/**
 * Path, method and framing tricks, and forged proxy headers, sent byte for byte to a running demo: the same
 * cases against every container. A demo module runs it with a subclass naming its {@code start}:
 *
 * <pre>{@code
 * class JettyBypassTest extends BypassMatrix {
 *     JettyBypassTest() { super(JettyDemo::start); }
 * }
 * }</pre>
 *
 * <p>The pass condition is about what is served, not about status codes, since the container may refuse
 * a request itself (400, 404, 405, 501) before CertGate sees it: the admin page ({@value #ADMIN_MARKER}) is
 * never sent to anyone but alice, and the greeting ({@value #HOME_MARKER}) or the {@code /whoami} JSON never
 * to a client without an allowed certificate, in any response on the connection (a smuggled second request
 * included). Requests without a body to look at ({@code HEAD}, {@code OPTIONS}, unknown methods) must not
 * get a 2xx. Each case names the advisory whose pattern it replays.
 *
 * <p>TLS mode goes to the HTTPS entrance with each demo certificate but alice's, and none; proxy mode goes to
 * the HTTP entrance from the trusted proxy address with the headers nginx would set for bob, or for a client
 * without a certificate. {@link #plainSpellingsServeThePagesTheMarkersDetect} proves the markers are what
 * the pages say, so that the matrix can fail.
 */
public abstract class BypassMatrix extends DemoUnderTest {
    /** In the admin page only (demo-common's AdminServlet). */
    public static final String ADMIN_MARKER = "Welcome to the admin area";
    /** In the greeting page only (HomeServlet). */
    public static final String HOME_MARKER = "<h1>Hello, ";
    /** In the {@code /whoami} JSON only. */
    public static final String WHOAMI_MARKER = "\"source\":";
    /** The client without a certificate, in the matrix's {@code who}. */
    public static final String NONE = "no cert";
    /** The certificates the greeting is for. */
    public static final List<String> ALLOWED = List.of("alice", "bob");


    private final Map<String, SSLContext> tls = new HashMap<>();

    protected BypassMatrix(Starter starter) {
        super(starter);
    }

    @BeforeAll
    void connectClients() throws Exception {
        tls.put(NONE, DemoClient.sslContext(pkiDir(), null));
        for (String name : DemoPki.CLIENTS) {
            tls.put(name, DemoClient.sslContext(pkiDir(), name));
        }
    }


    /**
     * What the request aims at, for the status check of body-less methods: a page, or the server itself
     * ({@code OPTIONS *}), which a container may answer (Tomcat: 200 with an {@code Allow} list) for anyone.
     */
    public enum Aim { ADMIN, HOME, SERVER }

    /**
     * One trick.
     *
     * @param name what it is and whose advisory it replays
     * @param aim the page it tries to reach
     * @param requestLine e.g. {@code GET /;/admin/ HTTP/1.1}
     * @param headers extra header lines, each ending in CRLF
     * @param body what follows the blank line
     * @param standardHost whether to send {@code Host: localhost} first
     */
    public record Case(String name, Aim aim, String requestLine, String headers, String body, boolean standardHost) {
        static Case get(String name, Aim aim, String target) {
            return new Case(name, aim, "GET " + target + " HTTP/1.1", "", "", true);
        }

        static Case method(String name, Aim aim, String method, String target) {
            return new Case(name, aim, method + " " + target + " HTTP/1.1", "", "", true);
        }

        static Case raw(String name, Aim aim, String requestLine, String headers, String body) {
            return new Case(name, aim, requestLine, headers, body, true);
        }

        /** The request, with the identity's headers (proxy mode) after the case's own. */
        public String request(String identityHeaders) {
            return requestLine + "\r\n" + (standardHost ? "Host: localhost\r\n" : "") + headers + identityHeaders
                    + "Connection: close\r\n\r\n" + body;
        }

        public boolean bodyless() {
            String method = requestLine.substring(0, requestLine.indexOf(' '));
            return !method.equals("GET") && !method.equals("POST");
        }

        @Override
        public String toString() {
            return name + " [" + requestLine.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0") + "]";
        }
    }

    /**
     * The tricks, for any server that serves demo-common's pages under its rules ({@code /unprotected/*} open,
     * {@code /admin/*} alice, everything else alice and bob): the demos, and the container authentication
     * modules of jakarta-auth.
     */
    public static List<Case> cases() {
        Aim a = Aim.ADMIN;
        Aim h = Aim.HOME;
        return List.of(
            // Controls: the plain spellings.
            Case.get("plain", a, "/admin/"),
            Case.get("plain, no trailing slash", a, "/admin"),
            Case.get("plain", h, "/"),
            Case.get("plain", h, "/whoami"),

            // Server-side dispatch: an open page hands the request to the admin page.
            Case.get("open page includes the admin page", a, "/unprotected/include-admin"),
            Case.get("open page forwards to the admin page", a, "/unprotected/forward-admin"),
            Case.get("open page includes the admin page, path parameter", a, "/unprotected/include-admin;x"),
            Case.get("open page forwards to the admin page, encoded letter", a, "/unprotected/%66orward-admin"),

            // Path parameters.
            Case.get("Shiro CVE-2020-1957: ; segment before the path", a, "/;/admin/"),
            Case.get("Shiro CVE-2020-1957: ..; out of an open path", a, "/unprotected/..;/admin/"),
            Case.get("Shiro CVE-2020-1957: ..; out of an open path", h, "/unprotected/..;/"),
            Case.get("Shiro CVE-2020-1957: ..; out of an open path", h, "/unprotected/..;/whoami"),
            Case.get("path parameter on the segment", a, "/admin;x=y/"),
            Case.get("path parameter, empty", a, "/admin;/"),
            Case.get("path parameter after the slash", a, "/admin/;/"),
            Case.get("Spring Security: ;jsessionid= in the path", a, "/admin;jsessionid=0123456789/"),
            Case.get("Spring Security: ;jsessionid= before the path", a, "/;jsessionid=x/admin/"),
            Case.get("path parameter on the open prefix, then ..", a, "/unprotected;x/../admin/"),
            Case.get("path parameter segment, then ..", a, "/unprotected/;x/../admin/"),
            Case.get("Shiro CVE-2020-13933: encoded ; (%3b)", a, "/admin/%3bx"),
            Case.get("Shiro CVE-2020-13933: encoded ; (%3b) before the path", a, "/%3b/admin/"),
            Case.get("Shiro CVE-2020-13933: encoded ; (%3b) out of an open path", a, "/unprotected/..%3b/admin/"),

            // Encoded dots and slashes.
            Case.get("encoded letter", a, "/%61dmin/"),
            Case.get("encoded letters, upper-case hex", a, "/%61%64%6D%69%6E/"),
            Case.get("encoded dot segment", a, "/%2e/admin/"),
            Case.get("encoded .. out of an open path", a, "/unprotected/%2e%2e/admin/"),
            Case.get("encoded .. upper-case hex", a, "/unprotected/%2E%2E/admin/"),
            Case.get("half-encoded ..", a, "/unprotected/.%2e/admin/"),
            Case.get("encoded .. out of an open path", h, "/unprotected/%2e%2e/"),
            Case.get("encoded slash (Spring CVE-2016-9879)", a, "/unprotected%2f..%2fadmin/"),
            Case.get("encoded slash after the prefix", a, "/admin%2f"),
            Case.get("encoded slash, upper-case hex", a, "/unprotected%2F..%2Fadmin%2F"),
            Case.get("double-encoded slash %252f", a, "/unprotected%252f..%252fadmin/"),
            Case.get("double-encoded .. %252e", a, "/unprotected/%252e%252e/admin/"),
            Case.get("Shiro CVE-2020-11989: %25%32%66 double-encoded slash", a, "/unprotected/..%25%32%66admin/"),
            Case.get("Shiro CVE-2020-11989: %25%32%66 double-encoded slash", a, "/admin%25%32%66"),
            Case.get("Shiro CVE-2020-11989: %25%32%66 double-encoded slash", h, "/unprotected%25%32%66..%25%32%66whoami"),
            Case.get("triple-encoded slash %25252f", a, "/unprotected%25252f..%25252fadmin/"),
            Case.get("encoded backslash %5c", a, "/unprotected/..%5cadmin/"),
            Case.get("encoded backslashes %5c", a, "/unprotected%5c..%5cadmin%5c"),
            Case.get("overlong UTF-8 dots %c0%ae", a, "/unprotected/%c0%ae%c0%ae/admin/"),
            Case.get("overlong UTF-8 slash %c0%af", a, "/unprotected%c0%af..%c0%afadmin/"),
            Case.get("overlong UTF-8 dot %e0%80%ae", a, "/unprotected/%e0%80%ae%e0%80%ae/admin/"),
            Case.get("overlong UTF-8 letter", a, "/%c1%a1dmin/"),
            Case.get("full-width solidus U+FF0F", a, "/unprotected%ef%bc%8f..%ef%bc%8fadmin/"),

            // Double and back slashes.
            Case.get("double slash before", a, "//admin/"),
            Case.get("triple slash before", a, "///admin/"),
            Case.get("double slash after", a, "/admin//"),
            Case.get("double slash inside an open path, then ..", a, "/unprotected//../admin/"),
            Case.get("backslash", a, "/admin\\"),
            Case.get("backslash before", a, "/\\admin/"),
            Case.get("backslashes with ..", a, "/unprotected\\..\\admin\\"),

            // Dot segments.
            Case.get(".. out of an open path", a, "/unprotected/../admin/"),
            Case.get(".. out of an unknown path", a, "/x/../admin/"),
            Case.get(". segment", a, "/./admin/"),
            Case.get(". then ..", a, "/unprotected/./../admin/"),
            Case.get(".. back into itself", a, "/admin/../admin/"),
            Case.get(".. above the root", a, "/../admin/"),
            Case.get(".. out of an open path", h, "/unprotected/.."),
            Case.get(".. out of an open path", h, "/unprotected/../"),
            Case.get(".. out of an open path", h, "/unprotected/../whoami"),

            // Case and suffix.
            Case.get("Spring CVE-2016-5007: upper case", a, "/ADMIN/"),
            Case.get("Spring CVE-2016-5007: capitalized, no slash", a, "/Admin"),
            Case.get("Spring CVE-2016-5007: mixed case", a, "/aDmIn/"),
            Case.get("Spring CVE-2016-5007: suffix pattern match", a, "/admin.json"),
            Case.get("Spring CVE-2016-5007: upper case", h, "/WHOAMI"),
            Case.get("Spring CVE-2016-5007: suffix pattern match", h, "/whoami.json"),
            Case.get("Spring: trailing slash (MVC matches /whoami/)", h, "/whoami/"),
            Case.get("trailing dot", a, "/admin."),
            Case.get("trailing dot segment", a, "/admin./"),
            Case.get("trailing dots", a, "/admin.../"),
            Case.get("trailing dot segment", h, "/whoami."),
            Case.get("trailing . segment", a, "/admin/."),
            Case.get("Shiro CVE-2020-17523: trailing encoded space", a, "/admin/%20"),
            Case.get("Shiro CVE-2020-17523: encoded space after the segment", a, "/admin%20/"),
            Case.get("Shiro CVE-2020-17523: encoded space segment", a, "/%20/admin/"),
            Case.get("Shiro CVE-2020-17523: trailing encoded space", h, "/whoami%20"),
            Case.get("encoded tab", a, "/admin%09/"),

            // Newlines and NUL.
            Case.get("Shiro CVE-2022-32532 / Spring CVE-2022-22978: %0a", a, "/admin/%0a"),
            Case.get("Shiro CVE-2022-32532 / Spring CVE-2022-22978: %0d", a, "/admin/%0d"),
            Case.get("Spring CVE-2022-22978: %0a inside the path", a, "/admin/x%0ay"),
            Case.get("Spring CVE-2022-22978: %0d%0a after the segment", a, "/admin%0d%0a/"),
            Case.get("Shiro CVE-2022-32532: %0a", h, "/whoami%0a"),
            Case.get("NUL %00", a, "/admin/%00"),
            Case.get("NUL %00 in the segment", a, "/admin%00/"),
            Case.get("NUL %00 with extension", a, "/admin/%00.html"),
            Case.get("NUL %00 out of an open path", a, "/unprotected/%00/../admin/"),
            Case.raw("raw NUL byte", a, "GET /admin/\0 HTTP/1.1", "", ""),

            // Queries and fragments that look like paths.
            Case.get("path in the query", a, "/unprotected/?/../admin/"),
            Case.get("fragment in the request target", a, "/unprotected/#/../admin/"),
            Case.get("encoded ? (%3f) before the path", a, "/unprotected%3f/../admin/"),

            // Absolute-form and request-target forms.
            Case.get("absolute-form https", a, "https://localhost/admin/"),
            Case.get("absolute-form http", a, "http://localhost/admin/"),
            Case.get("absolute-form, other host", a, "http://evil.example/admin/"),
            Case.get("absolute-form with ..", a, "https://localhost/unprotected/../admin/"),
            Case.get("absolute-form with encoded ..", a, "https://localhost/unprotected/%2e%2e/admin/"),
            Case.get("absolute-form", h, "https://localhost/"),
            Case.get("absolute-form with user info", a, "https://alice@localhost/admin/"),
            Case.get("origin-form without leading slash", a, "admin/"),
            Case.get("asterisk-form with GET", a, "*"),

            // Methods.
            Case.method("HEAD", a, "HEAD", "/admin/"),
            Case.method("HEAD", h, "HEAD", "/"),
            Case.method("HEAD with ..", a, "HEAD", "/unprotected/../admin/"),
            Case.method("OPTIONS", a, "OPTIONS", "/admin/"),
            Case.method("OPTIONS", h, "OPTIONS", "/"),
            Case.method("TRACE", a, "TRACE", "/admin/"),
            Case.method("unknown method", a, "FOO", "/admin/"),
            Case.method("WebDAV method", a, "PROPFIND", "/admin/"),
            Case.method("DELETE", a, "DELETE", "/admin/"),
            Case.method("lower-case method", a, "get", "/admin/"),
            Case.method("lower-case method", h, "get", "/"),
            Case.raw("POST with X-HTTP-Method-Override: GET", a, "POST /admin/ HTTP/1.1",
                    "X-HTTP-Method-Override: GET\r\nContent-Length: 0\r\n", ""),
            Case.raw("HTTP/1.0 without Host", a, "GET /admin/ HTTP/1.0", "", ""),
            Case.raw("HTTP/0.9 style request line", a, "GET /admin/", "", ""),
            Case.raw("HTTP/2 version on HTTP/1 connection", a, "GET /admin/ HTTP/2.0", "", ""),

            // Framing: Transfer-Encoding and Host.
            Case.raw("TE.CL smuggling: chunked body holds a GET /admin/", a, "POST /unprotected/ HTTP/1.1",
                    "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n",
                    "0\r\n\r\nGET /admin/ HTTP/1.1\r\nHost: localhost\r\n\r\n"),
            Case.raw("CL.TE smuggling: Content-Length body holds a GET /admin/", a, "POST /unprotected/ HTTP/1.1",
                    "Content-Length: 43\r\nTransfer-Encoding: chunked\r\n",
                    "0\r\n\r\nGET /admin/ HTTP/1.1\r\nHost: localhost\r\n\r\n"),
            Case.raw("pipelined open request then /admin/", a, "GET /unprotected/ HTTP/1.1",
                    "Content-Length: 0\r\n\r\nGET /admin/ HTTP/1.1\r\nHost: localhost\r\n", ""),
            Case.raw("Transfer-Encoding: xchunked", a, "POST /unprotected/ HTTP/1.1",
                    "Transfer-Encoding: xchunked\r\nContent-Length: 0\r\n", ""),
            Case.raw("Transfer-Encoding: chunked, identity", a, "POST /unprotected/ HTTP/1.1",
                    "Transfer-Encoding: chunked, identity\r\n", "0\r\n\r\n"),
            Case.raw("Transfer-Encoding with space before the colon", a, "POST /unprotected/ HTTP/1.1",
                    "Transfer-Encoding : chunked\r\nContent-Length: 0\r\n", ""),
            Case.raw("Transfer-Encoding twice", a, "POST /unprotected/ HTTP/1.1",
                    "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n", "0\r\n\r\n"),
            Case.raw("GET with a chunked body holding GET /admin/", a, "GET /admin/ HTTP/1.1",
                    "Transfer-Encoding: chunked\r\n", "0\r\n\r\n"),
            new Case("duplicate Host", a, "GET /admin/ HTTP/1.1", "Host: localhost\r\nHost: evil.example\r\n", "",
                    false),
            new Case("Host with a path", a, "GET /admin/ HTTP/1.1", "Host: localhost/unprotected/\r\n", "", false),
            new Case("no Host in HTTP/1.1", a, "GET /admin/ HTTP/1.1", "", "", false),
            Case.raw("X-Original-URL / X-Rewrite-URL override", a, "GET /unprotected/ HTTP/1.1",
                    "X-Original-URL: /admin/\r\nX-Rewrite-URL: /admin/\r\n", ""),
            Case.raw("X-Forwarded-Prefix and X-Forwarded-Uri", a, "GET /admin/ HTTP/1.1",
                    "X-Forwarded-Prefix: /unprotected\r\nX-Forwarded-Uri: /unprotected/\r\n", ""));
    }

    /** Who the TLS matrix sends each case as: {@link #NONE}, then every demo certificate but alice's. */
    public static List<String> tlsClients() {
        List<String> who = new ArrayList<>();
        who.add(NONE);
        for (String name : DemoPki.CLIENTS) {
            if (!name.equals("alice")) {
                who.add(name);
            }
        }
        return List.copyOf(who);
    }

    /** Every case as every one of {@link #tlsClients()}: the arguments {@code (String who, Case trick)}. */
    public static Stream<Arguments> tlsMatrix() {
        List<String> who = tlsClients();
        return cases().stream().flatMap(c -> who.stream().map(name -> Arguments.of(name, c)));
    }

    Stream<Arguments> proxyMatrix() {
        return cases().stream().flatMap(c -> Stream.of("bob", NONE).map(name -> Arguments.of(name, c)));
    }

    @ParameterizedTest(name = "TLS, {0}: {1}")
    @MethodSource("tlsMatrix")
    void tlsEntranceServesNothingTheCertificateDoesNotAllow(String who, Case trick) throws Exception {
        RawHttp.Response response = RawHttp.tls(tls.get(who), demo().httpsPort(), trick.request(""));
        assertServesOnlyWhatIsAllowed(who, trick, trick.aim(), trick.bodyless(), response);
    }

    @ParameterizedTest(name = "proxy headers, {0}: {1}")
    @MethodSource("proxyMatrix")
    void httpEntranceServesNothingTheProxiedCertificateDoesNotAllow(String who, Case trick) throws Exception {
        RawHttp.Response response = RawHttp.plain(demo().httpPort(), trick.request(nginxHeaders(who)));
        assertServesOnlyWhatIsAllowed(who, trick, trick.aim(), trick.bodyless(), response);
    }

    /** The proof that the markers detect a served page: the plain spellings do serve them. */
    @Test
    void plainSpellingsServeThePagesTheMarkersDetect() throws Exception {
        RawHttp.Response alice = RawHttp.tls(tls.get("alice"), demo().httpsPort(), Case.get("", Aim.ADMIN, "/admin/")
                .request(""));
        assertEquals(200, alice.status(), alice::toString);
        assertTrue(alice.contains(ADMIN_MARKER), alice::toString);
        RawHttp.Response bob = RawHttp.tls(tls.get("bob"), demo().httpsPort(), Case.get("", Aim.HOME, "/").request(""));
        assertEquals(200, bob.status(), bob::toString);
        assertTrue(bob.contains(HOME_MARKER), bob::toString);
        RawHttp.Response proxied = RawHttp.plain(demo().httpPort(), Case.get("", Aim.HOME, "/whoami")
                .request(nginxHeaders("bob")));
        assertEquals(200, proxied.status(), proxied::toString);
        assertTrue(proxied.contains(WHOAMI_MARKER), proxied::toString);
        RawHttp.Response proxiedAlice = RawHttp.plain(demo().httpPort(), Case.get("", Aim.ADMIN, "/admin/")
                .request(nginxHeaders("alice")));
        assertEquals(200, proxiedAlice.status(), proxiedAlice::toString);
        assertTrue(proxiedAlice.contains(ADMIN_MARKER), proxiedAlice::toString);
        // The TLS entrance serves /whoami too, so WHOAMI_MARKER means something in the TLS matrix as well.
        RawHttp.Response whoami = RawHttp.tls(tls.get("bob"), demo().httpsPort(), Case.get("", Aim.HOME, "/whoami")
                .request(""));
        assertEquals(200, whoami.status(), whoami::toString);
        assertTrue(whoami.contains(WHOAMI_MARKER), whoami::toString);
        RawHttp.Response head = RawHttp.tls(tls.get("alice"), demo().httpsPort(),
                Case.method("", Aim.ADMIN, "HEAD", "/admin/").request(""));
        assertEquals(200, head.status(), head::toString);
        // The dispatching pages do reach the admin page, for alice, by either entrance.
        for (String page : List.of("/unprotected/include-admin", "/unprotected/forward-admin")) {
            RawHttp.Response dispatched = RawHttp.tls(tls.get("alice"), demo().httpsPort(),
                    Case.get("", Aim.ADMIN, page).request(""));
            assertEquals(200, dispatched.status(), dispatched::toString);
            assertTrue(dispatched.contains(ADMIN_MARKER), dispatched::toString);
            RawHttp.Response proxiedDispatch = RawHttp.plain(demo().httpPort(), Case.get("", Aim.ADMIN, page)
                    .request(nginxHeaders("alice")));
            assertTrue(proxiedDispatch.contains(ADMIN_MARKER), proxiedDispatch::toString);
        }
        // Without a certificate the include leaves the admin page out of an open page that is still served.
        RawHttp.Response included = RawHttp.tls(tls.get(NONE), demo().httpsPort(),
                Case.get("", Aim.ADMIN, "/unprotected/include-admin").request(""));
        assertEquals(200, included.status(), included::toString);
        assertTrue(included.contains("end of the included admin page"), included::toString);
    }

    // ---- Header attacks on the HTTP entrance -------------------------------------------------------------

    /**
     * One forged or mangled set of proxy headers, each trying to be alice (or to reach the admin page).
     *
     * @param name what it is
     * @param localAddress the address the client connects from
     * @param headers the header lines, each ending in CRLF
     */
    record HeaderAttack(String name, String localAddress, String headers) {
        @Override
        public String toString() {
            return name + " from " + localAddress;
        }
    }

    /** {@code 127.0.0.1} is the demo's default trusted proxy; {@code 127.0.0.3} is anyone else on the host. */
    static final String TRUSTED = "127.0.0.1";
    static final String UNTRUSTED = "127.0.0.3";

    Stream<HeaderAttack> headerAttacks() throws Exception {
        return headerAttacks(pkiDir());
    }

    /** The header attacks, with the certificates in {@code pkiDir}. */
    static Stream<HeaderAttack> headerAttacks(Path pkiDir) throws Exception {
        String alice = DemoClient.nginxEscaped(pkiDir, "alice");
        String bob = DemoClient.nginxEscaped(pkiDir, "bob");
        String mallory = DemoClient.nginxEscaped(pkiDir, "mallory");
        String alicePem = Files.readString(pkiDir.resolve("alice.crt")).replace('\n', ' ');
        String success = "X-Client-Verify: SUCCESS\r\n";
        return Stream.of(
            new HeaderAttack("alice's certificate headers from an untrusted peer", UNTRUSTED,
                    success + "X-Client-Cert: " + alice + "\r\nX-Client-Dn: CN=alice\r\n"),
            new HeaderAttack("untrusted peer claiming to be the proxy in X-Forwarded-For", UNTRUSTED,
                    "X-Forwarded-For: 127.0.0.1\r\nX-Real-IP: 127.0.0.1\r\nForwarded: for=127.0.0.1\r\n" + success
                            + "X-Client-Cert: " + alice + "\r\n"),
            new HeaderAttack("mixed-case names from an untrusted peer", UNTRUSTED,
                    "x-client-verify: SUCCESS\r\nX-CLIENT-CERT: " + alice + "\r\n"),
            new HeaderAttack("one-line PEM from an untrusted peer", UNTRUSTED,
                    success + "X-Client-Cert: " + alicePem + "\r\n"),
            new HeaderAttack("underscore names (CGI-style) from an untrusted peer", UNTRUSTED,
                    "X_Client_Verify: SUCCESS\r\nX_Client_Cert: " + alice + "\r\n"),
            new HeaderAttack("certificate header twice: bob's, then alice's", TRUSTED,
                    success + "X-Client-Cert: " + bob + "\r\nX-Client-Cert: " + alice + "\r\n"),
            new HeaderAttack("certificate header twice, second with another case", TRUSTED,
                    success + "X-Client-Cert: " + bob + "\r\nx-client-cert: " + alice + "\r\n"),
            new HeaderAttack("verify header twice: FAILED, then SUCCESS", TRUSTED,
                    "X-Client-Verify: FAILED:unknown CA\r\n" + success + "X-Client-Cert: " + mallory
                            + "\r\n"),
            new HeaderAttack("obs-fold continuation carrying alice's DN", TRUSTED,
                    success + "X-Client-Cert: " + bob + "\r\nX-Client-Dn: CN=bob\r\n ,CN=alice\r\n"),
            new HeaderAttack("obs-fold continuation carrying a second certificate header", TRUSTED,
                    success + "X-Client-Dn: CN=bob\r\n X-Client-Cert: " + alice + "\r\n"),
            new HeaderAttack("bare CR inside the DN value", TRUSTED,
                    success + "X-Client-Cert: " + bob + "\r\nX-Client-Dn: CN=bob\rX-Client-Cert: " + alice + "\r\n"),
            new HeaderAttack("bare LF inside the DN value", TRUSTED,
                    success + "X-Client-Cert: " + bob + "\r\nX-Client-Dn: CN=bob\nX-Client-Cert: " + alice + "\r\n"),
            new HeaderAttack("encoded CR LF inside the certificate value", TRUSTED,
                    success + "X-Client-Cert: " + bob + "%0D%0AX-Client-Cert:%20" + alice + "\r\n"),
            new HeaderAttack("X-Client-Verify: success (wrong case) with mallory's certificate", TRUSTED,
                    "X-Client-Verify: success\r\nX-Client-Cert: " + mallory + "\r\n"),
            new HeaderAttack("forged: alice's public certificate with bob's DN", TRUSTED,
                    success + "X-Client-Cert: " + alice + "\r\nX-Client-Dn: CN=bob\r\n"),
            new HeaderAttack("DN only, CN=alice: trusted-ca wants the certificate", TRUSTED,
                    success + "X-Client-Dn: CN=alice\r\n"),
            new HeaderAttack("DN only, CN hidden in OU", TRUSTED, success + "X-Client-Dn: OU=CN\\=alice,CN=bob\r\n"),
            new HeaderAttack("bob's certificate, DN with several CNs", TRUSTED,
                    success + "X-Client-Cert: " + bob + "\r\nX-Client-Dn: CN=bob,CN=alice\r\n"),
            new HeaderAttack("bob's certificate, +-joined RDN naming alice", TRUSTED,
                    success + "X-Client-Cert: " + bob + "\r\nX-Client-Dn: CN=bob+CN=alice\r\n"),
            new HeaderAttack("mallory's certificate (rogue CA), DN of alice", TRUSTED,
                    success + "X-Client-Cert: " + mallory + "\r\nX-Client-Dn: CN=alice\r\n"),
            new HeaderAttack("alice's certificate with a trailing garbage certificate", TRUSTED,
                    success + "X-Client-Cert: " + alice + "%0A-----BEGIN%20CERTIFICATE-----%0AAAAA%0A"
                            + "-----END%20CERTIFICATE-----%0A\r\nX-Client-Dn: CN=bob\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headerAttacks")
    void forgedOrMangledProxyHeadersNeverMakeAlice(HeaderAttack attack) throws Exception {
        for (String target : List.of("/admin/", "/whoami")) {
            String request = "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + attack.headers()
                    + "Connection: close\r\n\r\n";
            RawHttp.Response response = RawHttp.plain(attack.localAddress(), demo().httpPort(), request);
            assertFalse(response.contains(ADMIN_MARKER), () -> attack + " got the admin page: " + response);
            assertFalse(response.contains("\"cn\":\"alice\""), () -> attack + " was taken for alice: " + response);
        }
    }

    /** The controls for the header attacks: the same headers, done right, do make alice, or bob. */
    @Test
    void trustedProxyHeadersDoneRightMakeAlice() throws Exception {
        String headers = "X-Client-Verify: SUCCESS\r\nX-Client-Cert: " + nginxEscaped("alice") + "\r\nX-Client-Dn: CN=alice\r\n";
        String request = "GET /admin/ HTTP/1.1\r\nHost: localhost\r\n" + headers + "Connection: close\r\n\r\n";
        RawHttp.Response trusted = RawHttp.plain(TRUSTED, demo().httpPort(), request);
        assertTrue(trusted.contains(ADMIN_MARKER), trusted::toString);
        RawHttp.Response untrusted = RawHttp.plain(UNTRUSTED, demo().httpPort(), request);
        assertEquals(403, untrusted.status(), untrusted::toString);
    }

    /**
     * The matrix's pass condition, for a response over HTTP/1.1 or HTTP/2 to {@code trick} sent as {@code who}
     * ({@link #NONE} or a demo certificate's name): the one place it is written, for every server the matrix runs
     * against.
     */
    public static void assertServesOnlyWhatIsAllowed(String who, Object trick, Aim aim, boolean bodyless, Answer response) {
        if (!who.equals("alice")) {
            assertFalse(response.contains(ADMIN_MARKER), () -> who + " got the admin page with " + trick + ": "
                    + response);
        }
        if (!ALLOWED.contains(who)) {
            assertFalse(response.contains(HOME_MARKER) || response.contains(WHOAMI_MARKER),
                    () -> who + " got a page for allowed certificates with " + trick + ": " + response);
        }
        boolean mayHaveIt = switch (aim) {
            case ADMIN -> who.equals("alice");
            case HOME -> ALLOWED.contains(who);
            case SERVER -> true;
        };
        if (bodyless && !mayHaveIt) {
            assertFalse(response.status() >= 200 && response.status() < 300,
                    () -> who + " got a 2xx for " + trick + ": " + response);
        }
    }

    /** The headers nginx sets for {@code who}'s certificate, or for a client without one. */
    private String nginxHeaders(String who) throws Exception {
        return nginxHeaders(pkiDir(), who);
    }

    /** The headers nginx sets for {@code who}'s certificate, or for a client without one, as CRLF-ended lines. */
    static String nginxHeaders(Path pkiDir, String who) throws Exception {
        if (who.equals(NONE)) {
            // proxy_set_header with an empty $ssl_client_s_dn / $ssl_client_escaped_cert sends no header.
            return "X-Client-Verify: NONE\r\n";
        }
        return "X-Client-Verify: SUCCESS\r\nX-Client-Dn: CN=" + who + "\r\nX-Client-Cert: "
                + DemoClient.nginxEscaped(pkiDir, who) + "\r\n";
    }

    private String nginxEscaped(String name) throws Exception {
        return DemoClient.nginxEscaped(pkiDir(), name);
    }
}
