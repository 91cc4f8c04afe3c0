/**
 * CertGate: client-certificate authorization for Jakarta Servlet applications.
 *
 * <p>What an application may depend on: the filter and its builder ({@code io.certgate}), the identity it
 * proves ({@code io.certgate.identity}), and for container integrations the one decision
 * ({@code io.certgate.decision}), how it reads a request ({@code io.certgate.request}), its answers
 * ({@code io.certgate.verdict}) and configuration errors ({@code io.certgate.config}). Everything else is
 * internal and may change in any release.
 */
module io.certgate {
    requires static jakarta.servlet;
    requires java.management;
    requires java.xml;

    exports io.certgate;
    exports io.certgate.config;
    exports io.certgate.decision;
    exports io.certgate.identity;
    exports io.certgate.request;
    exports io.certgate.verdict;
}
