package io.certgate.demo.testkit;

import static io.certgate.demo.testkit.BypassMatrix.ADMIN_MARKER;
import static io.certgate.demo.testkit.BypassMatrix.HOME_MARKER;
import static io.certgate.demo.testkit.BypassMatrix.NONE;
import static io.certgate.demo.testkit.BypassMatrix.WHOAMI_MARKER;
import static io.certgate.demo.testkit.BypassMatrix.assertServesOnlyWhatIsAllowed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.certgate.demo.testkit.BypassMatrix.Aim;
import io.certgate.demo.testkit.BypassMatrix.Case;
import io.certgate.demo.testkit.BypassMatrix.HeaderAttack;
import io.certgate.demo.testkit.RawHttp2.Header;
import io.certgate.pki.DemoPki;

/**
 * {@link BypassMatrix} over HTTP/2: the same cases, the same identities and the same pass condition, sent with
 * {@link RawHttp2} as {@code h2} to the HTTPS entrance and as {@code h2c} (prior knowledge) to the HTTP
 * entrance, plus {@code :path} forms and header blocks only HTTP/2 can carry (a space, a raw {@code #}, CR LF
 * or non-ASCII bytes in {@code :path}, no leading slash, two {@code :path}s, a pseudo-header after a regular
 * one). A demo module runs it with a subclass naming its {@code start}:
 *
 * <pre>{@code
 * class JettyHttp2BypassTest extends Http2BypassMatrix {
 *     JettyHttp2BypassTest() { super(JettyDemo::start); }
 * }
 * }</pre>
 *
 * <p>An HTTP/1.1 case becomes a header block: its method, {@code :scheme} of the entrance,
 * {@code :authority: localhost} (or, for the cases that set their own {@code Host}, those as {@code host}
 * fields), its target as {@code :path} byte for byte, and its header lines with lower-cased names; what
 * follows a blank line in them (a pipelined request) goes into the body with the case's own. Many become
 * malformed HTTP/2 that the container resets: that passes, as long as nothing it should not serve comes back.
 * Requests share one connection per certificate (and one h2c connection, bob's and certificate-less
 * requests interleaved as a proxy would send them) until the server ends it, which also checks that nothing
 * carries over from one stream to the next.
 * {@link #controlsServeThePagesOverHttp2} proves that HTTP/2 was spoken and that the markers can be seen.
 */
public abstract class Http2BypassMatrix extends DemoUnderTest {
    /** Stands for the entrance's scheme: {@code https} over TLS, {@code http} over h2c. */
    private static final String ENTRANCE_SCHEME = "\u0000entrance";

    private final Map<String, SSLContext> tls = new HashMap<>();
    /** One connection per certificate for the TLS matrix, one for the h2c matrix, reopened after a GOAWAY. */
    private final Map<String, RawHttp2.Connection> connections = new HashMap<>();

    protected Http2BypassMatrix(Starter starter) {
        super(starter);
    }

    @BeforeAll
    void connectClients() throws Exception {
        tls.put(NONE, DemoClient.sslContext(pkiDir(), null));
        for (String name : DemoPki.CLIENTS) {
            tls.put(name, DemoClient.sslContext(pkiDir(), name));
        }
    }

    @AfterAll
    void closeConnections() throws IOException {
        for (RawHttp2.Connection connection : connections.values()) {
            connection.close();
        }
    }

    /** Sends on the open connection {@code key} names, or on a new one from {@code opener}. */
    private RawHttp2.Response send(String key, Opener opener, List<Header> headers, String body) throws IOException {
        RawHttp2.Connection connection = connections.get(key);
        if (connection == null || !connection.isOpen()) {
            if (connection != null) {
                connection.close();
            }
            connection = opener.open();
            connections.put(key, connection);
        }
        return connection.send(headers, body);
    }

    @FunctionalInterface
    private interface Opener {
        RawHttp2.Connection open() throws IOException;
    }

    /**
     * One HTTP/2 request.
     *
     * @param name what it is
     * @param aim the page it tries to reach
     * @param method its {@code :method}, for the status check of body-less methods
     * @param headers the whole header block in order, pseudo-headers included
     * @param body the DATA, empty for none
     */
    record H2Case(String name, Aim aim, String method, List<Header> headers, String body) {
        H2Case {
            headers = List.copyOf(headers);
        }

