package io.certgate.glassfishapp;

import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;

/**
 * A bean the container guards by role: a stateless session bean (also a CDI bean), since Jakarta EE 10
 * enforces {@code @RolesAllowed} on enterprise beans.
 */
@Stateless
@DeclareRoles({"admin", "ops", "auditor"})
public class AdminService {
    @Inject
    SecurityContext security;

    @RolesAllowed("admin")
    public String adminPage() {
        return "ADMIN PAGE for " + security.getCallerPrincipal().getName();
    }
}
