package io.certgate.servlet;

/**
 * The request attributes CertGate sets for the application; {@code ClientCertFilter} publishes them as its
 * own constants.
 */
public final class RequestAttributes {
    /** The {@code ClientIdentity} of an allowed request. */
    public static final String IDENTITY = "io.certgate.identity";
    /** Where the identity came from: {@code tls} or {@code header}. */
    public static final String SOURCE = "io.certgate.source";
    /** The {@code CertificatePrincipal} of an allowed request: its name and roles, for an integration. */
    public static final String PRINCIPAL = "io.certgate.principal";
    /** The short denial message, for the {@code denied-page}. */
    public static final String DENIAL = "io.certgate.denial";
    /** The {@code Denial} of a request CertGate refused (enforced), for code around the filter. */
    public static final String DENIED = "io.certgate.denied";

    private RequestAttributes() {
    }
}