        /** A GET with the usual pseudo-headers and {@code path} as {@code :path}. */
        static H2Case get(String name, Aim aim, String path) {
            return new H2Case(name, aim, "GET", pseudo("GET", path), "");
        }

        /** A request with exactly these header fields, {@code name: value} pairs in order. */
        static H2Case block(String name, Aim aim, String... fields) {
            List<Header> headers = new ArrayList<>();
            String method = "GET";
            for (int i = 0; i < fields.length; i += 2) {
                headers.add(new Header(fields[i], fields[i + 1]));
                if (fields[i].equals(":method")) {
                    method = fields[i + 1];
                }
            }
            return new H2Case(name, aim, method, headers, "");
        }

        /** The HTTP/1.1 case as HTTP/2, as the class comment says. */
        static H2Case of(Case http1) {
            String line = http1.requestLine();
            int space = line.indexOf(' ');
            String method = line.substring(0, space);
            String target = line.substring(space + 1).replaceFirst(" HTTP/[0-9.]+$", "");
            List<Header> headers = new ArrayList<>();
            headers.add(new Header(":method", method));
            headers.add(new Header(":scheme", ENTRANCE_SCHEME));
            if (http1.standardHost()) {
                headers.add(new Header(":authority", "localhost"));
            }
            headers.add(new Header(":path", target));
            String fields = http1.headers();
            String body = http1.body();
            int blank = fields.indexOf("\r\n\r\n");
            if (blank >= 0) {
                body = fields.substring(blank + 4) + body;
                fields = fields.substring(0, blank + 2);
            }
            headers.addAll(fields(fields));
            return new H2Case(http1.name(), http1.aim(), method, headers, body);
        }

        boolean bodyless() {
            return !method.equals("GET") && !method.equals("POST");
        }

        /** The header block for an entrance, with {@code extra} (a proxy's headers) at the end. */
        List<Header> headers(String scheme, List<Header> extra) {
            List<Header> block = new ArrayList<>();
            for (Header header : headers) {
                block.add(header.value().equals(ENTRANCE_SCHEME) ? new Header(header.name(), scheme) : header);
            }
            block.addAll(extra);
            return block;
        }

        @Override
        public String toString() {
            StringBuilder shown = new StringBuilder(name).append(" [");
            for (Header header : headers) {
                if (header.name().startsWith(":") || shown.charAt(shown.length() - 1) == '[') {
                    shown.append(header.name()).append(' ').append(header.value().equals(ENTRANCE_SCHEME)
                            ? "…" : header.value()).append(", ");
                }
            }
            String text = shown.substring(0, shown.length() - 2) + "]";
            return text.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0");
        }

        private static List<Header> pseudo(String method, String path) {
            return List.of(new Header(":method", method), new Header(":scheme", ENTRANCE_SCHEME),
                    new Header(":authority", "localhost"), new Header(":path", path));
        }
    }

