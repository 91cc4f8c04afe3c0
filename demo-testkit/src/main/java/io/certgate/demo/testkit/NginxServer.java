package io.certgate.demo.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A real nginx running one {@code server} block on 127.0.0.1 and a free port, stopped when closed. Around
 * the block is only what nginx needs to run from a temporary directory (pid, logs, temporary paths).
 *
 * <p>filter-core's tests have the same runner ({@code NginxProcess}); this one is here because a test jar of
 * filter-core on demo-testkit's class path would make every demo build, {@code compile exec:java} included,
 * compile filter-core's tests first.
 */
final class NginxServer implements AutoCloseable {
    private static final List<String> BINARIES = List.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx");

    private final Process process;
    private final int port;

    private NginxServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param directory where the configuration, pid file, logs and temporary files go
     * @param serverConfig the {@code server} block for a port on 127.0.0.1
     */
    static NginxServer start(Path directory, IntFunction<String> serverConfig) throws IOException, InterruptedException {
        String binary = BINARIES.stream().filter(candidate -> Files.isExecutable(Path.of(candidate))).findFirst()
                .orElseThrow(() -> new IllegalStateException("nginx is not installed: run `apt-get install nginx-light`"
                        + " (.ci/run does this) before `mvn verify`"));
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        StringBuilder main = new StringBuilder()
                .append("worker_processes 1;\npid ").append(directory.resolve("nginx.pid")).append(";\n")
                .append("error_log ").append(directory.resolve("nginx.log")).append(" info;\n")
                .append("events { worker_connections 64; }\nhttp {\n    access_log off;\n");
        for (String temporary : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            main.append("    ").append(temporary).append("_temp_path ").append(directory.resolve(temporary)).append(";\n");
        }
        main.append("    include ").append(directory.resolve("server.conf")).append(";\n}\n");
        Files.writeString(directory.resolve("server.conf"), serverConfig.apply(port));
        Files.writeString(directory.resolve("nginx.conf"), main);
        Process process = new ProcessBuilder(binary, "-p", directory.toString(),
                "-c", directory.resolve("nginx.conf").toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(directory.resolve("nginx.out").toFile()).start();
        NginxServer nginx = new NginxServer(process, port);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + ":\n"
                        + Files.readString(directory.resolve("nginx.out")) + "\nwith server.conf:\n"
                        + Files.readString(directory.resolve("server.conf")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return nginx;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        nginx.close();
        throw new IllegalStateException("nginx did not listen on " + port + " within 20 s");
    }

    /** The port nginx listens on (127.0.0.1). */
    int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
