package io.certgate.jakarta;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;

import io.certgate.ClientCertFilter;
import io.certgate.demo.pages.AdminServlet;
import io.certgate.demo.pages.DispatchServlet;
import io.certgate.demo.pages.HomeServlet;
import io.certgate.demo.pages.UnprotectedServlet;
import io.certgate.demo.pages.WhoamiServlet;
import io.certgate.pki.DemoPki;

/**
 * demo-common's pages, mapped as its {@code web.xml} maps them, with the container's authentication (the
 * module, the authenticator) in the filter's place on requests: the application the bypass matrix runs
 * against through jakarta-auth.
 *
 * <p>{@link ClientCertFilter} stays mapped, with the same parameters, for {@code FORWARD} and {@code INCLUDE}
 * only, as docs/container-auth.md recommends: a container authenticates the request as it arrives, never a
 * dispatch, so without the filter {@code /unprotected/forward-admin} would hand bob the admin page that the
 * module refuses him on {@code /admin/}.
 */
public final class DemoPages implements ServletContainerInitializer {
    private final Map<String, String> parameters;

    /** @param parameters CertGate's parameters, for the filter that judges forwards and includes */
    public DemoPages(Map<String, String> parameters) {
        this.parameters = Map.copyOf(parameters);
    }

    /**
     * The demo's policy (demo-common's {@code web.xml}: {@code /unprotected/*} open, {@code /admin/*} alice,
     * {@code /api/*} the service by its SPIFFE ID, every other path alice or bob, its roles, the demo CA and its
     * CRL), over direct TLS only: the matrix's TLS mode.
     */
    public static Map<String, String> demoParameters(Path pkiDir) {
        return Map.of("allowed-cns", "alice, bob",
                "rules", "/unprotected/* open\n/admin/* cn:alice\n/api/* san-uri:spiffe://certgate.demo/ns/prod/*",
                "roles", "admin = alice; operator = ou:operations",
                "trusted-ca", pkiDir.resolve("ca.crt").toString(),
                "crl", pkiDir.resolve(DemoPki.CRL_FILE).toString());
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        context.addServlet("home", HomeServlet.class).addMapping("/");
        context.addServlet("unprotected", UnprotectedServlet.class).addMapping("/unprotected/*");
        context.addServlet("dispatch", DispatchServlet.class)
                .addMapping("/unprotected/include-admin", "/unprotected/forward-admin");
        context.addServlet("admin", AdminServlet.class).addMapping("/admin/*");
        context.addServlet("whoami", WhoamiServlet.class).addMapping("/whoami", "/api/whoami");
        FilterRegistration.Dynamic certgate = context.addFilter("certgate", ClientCertFilter.class);
        certgate.setInitParameters(parameters);
        certgate.addMappingForUrlPatterns(EnumSet.of(DispatcherType.FORWARD, DispatcherType.INCLUDE), false, "/*");
    }
}
