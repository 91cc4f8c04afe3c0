package io.certgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.servlet.Filter;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.authenticator.NonLoginAuthenticator;
import org.apache.catalina.authenticator.SSLAuthenticator;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.catalina.realm.RealmBase;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.util.descriptor.web.LoginConfig;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

import io.certgate.demo.tomcat.TomcatDemo;
import io.certgate.demo.tomcat.TomcatSslContext;
import io.certgate.jakarta.authentication.CertGateServerAuthModule;
import io.certgate.pki.HeldCertificate;

/**
 * Embedded Tomcat 11 with a TLS 1.3 connector ({@code certificateVerification="optional"}) and a plain HTTP
 * connector, and one context per {@link Configuration}.
 *
 * <p>The container configuration is what Tomcat's {@code ContextConfig} builds from a {@code web.xml} with
 * {@code <login-config><auth-method>CLIENT-CERT</auth-method></login-config>} and a
 * {@code <security-constraint>} on {@code /*} for role {@code client}: an {@link SSLAuthenticator} valve,
 * the constraint, the role, and a realm that knows the allowed certificates' subject DNs (Tomcat's
 * default {@code X509SubjectDnRetriever} user names).
 */
final class TomcatBenchServer implements BenchServer {
    /** Held so the level sticks (java.util.logging keeps loggers weakly). */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    private final Tomcat tomcat;
    private final Path baseDir;
    private final Connector https;
    private final Connector http;

    TomcatBenchServer(BenchPki pki) throws Exception {
        TOMCAT_LOG.setLevel(Level.WARNING);
        baseDir = Files.createTempDirectory("certgate-bench-tomcat-");
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());

        https = new Connector();
        https.setPort(0);
        https.setProperty("address", "127.0.0.1");
        https.setScheme("https");
        https.setSecure(true);
        https.setProperty("SSLEnabled", "true");
        https.setProperty("maxThreads", "64");
        SSLHostConfig tls = new SSLHostConfig();
        tls.setProtocols("TLSv1.3");
        tls.setCertificateVerification("optional");
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(tls, SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setSslContext(new TomcatSslContext(pki.serverContext(),
                List.of(pki.server.certificate(), pki.ca.certificate()), List.of(pki.ca.certificate())));
        tls.addCertificate(certificate);
        https.addSslHostConfig(tls);
        tomcat.getService().addConnector(https);

        http = new Connector();
        http.setPort(0);
        http.setProperty("address", "127.0.0.1");
        http.setProperty("maxThreads", "64");
        tomcat.getService().addConnector(http);

        context("/none", null);
        context("/pass", new PassThroughFilter());
        context("/reads", ReadsWhatCertGateReadsFilter.tls());
        context("/reads-header", ReadsWhatCertGateReadsFilter.nginxHeaders());
        context("/certgate", Gates.tls());
        context("/certgate-header", Gates.nginxHeaders());
        Context module = context("/certgate-module", null);
        // What ContextConfig installs for an application without a login-config; it runs the registered module.
        module.getPipeline().addValve(new NonLoginAuthenticator());
        module.addServletContainerInitializer((classes, servletContext) -> AuthConfigFactory.getFactory()
                .registerServerAuthModule(new CertGateServerAuthModule(Gates.tlsParameters()), servletContext), null);
        Context container = context("/container", null);
        clientCertSecurity(container, pki);

        tomcat.start();
        for (Connector connector : List.of(https, http)) {
            if (connector.getState() != LifecycleState.STARTED || connector.getLocalPort() <= 0) {
                throw new IllegalStateException("Tomcat connector did not start: " + connector.getState());
            }
        }
    }

    private Context context(String path, Filter filter) {
        Context context = tomcat.addContext(path, null);
        Tomcat.addServlet(context, "ok", new OkServlet());
        context.addServletMappingDecoded("/*", "ok");
        if (filter != null) {
            FilterDef definition = new FilterDef();
            definition.setFilterName("certgate");
            definition.setFilter(filter);
            context.addFilterDef(definition);
            FilterMap mapping = new FilterMap();
            mapping.setFilterName("certgate");
            mapping.addURLPatternDecoded("/*");
            context.addFilterMap(mapping);
        }
        return context;
    }

    @SuppressWarnings("deprecation")
    private static void clientCertSecurity(Context context, BenchPki pki) {
        LoginConfig login = new LoginConfig();
        login.setAuthMethod("CLIENT-CERT");
        context.setLoginConfig(login);
        SecurityCollection everything = new SecurityCollection();
        everything.addPatternDecoded("/*");
        SecurityConstraint constraint = new SecurityConstraint();
        constraint.addAuthRole("client");
        constraint.addCollection(everything);
        context.addConstraint(constraint);
        context.addSecurityRole("client");
        context.getPipeline().addValve(new SSLAuthenticator());
        Set<String> users = pki.clients.stream().map(HeldCertificate::certificate)
                .map(c -> c.getSubjectX500Principal().toString()).collect(Collectors.toUnmodifiableSet());
        context.setRealm(new AllowedSubjectsRealm(users));
    }

    /** The realm a deployment would configure: these subject DNs have role {@code client}. */
    private static final class AllowedSubjectsRealm extends RealmBase {
        private final Set<String> subjects;

        AllowedSubjectsRealm(Set<String> subjects) {
            this.subjects = subjects;
        }

        @Override
        protected String getPassword(String username) {
            return null;
        }

        @Override
        protected Principal getPrincipal(String username) {
            return subjects.contains(username) ? new GenericPrincipal(username, List.of("client")) : null;
        }
    }

    @Override
    public String name() {
        return "Tomcat " + org.apache.catalina.util.ServerInfo.getServerNumber();
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
        TomcatDemo.stop(tomcat, baseDir);
    }
}
