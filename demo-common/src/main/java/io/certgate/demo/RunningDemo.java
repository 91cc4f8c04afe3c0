package io.certgate.demo;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import io.certgate.pki.DemoPki;

/**
 * A started demo: the ports it bound and its PKI. {@link #close()} stops it (idempotent, safe from a
 * shutdown hook); {@link #awaitClose()} blocks until then.
 */
public final class RunningDemo implements AutoCloseable {
    private final ServerStarter.StartedServer server;
    private final DemoPki pki;
    private final Path webappDirectory;
    private final CountDownLatch closed = new CountDownLatch(1);
    private boolean closing;

    RunningDemo(ServerStarter.StartedServer server, DemoPki pki, Path webappDirectory) {
        this.server = server;
        this.pki = pki;
        this.webappDirectory = webappDirectory;
    }

    /** The HTTPS port bound. */
    public int httpsPort() {
        return server.httpsPort();
    }

    /** The plain HTTP port bound (127.0.0.1). */
    public int httpPort() {
        return server.httpPort();
    }

    /** The demo PKI in use. */
    public DemoPki pki() {
        return pki;
    }

    /** The nginx {@code server} block the demo prints for its HTTP entrance, for this PKI and port. */
    public String nginxSnippet() {
        return Banner.nginx(Banner.absolute(pki), httpPort());
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /** Stops the server and removes the temporary web application directory. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        try {
            server.stop().stop();
        } catch (Exception e) {
            System.err.println("CertGate demo: stopping the server failed: " + e);
        } finally {
            DemoWebapp.delete(webappDirectory);
            closed.countDown();
        }
    }
}
