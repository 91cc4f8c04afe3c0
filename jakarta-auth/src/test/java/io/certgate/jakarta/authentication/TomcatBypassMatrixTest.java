package io.certgate.jakarta.authentication;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import jakarta.security.auth.message.config.AuthConfigFactory;

import io.certgate.jakarta.ContainerBypassMatrix;
import io.certgate.jakarta.DemoPages;
import io.certgate.jakarta.TestTls;

/**
 * The bypass matrix through {@link CertGateServerAuthModule} on Tomcat 11: demo-common's pages, no filter on
 * requests, the module registered with {@code AuthConfigFactory.registerServerAuthModule} and the demo's
 * parameters. No {@code security-constraint}: the module's rules alone guard the pages, as the filter's do.
 */
class TomcatBypassMatrixTest extends ContainerBypassMatrix {
    private Path baseDir;
    private TomcatServer tomcat;

    @Override
    protected int start(TestTls tls) throws Exception {
        Map<String, String> parameters = DemoPages.demoParameters(tls.pki().directory());
        baseDir = Files.createTempDirectory("certgate-bypass-tomcat-");
        Path webInf = Files.createDirectories(baseDir.resolve("webapp").resolve("WEB-INF"));
        Files.writeString(webInf.resolve("web.xml"),
                "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\" metadata-complete=\"true\"/>\n");
        tomcat = TomcatServer.start(tls, baseDir, webInf.getParent(), new DemoPages(parameters),
                (classes, context) -> AuthConfigFactory.getFactory()
                        .registerServerAuthModule(new CertGateServerAuthModule(parameters), context));
        return tomcat.port();
    }

    @Override
    protected void stop() throws Exception {
        try {
            if (tomcat != null) {
                tomcat.close();
            }
        } finally {
            TestTls.deleteTree(baseDir);
        }
    }
}
