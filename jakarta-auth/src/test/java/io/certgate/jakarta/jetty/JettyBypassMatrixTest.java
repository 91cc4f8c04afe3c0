package io.certgate.jakarta.jetty;

import java.util.Map;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import io.certgate.jakarta.ContainerBypassMatrix;
import io.certgate.jakarta.DemoPages;
import io.certgate.jakarta.TestTls;

/**
 * The bypass matrix through {@link CertGateAuthenticator} on Jetty 12: demo-common's pages, no filter on
 * requests, a {@link ConstraintSecurityHandler} without constraint mappings whose authenticator runs the demo's
 * parameters. The authenticator's rules alone guard the pages, as the filter's do.
 */
class JettyBypassMatrixTest extends ContainerBypassMatrix {
    private Server server;

    @Override
    protected int start(TestTls tls) throws Exception {
        Map<String, String> parameters = DemoPages.demoParameters(tls.pki().directory());
        server = new Server();
        ServerConnector connector = JettyTls.addConnector(server, tls);
        ServletContextHandler context = new ServletContextHandler("/");
        ConstraintSecurityHandler security = new ConstraintSecurityHandler();
        security.setAuthenticator(new CertGateAuthenticator(parameters));
        context.setSecurityHandler(security);
        context.addServletContainerInitializer(new DemoPages(parameters));
        server.setHandler(context);
        server.start();
        return connector.getLocalPort();
    }

    @Override
    protected void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }
}
