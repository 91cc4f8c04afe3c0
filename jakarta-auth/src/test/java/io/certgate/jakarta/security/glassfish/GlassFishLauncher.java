package io.certgate.jakarta.security.glassfish;

import java.io.File;
import java.io.IOException;

import org.glassfish.embeddable.Deployer;
import org.glassfish.embeddable.GlassFish;
import org.glassfish.embeddable.GlassFishProperties;
import org.glassfish.embeddable.GlassFishRuntime;

/**
 * Runs embedded GlassFish in a JVM of its own (the test's class path holds Tomcat and Jetty): starts an HTTP
 * listener on 127.0.0.1 and the given port, deploys the WAR, prints {@value #READY}, and stops when its
 * standard input closes.
 *
 * <p>Arguments: the WAR file, the port, the context root.
 */
public final class GlassFishLauncher {
    static final String READY = "CERTGATE-GLASSFISH-READY";
    static final String FAILED = "CERTGATE-GLASSFISH-FAILED";
    private static final String LISTENER = "http-listener";

    private GlassFishLauncher() {
    }

    public static void main(String[] args) throws Exception {
        File war = new File(args[0]);
        int port = Integer.parseInt(args[1]);
        GlassFishRuntime runtime = GlassFishRuntime.bootstrap();
        GlassFishProperties properties = new GlassFishProperties();
        properties.setPort(LISTENER, port);
        properties.setProperty("embedded-glassfish-config.server.network-config.network-listeners.network-listener."
                + LISTENER + ".address", "127.0.0.1");
        GlassFish glassfish = runtime.newGlassFish(properties);
        try {
            glassfish.start();
            Deployer deployer = glassfish.getDeployer();
            String name = deployer.deploy(war, "--contextroot", args[2], "--name", "certgate-app");
            System.out.println((name == null ? FAILED : READY) + " " + name);
            System.out.flush();
            if (name != null) {
                waitForEndOfInput();
            }
        } finally {
            glassfish.dispose();
            runtime.shutdown();
        }
        System.exit(0);
    }

    private static void waitForEndOfInput() throws IOException {
        while (System.in.read() >= 0) {
            // The test closes the pipe to stop us.
        }
    }
}
