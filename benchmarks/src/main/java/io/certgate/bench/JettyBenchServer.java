package io.certgate.bench;

import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.EnumSet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.security.ConstraintMapping;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.SslClientCertAuthenticator;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.security.Credential;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import io.certgate.ClientCertFilter;
import io.certgate.jakarta.jetty.CertGateAuthenticator;
import io.certgate.pki.HeldCertificate;

/**
 * Embedded Jetty 12 (ee10) with a TLS 1.3 connector (client certificate wanted) and a plain HTTP connector,
 * and one context per {@link Configuration}.
 *
 * <p>The container configuration is the programmatic form of the {@code web.xml} Jetty reads for
 * {@code <login-config><auth-method>CLIENT-CERT</auth-method></login-config>} with a
 * {@code <security-constraint>} on {@code /*} for role {@code client}: a {@link ConstraintSecurityHandler}
 * with Jetty's {@link SslClientCertAuthenticator} and a login service whose users are the allowed
 * certificates (Jetty's CLIENT-CERT logs in with the subject DN as user name and the certificate's
 * signature, base64, as password). Certificate re-validation is off, as explained at
 * {@link SslClientCertAuthenticator#setValidateCerts}.
 */
final class JettyBenchServer implements BenchServer {
    private final Server server;
    private final ServerConnector https;
    private final ServerConnector http;

    JettyBenchServer(BenchPki pki) throws Exception {
        server = new Server(new QueuedThreadPool(64, 8));
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setSslContext(pki.serverContext());
        tls.setIncludeProtocols("TLSv1.3");
        tls.setWantClientAuth(true);
        HttpConfiguration httpsConfig = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        httpsConfig.addCustomizer(secure);
        https = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
                new HttpConnectionFactory(httpsConfig));
        https.setHost("127.0.0.1");
        http = new ServerConnector(server, new HttpConnectionFactory(new HttpConfiguration()));
        http.setHost("127.0.0.1");
        server.addConnector(https);
        server.addConnector(http);

        ContextHandlerCollection contexts = new ContextHandlerCollection();
        contexts.addHandler(context("/none", null));
        contexts.addHandler(context("/pass", new PassThroughFilter()));
        contexts.addHandler(context("/reads", ReadsWhatCertGateReadsFilter.tls()));
        contexts.addHandler(context("/reads-header", ReadsWhatCertGateReadsFilter.nginxHeaders()));
        contexts.addHandler(context("/certgate", Gates.tls()));
        contexts.addHandler(context("/certgate-header", Gates.nginxHeaders()));
        ServletContextHandler module = context("/certgate-module", null);
        ConstraintSecurityHandler moduleSecurity = new ConstraintSecurityHandler();
        // No constraint of Jetty's own: CertGate's rules are the only protection, as with the filter.
        moduleSecurity.setAuthenticator(new CertGateAuthenticator(Gates.tlsParameters()));
        module.setSecurityHandler(moduleSecurity);
        contexts.addHandler(module);
        ServletContextHandler container = context("/container", null);
        container.setSecurityHandler(clientCertSecurity(pki, tls));
        contexts.addHandler(container);
        server.setHandler(contexts);
        server.start();
    }

    private static ServletContextHandler context(String path, Filter filter) {
        ServletContextHandler context = new ServletContextHandler(path, ServletContextHandler.SECURITY);
        context.addServlet(OkServlet.class, "/*");
        if (filter != null) {
            context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        return context;
    }

    @SuppressWarnings("deprecation")
    private static ConstraintSecurityHandler clientCertSecurity(BenchPki pki, SslContextFactory.Server tls) {
        UserStore users = new UserStore();
        for (HeldCertificate client : pki.clients) {
            X509Certificate certificate = client.certificate();
            // SslClientCertAuthenticator's user name and password for a certificate.
            users.addUser(certificate.getSubjectDN().getName(),
                    Credential.getCredential(Base64.getEncoder().encodeToString(certificate.getSignature())),
                    new String[] {"client"});
        }
        HashLoginService login = new HashLoginService("certgate-bench");
        login.setUserStore(users);
        ConstraintMapping everything = new ConstraintMapping();
        everything.setPathSpec("/*");
        everything.setConstraint(Constraint.from("client"));
        ConstraintSecurityHandler security = new ConstraintSecurityHandler();
        SslClientCertAuthenticator authenticator = new SslClientCertAuthenticator(tls);
        // Jetty would otherwise re-validate the chain with PKIX on every request; CertGate (without
        // trusted-ca) and Tomcat rely on the handshake instead, so compare like with like.
        authenticator.setValidateCerts(false);
        security.setAuthenticator(authenticator);
        security.setLoginService(login);
        security.addConstraintMapping(everything);
        return security;
    }

    @Override
    public String name() {
        return "Jetty " + Server.getVersion();
    }

    @Override
    public int httpsPort() {
        return https.getLocalPort();
    }

    @Override
    public int httpPort() {
        return http.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
