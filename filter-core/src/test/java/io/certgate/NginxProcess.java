package io.certgate;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntFunction;

/**
 * A real nginx running one {@code server} block on 127.0.0.1 and a free port, stopped when closed: the
 * project's documented configuration ({@code docs/nginx/certgate.conf}) with only its paths and ports
 * replaced, or another block a test writes. The main configuration around the block is only what nginx
 * needs to run unprivileged from a temporary directory (pid, logs, temporary paths). demo-testkit's
 * {@code NginxServer} does the same for the demo's snippet: depending on these tests would make every
 * demo build, {@code compile exec:java} included, compile them first.
 */
final class NginxProcess implements AutoCloseable {
    static final Path TEMPLATE = Path.of("..", "docs", "nginx", "certgate.conf");

    private final Process process;
    private final Path log;
    private final int port;

    private NginxProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** The port nginx listens on (127.0.0.1). */
    int port() {
        return port;
    }

    static Path binary() {
        for (String candidate : new String[] {"/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("nginx is not installed: run `apt-get install nginx-light`"
                + " (.ci/run does this) before `mvn verify`");
    }

    /**
     * Starts the documented configuration's {@code server} block, its {@code listen 443} line moved to a free
     * port on 127.0.0.1.
     *
     * @param serverConfig the {@code server} block, already adapted to this test's files and upstream
     */
    static NginxProcess start(Path directory, String serverConfig) throws IOException, InterruptedException {
        return start(directory, port -> replaceOnce(serverConfig, "listen              443 ssl;",
                "listen              127.0.0.1:" + port + " ssl;"));
    }

    /**
     * Starts a {@code server} block that listens on the free port it is given.
     *
     * @param directory where the configuration, pid file, logs and temporary files go
     * @param serverConfig the {@code server} block for a port on 127.0.0.1
     */
    static NginxProcess start(Path directory, IntFunction<String> serverConfig)
            throws IOException, InterruptedException {
        int port = freePort();
        Path log = directory.resolve("nginx.log");
        String main = String.join("\n",
                "worker_processes 1;",
                "pid " + directory.resolve("nginx.pid") + ";",
                "error_log " + log + " info;",
                "events { worker_connections 64; }",
                "http {",
                "    access_log off;",
                "    client_body_temp_path " + directory.resolve("client_body") + ";",
                "    proxy_temp_path " + directory.resolve("proxy") + ";",
                "    fastcgi_temp_path " + directory.resolve("fastcgi") + ";",
                "    uwsgi_temp_path " + directory.resolve("uwsgi") + ";",
                "    scgi_temp_path " + directory.resolve("scgi") + ";",
                "    include " + directory.resolve("server.conf") + ";",
                "}", "");
        Files.writeString(directory.resolve("server.conf"), serverConfig.apply(port));
        Files.writeString(directory.resolve("nginx.conf"), main);
        Process process = new ProcessBuilder(binary().toString(), "-p", directory.toString(),
                "-c", directory.resolve("nginx.conf").toString(), "-g", "daemon off;")
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("nginx.out").toFile())
                .start();
        NginxProcess nginx = new NginxProcess(process, log, port);
        nginx.awaitListening(directory);
        return nginx;
    }

    /**
     * Replaces a line of a configuration a test did not write (the documented one),
     * failing if it no longer has that line exactly once.
     */
    static String replaceOnce(String text, String from, String to) {
        int at = text.indexOf(from);
        if (at < 0 || text.indexOf(from, at + 1) >= 0) {
            throw new IllegalStateException("the nginx configuration must contain exactly one \"" + from + "\":\n"
                    + text);
        }
        return text.replace(from, to);
    }

    private void awaitListening(Path directory) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + ":\n"
                        + Files.readString(directory.resolve("nginx.out"), StandardCharsets.UTF_8)
                        + (Files.exists(log) ? Files.readString(log) : ""));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("nginx did not listen on " + port + " within 20 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
