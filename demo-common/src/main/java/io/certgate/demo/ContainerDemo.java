package io.certgate.demo;

import java.util.Objects;

/**
 * One demo: its container's name, the command that starts it, its default ports and its
 * {@link ServerStarter}. The Jetty and Tomcat demos are each one of these and a {@code main}.
 *
 * <pre>{@code
 * static final ContainerDemo DEMO = new ContainerDemo("Jetty 12", "mvn -q -pl jetty-demo -am compile exec:java",
 *         8443, 8080, JettyDemo::serve);
 * public static void main(String[] args) { DemoLauncher.main(DEMO, args); }
 * }</pre>
 *
 * @param serverName the container, for the banner
 * @param command the Maven command that starts this demo from the repository root, for {@code --help}
 * @param defaultHttpsPort the {@code --https-port} default
 * @param defaultHttpPort the {@code --http-port} default
 * @param starter starts the container
 */
public record ContainerDemo(String serverName, String command, int defaultHttpsPort, int defaultHttpPort,
        ServerStarter starter) {
    public ContainerDemo {
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(starter, "starter");
    }
}
