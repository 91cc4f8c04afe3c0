package io.certgate.bench;

/** What guards the application in one measured configuration, and how the client reaches it. */
enum Configuration {
    /** TLS with a client certificate, no filter. */
    TLS_NONE("TLS", "no filter", "/none", true),
    /** TLS, a filter that only wraps the request: what any filter costs. */
    TLS_PASS_THROUGH("TLS", "pass-through filter", "/pass", true),
    /**
     * TLS, a filter that asks the container what CertGate asks and decides nothing
     * ({@link ReadsWhatCertGateReadsFilter}): what reading those facts costs in this container.
     */
    TLS_READS("TLS", "reads what CertGate reads", "/reads", true),
    /** TLS, CertGate reading the TLS attribute. */
    TLS_CERTGATE("TLS", "CertGate", "/certgate", true),
    /**
     * TLS, CertGate as the container's own authentication: the Jakarta Authentication ServerAuthModule on Tomcat,
     * the native Authenticator on Jetty, with the filter's parameters.
     */
    TLS_CERTGATE_MODULE("TLS", "CertGate module", "/certgate-module", true),
    /** TLS, the container's CLIENT-CERT login-config with a security-constraint for role {@code client}. */
    TLS_CONTAINER("TLS", "container CLIENT-CERT", "/container", true),
    /** Plain HTTP with nginx's headers, no filter. */
    HEADER_NONE("header", "no filter", "/none", false),
    /** Plain HTTP with nginx's headers, a filter that only wraps the request. */
    HEADER_PASS_THROUGH("header", "pass-through filter", "/pass", false),
    /** Plain HTTP with nginx's headers, a filter that asks what CertGate asks and decides nothing. */
    HEADER_READS("header", "reads what CertGate reads", "/reads-header", false),
    /** Plain HTTP with nginx's headers, CertGate with {@code sources=header}. */
    HEADER_CERTGATE("header", "CertGate", "/certgate-header", false);

    final String mode;
    final String label;
    final String contextPath;
    /** TLS with the client certificate; otherwise plain HTTP with nginx's headers. */
    final boolean tls;

    Configuration(String mode, String label, String contextPath, boolean tls) {
        this.mode = mode;
        this.label = label;
        this.contextPath = contextPath;
        this.tls = tls;
    }

    /** The path requested: {@code /api/data} under the configuration's context. */
    String path() {
        return contextPath + "/api/data";
    }
}
