package io.certgate;

import java.util.Map;

/**
 * CertGate with the same init-params on a real Jetty 12 and a real Tomcat 11, over plain HTTP on 127.0.0.1,
 * for test classes that run each case on both containers (named "Jetty" and "Tomcat" in their parameters).
 */
final class BothContainers implements AutoCloseable {
    private final JettyTestServer jetty;
    private final TomcatTestServer tomcat;

    private BothContainers(JettyTestServer jetty, TomcatTestServer tomcat) {
        this.jetty = jetty;
        this.tomcat = tomcat;
    }

    static BothContainers startHttp(Map<String, String> initParams) throws Exception {
        JettyTestServer jetty = JettyTestServer.startHttp("127.0.0.1", initParams);
        try {
            return new BothContainers(jetty, TomcatTestServer.startHttp("127.0.0.1", initParams));
        } catch (Exception | Error e) {
            jetty.close();
            throw e;
        }
    }

    /** The port of {@code container}, "Jetty" or "Tomcat"; any other name is a mistake in the test. */
    int port(String container) {
        return switch (container) {
            case "Jetty" -> jetty.port();
            case "Tomcat" -> tomcat.port();
            default -> throw new IllegalArgumentException("no container named " + container);
        };
    }

    @Override
    public void close() throws Exception {
        try (AutoCloseable j = jetty; AutoCloseable t = tomcat) {
            // closes both, Tomcat first
        }
    }
}
