package io.certgate.jakarta.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import io.certgate.ClientCertFilter;
import io.certgate.identity.ClientIdentity;

/**
 * Lets beans {@code @Inject ClientIdentity}: the identity CertGate's mechanism proved for the current request,
 * or null when the request came without a usable certificate (an {@code open} path).
 *
 * <p>{@link ClientIdentity} is a record, which CDI cannot proxy, so the product is {@code @Dependent}: it is
 * read when the injecting bean is made. Inject it into request-scoped beans (or ask an
 * {@code Instance<ClientIdentity>} each time), not into application-scoped ones, which would keep the first
 * caller's.
 */
@ApplicationScoped
public class ClientIdentityProducer {
    @Inject
    HttpServletRequest request;

    @Produces
    @Dependent
    ClientIdentity clientIdentity() {
        return request.getAttribute(ClientCertFilter.IDENTITY_ATTRIBUTE) instanceof ClientIdentity identity
                ? identity : null;
    }
}
