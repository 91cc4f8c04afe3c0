package io.certgate.glassfishapp;

import java.security.Principal;

import jakarta.ejb.EJBAccessException;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.certgate.identity.CertificatePrincipal;

/** The test application's Jakarta REST resources under {@code /api}. */
public final class Api {
    private Api() {
    }

    @ApplicationPath("/api")
    public static class RestApplication extends Application {
    }

    @Path("/")
    public static class Resource {
        @Inject
        SecurityContext security;

        @Inject
        AdminService admin;

        @Inject
        Caller caller;

        /**
         * What Jakarta Security says about the caller. The caller principal may be the container's own
         * (GlassFish's {@code WebPrincipal}); CertGate's is among the caller's principals by type.
         */
        @GET
        @Path("whoami")
        @Produces("text/plain")
        public String whoami() {
            Principal principal = security.getCallerPrincipal();
            return "caller=" + (principal == null ? "-" : principal.getName())
                    + " certificate-principals=" + security.getPrincipalsByType(CertificatePrincipal.class).stream()
                            .map(CertificatePrincipal::getName).toList()
                    + " admin=" + security.isCallerInRole("admin")
                    + " ops=" + security.isCallerInRole("ops")
                    + " auditor=" + security.isCallerInRole("auditor")
                    + " identity=" + caller.describe();
        }

        /** The enterprise bean's {@code @RolesAllowed("admin")} decides. */
        @GET
        @Path("admin")
        @Produces("text/plain")
        public String admin() {
            return admin.adminPage();
        }
    }

    /** The EJB container's refusal, as a 403 that says whose it is. */
    @Provider
    public static class AccessDenied implements ExceptionMapper<EJBAccessException> {
        @Override
        public Response toResponse(EJBAccessException exception) {
            return Response.status(Response.Status.FORBIDDEN).type("text/plain")
                    .entity("EJB CONTAINER REFUSED: " + exception.getMessage()).build();
        }
    }
}
