package io.certgate.jakarta.security.glassfish;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Embedded GlassFish 7 in a child JVM ({@link GlassFishLauncher}) with one WAR deployed, its console lines
 * kept. The test JVM's class path holds Tomcat and Jetty, whose servlet APIs and initializers GlassFish must
 * not see, so GlassFish gets a JVM and a class path of its own: its jar and the launcher class alone.
 */
final class GlassFishServer implements AutoCloseable {
    /** Where surefire says dependency:properties found the jar. */
    private static final String JAR_PROPERTY = "certgate.glassfish.jar";
    /** GlassFish's own manifest asks for these (Add-Opens), which only count for {@code java -jar}. */
    private static final List<String> OPENS = List.of("java.base/java.lang", "java.base/java.io", "java.base/java.util",
            "java.base/sun.nio.fs", "java.base/sun.net.www.protocol.jrt", "java.naming/javax.naming.spi",
            "java.rmi/sun.rmi.transport", "jdk.management/com.sun.management.internal",
            "java.base/jdk.internal.vm.annotation");

    private final Process process;
    private final int port;
    private final Path workDir;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private GlassFishServer(Process process, int port, Path workDir) {
        this.process = process;
        this.port = port;
        this.workDir = workDir;
    }

    static GlassFishServer start(Path war, String contextRoot, Path workDir) throws Exception {
        String jar = System.getProperty(JAR_PROPERTY);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("-D" + JAR_PROPERTY + " should name glassfish-embedded-all's jar (the"
                    + " pom sets it from dependency:properties), got " + jar);
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + workDir,
                "-Duser.dir=" + workDir));
        for (String open : OPENS) {
            command.add("--add-opens=" + open + "=ALL-UNNAMED");
        }
        command.add("--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED");
        command.addAll(List.of("-cp", jar + java.io.File.pathSeparator + launcherOnly(workDir),
                GlassFishLauncher.class.getName(), war.toString(), String.valueOf(port), contextRoot));
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        GlassFishServer server = new GlassFishServer(process, port, workDir);
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> server.read(ready), "glassfish-output");
        reader.setDaemon(true);
        reader.start();
        try {
            String line = ready.get(300, TimeUnit.SECONDS);
            if (!line.startsWith(GlassFishLauncher.READY)) {
                throw new IllegalStateException("GlassFish did not deploy the WAR: " + line + "\n" + server.tail(80)
                        + "\n" + server.serverLog(120));
            }
        } catch (Exception e) {
            server.close();
            throw new IllegalStateException("GlassFish did not start: " + e + "\n" + server.tail(80), e);
        }
        return server;
    }

    private void read(CompletableFuture<String> ready) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                if (line.startsWith(GlassFishLauncher.READY) || line.startsWith(GlassFishLauncher.FAILED)) {
                    ready.complete(line);
                }
            }
            ready.complete("GlassFish exited with " + process.waitFor());
        } catch (IOException | InterruptedException e) {
            ready.completeExceptionally(e);
        }
    }

    /** The last lines of GlassFish's own log, which it writes in its instance directory, not on the console. */
    String serverLog(int count) {
        try (Stream<Path> files = Files.walk(workDir)) {
            List<Path> logs = files.filter(file -> file.getFileName().toString().equals("server.log")).toList();
            StringBuilder text = new StringBuilder();
            for (Path log : logs) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                text.append("--- ").append(log).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size())));
            }
            return text.toString();
        } catch (IOException e) {
            return "(no server.log: " + e + ")";
        }
    }

    int port() {
        return port;
    }

    /** The console lines so far. */
    List<String> output() {
        return List.copyOf(output);
    }

    String tail(int count) {
        List<String> lines = output();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }

    /**
     * A class directory holding nothing but {@link GlassFishLauncher}. Not the test classes directory: that holds
     * the WAR's own classes too, and GlassFish's web class loader asks its parent first ({@code delegate=true}),
     * so the JVM's class loader would define them, where the WAR's {@code WEB-INF/lib} is out of sight (Weld then
     * drops every bean that references a CertGate class: "WELD-001474: Class io.certgate.glassfishapp.Caller is
     * on the classpath, but was ignored because a class it references was not found").
     */
    private static Path launcherOnly(Path workDir) throws IOException, URISyntaxException {
        Path testClasses = Path.of(GlassFishLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String file = GlassFishLauncher.class.getName().replace('.', '/') + ".class";
        Path directory = workDir.resolve("launcher-classes");
        Path target = directory.resolve(file);
        Files.createDirectories(target.getParent());
        Files.copy(testClasses.resolve(file), target);
        return directory;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
