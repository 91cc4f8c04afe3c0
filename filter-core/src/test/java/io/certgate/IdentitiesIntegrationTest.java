package io.certgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import javax.net.ssl.SSLContext;

import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.certgate.pki.HeldCertificate;
import io.certgate.pki.TlsContexts;

/**
 * Who the application sees, over real TLS handshakes on a real Jetty and a real Tomcat: {@code principal}
 * for each field, {@code roles} from match expressions, and an {@code identity-mapper} class named by an
 * init-param, with certificates carrying every name a certificate can carry.
 */
class IdentitiesIntegrationTest {
    private static final TestPki PKI = new TestPki();
    /** A person: CN, OU and every subjectAltName type a principal can be read from. */
    private static final HeldCertificate CAROL = person("carol", "carol@example.org");
    /** A SPIFFE workload: no CN, only a URI subjectAltName. */
    private static final HeldCertificate SERVICE = HeldCertificate.builder()
            .subject(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "SPIRE").build())
            .addUriAlternativeName("spiffe://example.org/ns/prod/sa/web").clientAuth().signedBy(PKI.ca).build();
    private static final String RULES = """
            /unprotected/*  open
            /admin/*        ou:platform
            /               san-uri:spiffe://example.org/ns/prod/*
            """;
    private static final String ROLES = "admin = ou:platform & o:Corp";

    private final LogCapture log = new LogCapture();

    @BeforeEach
    void captureLog() {
        log.start();
    }

    @AfterEach
    void stopCapture() {
        log.stop();
    }

    private static HeldCertificate person(String cn, String email) {
        return HeldCertificate.builder()
                .subject(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Corp").addRDN(BCStyle.OU, "platform")
                        .addRDN(BCStyle.CN, cn).build())
                .addEmailAlternativeName(email).addUriAlternativeName("spiffe://example.org/ns/prod/sa/" + cn)
                .addSubjectAlternativeName(cn + ".example.org").addUpnAlternativeName(cn + "@corp.example")
                .clientAuth().signedBy(PKI.ca).build();
    }

    /**
     * One row per {@code principal} value: the name carol is seen by, and the SAN-only service's name, or
     * empty when the service lacks the field and is refused on a guarded path.
     */
    @ParameterizedTest(name = "principal={0}")
    @CsvSource(delimiter = '|', value = {
        "(unset)   | carol                                  | spiffe://example.org/ns/prod/sa/web",
        "cn        | carol                                  | ",
        "subject   | CN=carol,OU=platform,O=Corp            | O=SPIRE",
        "san-email | carol@example.org                      | ",
        "san-uri   | spiffe://example.org/ns/prod/sa/carol  | spiffe://example.org/ns/prod/sa/web",
        "san-dns   | carol.example.org                      | ",
        "upn       | carol@corp.example                     | "})
    void theApplicationSeesTheFieldPrincipalNames(String principal, String carol, String service) throws Exception {
        Map<String, String> params = new HashMap<>(Map.of("rules", RULES, "roles", ROLES));
        if (!principal.equals("(unset)")) {
            params.put("principal", principal);
        }
        for (Container container : Container.values()) {
            try (AutoCloseable server = container.start(params)) {
                int port = container.port(server);
                RawHttps.Response admin = get(CAROL, port, "/admin/");
                assertEquals(200, admin.status(), container + " " + admin.text());
                assertTrue(admin.body().startsWith(JettyTestServer.ADMIN_PAGE + " user=" + carol
                        + " auth=CLIENT_CERT admin-role=true"), container + " " + admin.body());
                RawHttps.Response root = get(SERVICE, port, "/");
                RawHttps.Response open = get(SERVICE, port, "/unprotected/");
                assertEquals(200, open.status(), container + " " + open.text());
                if (service == null) {
                    assertEquals(403, root.status(), container + " " + root.text());
                    assertEquals("client certificate not allowed\n", root.body());
                    assertTrue(log.has(Level.INFO, "reason=no-principal-name"), log.toString());
                    assertTrue(open.body().startsWith(JettyTestServer.OPEN_PAGE + " user=null auth=null"),
                            "an open path passes a nameless client on without an identity: " + open.body());
                } else {
                    assertEquals(200, root.status(), container + " " + root.text());
                    assertTrue(root.body().startsWith(JettyTestServer.ROOT_PAGE + " user=" + service
                            + " auth=CLIENT_CERT admin-role=false"), container + " " + root.body());
                    assertTrue(open.body().startsWith(JettyTestServer.OPEN_PAGE + " user=" + service), open.body());
                }
            }
        }
    }

    @Test
    void aMapperClassNamedByAnInitParamNamesTheClientAndAddsRoles() throws Exception {
        Map<String, String> params = Map.of("rules", RULES, "roles", ROLES + "; auditor = cn:nobody",
                "identity-mapper", DirectoryMapper.class.getName());
        for (Container container : Container.values()) {
            try (AutoCloseable server = container.start(params)) {
                int port = container.port(server);
                RawHttps.Response admin = get(CAROL, port, "/admin/");
                assertEquals(200, admin.status(), container + " " + admin.text());
                assertTrue(admin.body().startsWith(JettyTestServer.ADMIN_PAGE
                        + " user=directory:carol auth=CLIENT_CERT admin-role=true"), container + " " + admin.body());

                RawHttps.Response unknown = get(person("dave", "dave@example.org"), port, "/admin/");
                assertEquals(403, unknown.status(), container + " " + unknown.text());
                assertEquals("client certificate not allowed\n", unknown.body());
                assertTrue(log.has(Level.INFO, "reason=mapper-refused"), log.toString());

                for (String failing : List.of("boom", "nothing")) {
                    RawHttps.Response failed = get(person(failing, failing + "@example.org"), port, "/admin/");
                    assertEquals(403, failed.status(), container + " " + failing + " " + failed.text());
                    assertEquals("client certificate not allowed\n", failed.body());
                    RawHttps.Response open = get(person(failing, failing + "@example.org"), port, "/unprotected/");
                    assertEquals(200, open.status(), open.text());
                    assertTrue(open.body().startsWith(JettyTestServer.OPEN_PAGE + " user=null auth=null"), open.body());
                }
                assertTrue(log.has(Level.INFO, "reason=mapper-failed"), log.toString());
                assertTrue(log.records().stream().anyMatch(r -> r.getLevel() == Level.WARNING
                        && r.getMessage().contains("identity-mapper " + DirectoryMapper.class.getName() + " failed")
                        && r.getThrown() instanceof IllegalStateException), "the exception is logged: " + log);
                assertTrue(log.has(Level.WARNING, "returned null"), log.toString());
            }
        }
    }

    private static RawHttps.Response get(HeldCertificate client, int port, String path) throws Exception {
        SSLContext context = TlsContexts.client(PKI.ca.certificate(), client);
        return RawHttps.send(context, port, "GET", path);
    }

    /** The two containers, started with the same init-params. */
    private enum Container {
        JETTY, TOMCAT;

        AutoCloseable start(Map<String, String> params) throws Exception {
            return this == JETTY ? JettyTestServer.startTls(PKI.server, PKI.ca.certificate(), false, params)
                    : TomcatTestServer.startTls(PKI.server, PKI.ca.certificate(), params);
        }

        int port(AutoCloseable server) {
            return server instanceof JettyTestServer jetty ? jetty.port() : ((TomcatTestServer) server).port();
        }
    }
}
