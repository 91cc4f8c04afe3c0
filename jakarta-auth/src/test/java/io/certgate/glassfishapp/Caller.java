package io.certgate.glassfishapp;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.certgate.identity.ClientIdentity;

/** A request-scoped bean that is given the caller's certificate identity by injection. */
@RequestScoped
public class Caller {
    @Inject
    ClientIdentity identity;

    public String describe() {
        return identity == null ? "none" : identity.subject() + " serial=" + identity.serialNumber();
    }
}
