package io.certgate.jakarta.authentication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.certgate.jakarta.LogCapture;
import io.certgate.jakarta.Snippets;
import io.certgate.jakarta.TestTls;

/**
 * The {@code conf/jaspic-providers.xml} form, exactly as docs/container-auth.md shows it, configuring
 * {@link CertGateServerAuthModule} for an application that registers nothing itself. Tomcat reads the file
 * once per JVM (its factory is a singleton), so this class needs a JVM of its own: surefire does not reuse
 * forks in this module.
 */
class TomcatJaspicProvidersTest {
    private static final LogCapture LOG = new LogCapture();
    private static TestTls tls;
    private static Path baseDir;
    private static TomcatServer tomcat;

    @BeforeAll
    static void start() throws Exception {
        tls = TestTls.create();
        baseDir = Files.createTempDirectory("certgate-jaspic-providers-");
        Files.createDirectories(baseDir.resolve("conf"));
        Files.writeString(baseDir.resolve("conf").resolve("jaspic-providers.xml"),
                Snippets.block(Snippets.CONTAINER_AUTH, "xml", "<jaspic-providers"));
        // The test application without its registering listener: the file is all the configuration.
        Path webapp = baseDir.resolve("webapp");
        Files.createDirectories(webapp.resolve("WEB-INF"));
        String webXml = Files.readString(TomcatServerAuthModuleTest.webapp().resolve("WEB-INF").resolve("web.xml"));
        String withoutListener = webXml.replaceAll("(?s)\\s*<listener>.*?</listener>", "");
        assertTrue(!withoutListener.contains("<listener>"), withoutListener);
        Files.writeString(webapp.resolve("WEB-INF").resolve("web.xml"), withoutListener);
        LOG.start();
        tomcat = TomcatServer.start(tls, baseDir, webapp);
    }

    @AfterAll
    static void stop() throws Exception {
        LOG.stop();
        if (tomcat != null) {
            tomcat.close();
        }
        TestTls.deleteTree(baseDir);
        tls.delete();
    }

    @Test
    void theTableHoldsWithTheModuleConfiguredByTheFile() throws Exception {
        HttpResponse<String> alice = tls.get("alice", tomcat.port(), "/admin/");
        assertEquals(200, alice.statusCode(), alice.body());
        assertEquals("PAGE /admin/ user=alice", alice.body());
        assertEquals("CLIENT_CERT", alice.headers().firstValue("X-Probe-AuthType").orElse(null));
        assertEquals(403, tls.get("bob", tomcat.port(), "/admin/").statusCode());
        assertEquals(200, tls.get("bob", tomcat.port(), "/app/").statusCode());
        assertEquals(403, tls.get(null, tomcat.port(), "/app/").statusCode());
        assertEquals(200, tls.get(null, tomcat.port(), "/open/x").statusCode(), "rules came through &#10;");
        HttpResponse<String> expired = tls.get("expired", tomcat.port(), "/app/");
        assertEquals(403, expired.statusCode());
        assertTrue(LOG.denials().stream().anyMatch(line -> line.contains("reason=expired")), LOG.messages().toString());
    }
}
