package io.certgate.jakarta.authentication;

import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.servlet.HttpConstraintElement;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletSecurityElement;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.certgate.jakarta.LogCapture;
import io.certgate.jakarta.ProbeApp;
import io.certgate.jakarta.ServiceIdentity;
import io.certgate.jakarta.TestTls;

/**
 * {@code principal} and OU-based {@code roles} through {@link CertGateServerAuthModule} on Tomcat 11, with the
 * demo's SAN-only service certificate over real TLS: Tomcat's role check and remote user see CertGate's.
 */
class TomcatServiceIdentityTest {
    private static final LogCapture LOG = new LogCapture();
    private static TestTls tls;
    private static Path baseDir;
    private static TomcatServer tomcat;

    @BeforeAll
    static void start() throws Exception {
        tls = TestTls.create();
        LOG.start();
        baseDir = Files.createTempDirectory("certgate-service-tomcat-");
        Path webInf = Files.createDirectories(baseDir.resolve("webapp").resolve("WEB-INF"));
        Files.writeString(webInf.resolve("web.xml"),
                "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\" metadata-complete=\"true\"/>\n");
        tomcat = TomcatServer.start(tls, baseDir, webInf.getParent(), (classes, context) -> {
            ServletRegistration.Dynamic api = context.addServlet("api", ProbeApp.Page.class);
            api.addMapping("/api/*");
            api.setServletSecurity(new ServletSecurityElement(new HttpConstraintElement(
                    jakarta.servlet.annotation.ServletSecurity.TransportGuarantee.NONE, "operator")));
            ServletRegistration.Dynamic ops = context.addServlet("ops", ProbeApp.Page.class);
            ops.addMapping("/ops/*");
            ops.setServletSecurity(new ServletSecurityElement(new HttpConstraintElement(
                    jakarta.servlet.annotation.ServletSecurity.TransportGuarantee.NONE, "admin")));
            context.addServlet("page", ProbeApp.Page.class).addMapping("/");
            context.declareRoles("operator", "admin");
            AuthConfigFactory.getFactory().registerServerAuthModule(
                    new CertGateServerAuthModule(ServiceIdentity.PARAMETERS), context);
        });
    }

    @AfterAll
    static void stop() throws Exception {
        LOG.stop();
        try {
            if (tomcat != null) {
                tomcat.close();
            }
        } finally {
            TestTls.deleteTree(baseDir);
            tls.delete();
        }
    }

    @Test
    void tomcatSeesTheServiceBySpiffeIdInItsOuRole() throws Exception {
        ServiceIdentity.assertTheContainerSeesThePrincipalAndTheOuRole(
                (who, path) -> tls.get(who, tomcat.port(), path), LOG);
    }
}