    /** CRLF-ended {@code Name: value} lines as HTTP/2 fields, names lower-cased, what a line holds kept. */
    static List<Header> fields(String lines) {
        List<Header> fields = new ArrayList<>();
        for (String line : lines.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.add(new Header(line.substring(0, colon).toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).replaceFirst("^[ \t]+", "")));
            } else if (!line.isEmpty()) {
                // An obs-fold continuation: HTTP/2 has none, so it stays a part of the field before it.
                int last = fields.size() - 1;
                fields.set(last, new Header(fields.get(last).name(), fields.get(last).value() + "\r\n" + line));
            }
        }
        return fields;
    }

    /** {@code :path} forms and header blocks that only HTTP/2 can carry. */
    static List<H2Case> http2Cases() {
        Aim a = Aim.ADMIN;
        Aim h = Aim.HOME;
        return List.of(
            // Bytes an HTTP/1.1 request line cannot hold: HTTP/2 frames :path by length.
            H2Case.get(":path with a space", a, "/admin /"),
            H2Case.get(":path with a space out of an open path", a, "/unprotected/ /../admin/"),
            H2Case.get(":path holding an HTTP/1.1 request line", a, "/unprotected/ HTTP/1.1\r\nHost: x\r\n\r\nGET /admin/"),
            H2Case.get(":path with a raw CR LF", a, "/admin/\r\n"),
            H2Case.get(":path with a raw LF before ..", a, "/unprotected/\n/../admin/"),
            H2Case.get(":path with a raw tab", a, "/admin\t/"),
            H2Case.get(":path with a raw DEL", a, "/admin\u007f/"),
            H2Case.get(":path with a raw NUL then ..", a, "/unprotected/\0/../admin/"),
            H2Case.get(":path with a raw #", a, "/admin/#"),
            H2Case.get(":path with a raw # in an open path", a, "/unprotected#/../admin/"),
            H2Case.get(":path with a raw Latin-1 byte", a, "/\u00e4dmin/"),
            H2Case.get(":path with raw UTF-8", a, "/adm\u00c3\u00adn/"),
            H2Case.get(":path with a raw byte 0xFF", a, "/admin/\u00ff"),
            H2Case.get(":path with a raw full-width solidus (UTF-8)", a, "/unprotected\u00ef\u00bc\u008f..\u00ef\u00bc\u008fadmin/"),
            H2Case.get(":path with raw overlong UTF-8 dots", a, "/unprotected/\u00c0\u00ae\u00c0\u00ae/admin/"),
            H2Case.get(":path with a raw backslash", h, "/unprotected\\..\\whoami"),
            H2Case.get(":path with a bad % escape", a, "/admin/%"),
            H2Case.get(":path with a bad % escape, letters", a, "/admin/%zz"),
            H2Case.get(":path with IIS %u escapes", a, "/unprotected/..%u002fadmin/"),
            H2Case.get(":path with %% escape", a, "/unprotected%%32%66..%%32%66admin/"),

            // Forms no origin-form allows.
            H2Case.get(":path without a leading slash", a, "admin"),
            H2Case.get(":path without a leading slash, out of an open path", a, "unprotected/../admin/"),
            H2Case.get(":path starting with ;", a, ";/admin/"),
            H2Case.get(":path starting with an encoded slash", a, "%2fadmin/"),
            H2Case.get(":path starting with ?", h, "?/whoami"),
            H2Case.get(":path empty", h, ""),
            H2Case.get(":path *", h, "*"),
            H2Case.block("OPTIONS * (Tomcat answers it itself, for anyone)", Aim.SERVER, ":method", "OPTIONS", ":scheme", ENTRANCE_SCHEME, ":authority", "localhost",
                    ":path", "*"),
            H2Case.get(":path network-path form", a, "//localhost/admin/"),
            H2Case.get(":path absolute-form, other scheme", a, "ftp://localhost/admin/"),

            // Header blocks no HTTP/1.1 request can be.
            H2Case.block("two :path, open one first", a, ":method", "GET", ":scheme", ENTRANCE_SCHEME,
                    ":authority", "localhost", ":path", "/unprotected/", ":path", "/admin/"),
            H2Case.block("two :path, open one last", a, ":method", "GET", ":scheme", ENTRANCE_SCHEME,
                    ":authority", "localhost", ":path", "/admin/", ":path", "/unprotected/"),
            H2Case.block(":path after a regular field", a, ":method", "GET", ":scheme", ENTRANCE_SCHEME,
                    ":authority", "localhost", "accept", "*/*", ":path", "/admin/"),
            H2Case.block("no :path", a, ":method", "GET", ":scheme", ENTRANCE_SCHEME, ":authority", "localhost"),
            H2Case.block("upper-case :PATH next to an open :path", a, ":method", "GET", ":scheme", ENTRANCE_SCHEME,
                    ":authority", "localhost", ":path", "/unprotected/", ":PATH", "/admin/"),
            H2Case.block("two :method, HEAD then GET", a, ":method", "HEAD", ":method", "GET", ":scheme",
                    ENTRANCE_SCHEME, ":authority", "localhost", ":path", "/admin/"),
            H2Case.block(":authority with a path", a, ":method", "GET", ":scheme", ENTRANCE_SCHEME,
                    ":authority", "localhost/unprotected/", ":path", "/admin/"),
            H2Case.block(":authority and host disagree", a, ":method", "GET", ":scheme", ENTRANCE_SCHEME,
                    ":authority", "localhost", "host", "evil.example", ":path", "/admin/"),
            H2Case.block(":scheme https over either entrance", a, ":method", "GET", ":scheme", "https",
                    ":authority", "localhost", ":path", "/admin/"),
            H2Case.block(":scheme http over either entrance", h, ":method", "GET", ":scheme", "http",
                    ":authority", "localhost", ":path", "/whoami"),
            H2Case.block("unknown pseudo-header :x-path", a, ":method", "GET", ":scheme", ENTRANCE_SCHEME,
                    ":authority", "localhost", ":path", "/admin/", ":x-path", "/unprotected/"),
            H2Case.block("upper-case field name", a, ":method", "GET", ":scheme", ENTRANCE_SCHEME,
                    ":authority", "localhost", ":path", "/admin/", "X-Original-URL", "/unprotected/"),
            H2Case.block("connection-specific field", a, ":method", "GET", ":scheme", ENTRANCE_SCHEME,
                    ":authority", "localhost", ":path", "/admin/", "connection", "keep-alive"),
            H2Case.block("content-length without DATA", a, ":method", "GET", ":scheme", ENTRANCE_SCHEME,
                    ":authority", "localhost", ":path", "/admin/", "content-length", "5"),
            H2Case.block("extended CONNECT (RFC 8441) to the admin page", a, ":method", "CONNECT", ":protocol",
                    "websocket", ":scheme", ENTRANCE_SCHEME, ":authority", "localhost", ":path", "/admin/",
                    "sec-websocket-version", "13"),
            H2Case.block("CONNECT with a :path", a, ":method", "CONNECT", ":authority", "localhost:443",
                    ":path", "/admin/"));
    }

    static List<H2Case> allCases() {
        List<H2Case> all = new ArrayList<>();
        BypassMatrix.cases().stream().map(H2Case::of).forEach(all::add);
        all.addAll(http2Cases());
        return all;
    }

    Stream<Arguments> tlsMatrix() {
        List<String> who = BypassMatrix.tlsClients();
        return allCases().stream().flatMap(c -> who.stream().map(name -> Arguments.of(name, c)));
    }

    Stream<Arguments> proxyMatrix() {
        return allCases().stream().flatMap(c -> Stream.of("bob", NONE).map(name -> Arguments.of(name, c)));
    }

    @ParameterizedTest(name = "h2, {0}: {1}")
    @MethodSource("tlsMatrix")
    void tlsEntranceServesNothingTheCertificateDoesNotAllowOverH2(String who, H2Case trick) throws Exception {
        RawHttp2.Response response = send(who, () -> RawHttp2.Connection.tls(tls.get(who), demo().httpsPort()),
                trick.headers("https", List.of()), trick.body());
        assertServesOnlyWhatIsAllowed(who, trick, trick.aim(), trick.bodyless(), response);
    }

    @ParameterizedTest(name = "h2c, proxy headers, {0}: {1}")
    @MethodSource("proxyMatrix")
    void httpEntranceServesNothingTheProxiedCertificateDoesNotAllowOverH2c(String who, H2Case trick)
            throws Exception {
        // One h2c connection for bob and for no certificate, as a proxy multiplexes its clients' requests.
        RawHttp2.Response response = send("h2c", () -> RawHttp2.Connection.plain(BypassMatrix.TRUSTED,
                demo().httpPort()), trick.headers("http", nginx(who)), trick.body());
        assertServesOnlyWhatIsAllowed(who, trick, trick.aim(), trick.bodyless(), response);
    }

    Stream<HeaderAttack> headerAttacks() throws Exception {
        return BypassMatrix.headerAttacks(pkiDir());
    }

    /**
     * {@link BypassMatrix}'s forged and mangled proxy headers over h2c: a bare CR or LF, which HTTP/1.1 would
     * read as the end of a line, stays inside the field value.
     */
    @ParameterizedTest(name = "h2c: {0}")
    @MethodSource("headerAttacks")
    void forgedOrMangledProxyHeadersNeverMakeAliceOverH2c(HeaderAttack attack) throws Exception {
        for (String target : List.of("/admin/", "/whoami")) {
            RawHttp2.Response response = RawHttp2.plain(attack.localAddress(), demo().httpPort(),
                    H2Case.get("", Aim.ADMIN, target).headers("http", fields(attack.headers())), "");
            assertFalse(response.contains(ADMIN_MARKER), () -> attack + " got the admin page: " + response);
            assertFalse(response.contains("\"cn\":\"alice\""), () -> attack + " was taken for alice: " + response);
        }
    }

    /**
     * The controls: HTTP/2 really is spoken (a stock client, {@code java.net.http}, negotiates it and says
     * so), the certificate reaches CertGate over h2, and the markers the matrix looks for do come back over
     * h2 and h2c to those allowed them, so that the matrix can fail.
     */
    @Test
    void controlsServeThePagesOverHttp2() throws Exception {
        HttpResponse<String> stock = DemoClient.of(pkiDir(), "alice", HttpClient.Version.HTTP_2)
                .get("https://localhost:" + demo().httpsPort() + "/admin/");
        assertEquals(HttpClient.Version.HTTP_2, stock.version(), "ALPN must pick h2");
        assertEquals(200, stock.statusCode(), stock.body());
        assertTrue(stock.body().contains(ADMIN_MARKER), stock.body());

        HttpResponse<String> upgraded = DemoClient.plain(HttpClient.Version.HTTP_2)
                .get("http://127.0.0.1:" + demo().httpPort() + "/admin/", nginxPairs("alice"));
        assertEquals(HttpClient.Version.HTTP_2, upgraded.version(), "Upgrade: h2c must be taken");
        assertTrue(upgraded.body().contains(ADMIN_MARKER), upgraded.body());

        RawHttp2.Response alice = RawHttp2.tls(tls.get("alice"), demo().httpsPort(),
                H2Case.get("", Aim.ADMIN, "/admin/").headers("https", List.of()), "");
        assertEquals(200, alice.status(), alice::toString);
        assertTrue(alice.contains(ADMIN_MARKER), alice::toString);
        RawHttp2.Response aliceHead = RawHttp2.tls(tls.get("alice"), demo().httpsPort(),
                H2Case.block("", Aim.ADMIN, ":method", "HEAD", ":scheme", "https", ":authority", "localhost",
                        ":path", "/admin/").headers("https", List.of()), "");
        assertEquals(200, aliceHead.status(), aliceHead::toString);
        RawHttp2.Response bob = RawHttp2.tls(tls.get("bob"), demo().httpsPort(),
                H2Case.get("", Aim.HOME, "/").headers("https", List.of()), "");
        assertTrue(bob.contains(HOME_MARKER), bob::toString);
        RawHttp2.Response whoami = RawHttp2.tls(tls.get("bob"), demo().httpsPort(),
                H2Case.get("", Aim.HOME, "/whoami").headers("https", List.of()), "");
        assertTrue(whoami.contains("\"cn\":\"bob\",") && whoami.contains("\"source\":\"tls\""), whoami::toString);

        RawHttp2.Response proxied = RawHttp2.plain(BypassMatrix.TRUSTED, demo().httpPort(),
                H2Case.get("", Aim.ADMIN, "/admin/").headers("http", nginx("alice")), "");
        assertEquals(200, proxied.status(), proxied::toString);
        assertTrue(proxied.contains(ADMIN_MARKER), proxied::toString);
        RawHttp2.Response proxiedBob = RawHttp2.plain(BypassMatrix.TRUSTED, demo().httpPort(),
                H2Case.get("", Aim.HOME, "/whoami").headers("http", nginx("bob")), "");
        assertTrue(proxiedBob.contains(WHOAMI_MARKER), proxiedBob::toString);
        RawHttp2.Response dispatched = RawHttp2.tls(tls.get("alice"), demo().httpsPort(),
                H2Case.get("", Aim.ADMIN, "/unprotected/forward-admin").headers("https", List.of()), "");
        assertTrue(dispatched.contains(ADMIN_MARKER), dispatched::toString);

        RawHttp2.Response untrusted = RawHttp2.plain(BypassMatrix.UNTRUSTED, demo().httpPort(),
                H2Case.get("", Aim.ADMIN, "/admin/").headers("http", nginx("alice")), "");
        assertEquals(403, untrusted.status(), untrusted::toString);
    }

    private List<Header> nginx(String who) throws Exception {
        return fields(BypassMatrix.nginxHeaders(pkiDir(), who));
    }

    private String[] nginxPairs(String who) throws Exception {
        List<String> pairs = new ArrayList<>();
        for (Header header : nginx(who)) {
            pairs.add(header.name());
            pairs.add(header.value());
        }
        return pairs.toArray(String[]::new);
    }
}
