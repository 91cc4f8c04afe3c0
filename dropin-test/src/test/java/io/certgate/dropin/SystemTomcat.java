package io.certgate.dropin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.certgate.pki.DemoPki;

/**
 * The system-installed Tomcat (Debian's {@code tomcat10}: {@code CATALINA_HOME=/usr/share/tomcat10}) run
 * with {@code catalina.sh run} from a private {@code CATALINA_BASE}, as an operator runs a second instance
 * ({@code makebase.sh} does the same layout). The base has {@code conf/} (a {@code server.xml} around the
 * documented connector, the package's own {@code web.xml}, {@code catalina.properties} and
 * {@code context.xml}, and a console-only {@code logging.properties}), {@code lib/}, {@code webapps/},
 * {@code logs/}, {@code temp/} and {@code work/}. The shutdown port is off; {@link #close} stops the JVM
 * with SIGTERM, which runs Tomcat's shutdown hook.
 */
final class SystemTomcat implements AutoCloseable {
    static final Path HOME = Path.of("/usr/share/tomcat10");
    private static final Path PACKAGE_CONF = HOME.resolve("etc");
    private static final String STARTED = "org.apache.catalina.startup.Catalina.start Server startup in";

    private final Process process;
    private final Path base;
    private final Path output;
    private final int port;

    private SystemTomcat(Process process, Path base, Path output, int port) {
        this.process = process;
        this.base = base;
        this.output = output;
        this.port = port;
    }

    /** Lays out a {@code CATALINA_BASE} in {@code base}; the caller adds {@code server.xml} and applications. */
    static Path layOut(Path base) throws IOException {
        if (!Files.isExecutable(HOME.resolve("bin/catalina.sh"))) {
            throw new IllegalStateException("Tomcat 10.1 is not installed: run `apt-get install tomcat10`"
                    + " (.ci/run does this) before `mvn verify`");
        }
        for (String directory : List.of("conf", "lib", "webapps", "logs", "temp", "work")) {
            Files.createDirectories(base.resolve(directory));
        }
        for (String file : List.of("web.xml", "catalina.properties", "context.xml")) {
            Files.copy(PACKAGE_CONF.resolve(file), base.resolve("conf").resolve(file),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        // Everything to the console (the test's output file), one line per record.
        Files.writeString(base.resolve("conf/logging.properties"), String.join("\n",
                "handlers = java.util.logging.ConsoleHandler",
                ".handlers = java.util.logging.ConsoleHandler",
                ".level = INFO",
                "java.util.logging.ConsoleHandler.level = ALL",
                "java.util.logging.ConsoleHandler.formatter = org.apache.juli.OneLineFormatter", ""));
        return base;
    }

    /**
     * Lays out a base whose {@code server.xml} has docs/dropin.md's connector on {@code port}, with the key
     * store and trust store it names written from the demo PKI (server certificate; the demo CA only).
     */
    static Path documentedBase(Path base, DemoPki pki, int port) throws Exception {
        layOut(base);
        Https.writeServerStores(pki, base.resolve("conf/certgate/server.p12"),
                base.resolve("conf/certgate/client-ca.p12"));
        writeServerXml(base, TomcatConnector.documented(port));
        return base;
    }

    /**
     * Writes {@code conf/server.xml}: one service on 127.0.0.1 with {@code connector} (a {@code <Connector>}
     * element) and the host {@code localhost} deploying {@code webapps/} once, at start.
     */
    static void writeServerXml(Path base, String connector) throws IOException {
        Files.writeString(base.resolve("conf/server.xml"), String.join("\n",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<Server port=\"-1\" shutdown=\"SHUTDOWN\">",
                "  <Service name=\"Catalina\">",
                connector.strip(),
                "    <Engine name=\"Catalina\" defaultHost=\"localhost\">",
                "      <Host name=\"localhost\" appBase=\"webapps\" unpackWARs=\"true\" autoDeploy=\"false\"/>",
                "    </Engine>",
                "  </Service>",
                "</Server>", ""));
    }

    /**
     * Starts {@code catalina.sh run} and waits until Tomcat says it has started (applications deployed,
     * connectors accepting).
     *
     * @param port the HTTPS port the connector listens on, as written in {@code server.xml}
     * @param systemProperties {@code -Dname=value} options passed through {@code CATALINA_OPTS}
     */
    static SystemTomcat start(Path base, int port, Map<String, String> systemProperties)
            throws IOException, InterruptedException {
        Path output = base.resolve("logs/console.log");
        List<String> options = new ArrayList<>();
        systemProperties.forEach((name, value) -> options.add("-D" + name + "=" + value));
        ProcessBuilder builder = new ProcessBuilder(HOME.resolve("bin/catalina.sh").toString(), "run")
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> environment = builder.environment();
        environment.put("CATALINA_HOME", HOME.toString());
        environment.put("CATALINA_BASE", base.toString());
        environment.put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        environment.put("CATALINA_OPTS", String.join(" ", options));
        environment.remove("JAVA_OPTS");
        environment.remove("JRE_HOME");
        SystemTomcat tomcat = new SystemTomcat(builder.start(), base, output, port);
        try {
            tomcat.awaitStarted();
        } catch (IOException | RuntimeException | InterruptedException e) {
            tomcat.close();
            throw e;
        }
        return tomcat;
    }

    private void awaitStarted() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("catalina.sh run exited with " + process.exitValue() + ":\n" + log());
            }
            if (log().contains(STARTED)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Tomcat did not start within 90 s:\n" + log());
    }

    int port() {
        return port;
    }

    Path base() {
        return base;
    }

    /** Everything Tomcat (and CertGate, through java.util.logging) has logged so far. */
    String log() throws IOException {
        return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
