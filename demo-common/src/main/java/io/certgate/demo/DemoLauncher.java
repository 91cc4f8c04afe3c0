package io.certgate.demo;

import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.util.List;

import javax.net.ssl.SSLContext;

import io.certgate.pki.DemoPki;

/**
 * Starts a {@link ContainerDemo}: parses the flags, makes sure the demo PKI exists, writes the web
 * application, lets the container start, prints the banner and waits for Ctrl-C.
 *
 * <p>{@link #start} does all but the printing and waiting and returns a {@link RunningDemo}, so tests
 * start a demo through the same code its {@code main} runs.
 */
public final class DemoLauncher {
    private static final String LOG_FORMAT = "java.util.logging.SimpleFormatter.format";

    private DemoLauncher() {
    }

    /**
     * Starts {@code demo} as {@code args} say.
     *
     * @throws IllegalArgumentException if the flags are wrong (or ask for {@code --help}, which starts nothing)
     * @throws Exception if the PKI cannot be written or the server does not start
     */
    public static RunningDemo start(ContainerDemo demo, String... args) throws Exception {
        DemoOptions options = DemoOptions.parse(args, demo.defaultHttpsPort(), demo.defaultHttpPort());
        if (options.help()) {
            throw new IllegalArgumentException("--help starts nothing; it is for the command line");
        }
        return start(demo, options);
    }

    private static RunningDemo start(ContainerDemo demo, DemoOptions options) throws Exception {
        DemoPki pki = DemoPki.ensure(options.pkiDir());
        SSLContext sslContext = DemoTls.serverContext(pki);
        Path webapp = DemoWebapp.create(pki.file("ca.crt"), options.trustedProxies(), options.configFile());
        try {
            ServerSetup setup = new ServerSetup(ServerSetup.HOST, options.httpsPort(), options.httpPort(), sslContext,
                    List.of(pki.server().certificate(), pki.ca().certificate()), List.of(pki.ca().certificate()),
                    ServerSetup.TLS_PROTOCOLS, webapp, options.http2());
            return new RunningDemo(demo.starter().start(setup), pki, webapp);
        } catch (Exception | Error e) {
            DemoWebapp.delete(webapp);
            throw e;
        }
    }

    /**
     * The demos' {@code main}: on success prints the banner and returns only after Ctrl-C (or another
     * shutdown) has stopped the server; on bad flags or a failed start prints why and exits non-zero.
     */
    public static void main(ContainerDemo demo, String[] args) {
        if (System.getProperty(LOG_FORMAT) == null) {
            // CertGate's denial lines, one per line, next to the demo's own output.
            System.setProperty(LOG_FORMAT, "%1$tT %4$s %5$s%6$s%n");
        }
        PrintStream out = System.out;
        String usage = DemoOptions.usage(demo.command(), demo.defaultHttpsPort(), demo.defaultHttpPort());
        DemoOptions options;
        try {
            options = DemoOptions.parse(args, demo.defaultHttpsPort(), demo.defaultHttpPort());
        } catch (IllegalArgumentException e) {
            System.err.println("CertGate demo: " + e.getMessage() + "\n\n" + usage);
            System.exit(2);
            return;
        }
        if (options.help()) {
            out.print(usage);
            return;
        }
        RunningDemo running;
        try {
            running = start(demo, options);
        } catch (Exception e) {
            System.err.println("CertGate demo: cannot start " + demo.serverName() + ": " + explain(e, options));
            e.printStackTrace();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            System.out.println("CertGate demo stopped.");
        }, "certgate-demo-stop"));
        out.print(Banner.text(demo.serverName(), options, running.httpsPort(), running.httpPort(), running.pki()));
        out.flush();
        try {
            running.awaitClose();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.close();
        }
    }

    private static String explain(Throwable failure, DemoOptions options) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return "a port is taken (HTTPS " + options.httpsPort() + ", HTTP " + options.httpPort()
                        + "); is the demo already running? Pick others with --https-port N --http-port N,"
                        + " or 0 for any free port";
            }
        }
        return String.valueOf(failure.getMessage());
    }
}
