package io.certgate.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The end-to-end load run: for Jetty 12 and then Tomcat 11, every {@link Configuration} in one server,
 * driven by Jetty's HttpClient in this JVM over {@code --connections} kept-alive connections (TLS 1.3 with
 * the {@code client-0} certificate, or plain HTTP with nginx's headers), {@code --requests} requests per
 * configuration per round, {@code --rounds} rounds with the configurations in rotating order so that no
 * configuration always runs first or last. Prints requests/s and latency percentiles per configuration and
 * the ratios CertGate / no filter and CertGate / container, and, given {@code --jmh-csv}, the JMH results
 * before them.
 *
 * <pre>{@code java -cp ... io.certgate.bench.LoadRun --connections 8 --requests 20000 --rounds 3}</pre>
 */
public final class LoadRun {
    private final int connections;
    private final int requests;
    private final int rounds;
    private final int warmup;
    private final BenchPki pki;
    /** What nginx sends for client-0: {@code $ssl_client_s_dn} and {@code $ssl_client_escaped_cert}. */
    private final String nginxDn;
    private final String nginxCert;

    private LoadRun(int connections, int requests, int rounds, int warmup, BenchPki pki) {
        this.connections = connections;
        this.requests = requests;
        this.rounds = rounds;
        this.warmup = warmup;
        this.pki = pki;
        this.nginxDn = BenchPki.nginxDn(pki.clients.get(0).certificate());
        this.nginxCert = BenchPki.nginxEscapedCert(pki.clients.get(0).certificate());
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        BenchPki pki = new BenchPki();
        LoadRun run = new LoadRun(Integer.parseInt(options.getOrDefault("--connections", "8")),
                Integer.parseInt(options.getOrDefault("--requests", "20000")),
                Integer.parseInt(options.getOrDefault("--rounds", "3")),
                Integer.parseInt(options.getOrDefault("--warmup", "10000")), pki);
        String containers = options.getOrDefault("--containers", "jetty,tomcat");
        Map<String, Map<Configuration, Result>> results = new LinkedHashMap<>();
        for (String container : containers.split(",")) {
            try (BenchServer server = container.equals("jetty") ? new JettyBenchServer(pki) : new TomcatBenchServer(pki)) {
                results.put(server.name(), run.measure(server));
            }
        }
        StringBuilder out = new StringBuilder();
        String jmh = options.get("--jmh-csv");
        if (jmh != null) {
            out.append(MicroResults.table(Path.of(jmh))).append('\n');
        }
        out.append(run.table(results));
        System.out.print(out);
        String file = options.get("--out");
        if (file != null) {
            Files.writeString(Path.of(file), out);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: LoadRun [--connections N] [--requests N] [--rounds N]"
                        + " [--warmup N] [--containers jetty,tomcat] [--jmh-csv file] [--out file]; got " + args[i]);
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    /** Requests/s and latencies of every configuration on one server. */
    private Map<Configuration, Result> measure(BenchServer server) throws Exception {
        HttpClient client = client();
        try {
            for (Configuration configuration : Configuration.values()) {
                check(client, server, configuration);
            }
            System.err.printf(Locale.ROOT, "%s: warming up (%d requests per configuration)%n", server.name(), warmup);
            for (Configuration configuration : Configuration.values()) {
                drive(client, server, configuration, warmup);
            }
            Map<Configuration, List<long[]>> latencies = new EnumMap<>(Configuration.class);
            Map<Configuration, Long> nanos = new EnumMap<>(Configuration.class);
            Configuration[] all = Configuration.values();
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < all.length; i++) {
                    Configuration configuration = all[(i + round) % all.length];
                    long start = System.nanoTime();
                    long[] sample = drive(client, server, configuration, requests);
                    nanos.merge(configuration, System.nanoTime() - start, Long::sum);
                    latencies.computeIfAbsent(configuration, c -> new ArrayList<>()).add(sample);
                }
                System.err.printf(Locale.ROOT, "%s: round %d of %d done%n", server.name(), round + 1, rounds);
            }
            Map<Configuration, Result> results = new EnumMap<>(Configuration.class);
            for (Configuration configuration : all) {
                results.put(configuration, Result.of(latencies.get(configuration), nanos.get(configuration)));
            }
            return results;
        } finally {
            client.stop();
        }
    }

    private HttpClient client() throws Exception {
        SslContextFactory.Client tls = new SslContextFactory.Client();
        tls.setSslContext(pki.clientContext());
        tls.setIncludeProtocols("TLSv1.3");
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(tls);
        QueuedThreadPool threads = new QueuedThreadPool(Math.max(16, 2 * connections));
        threads.setName("load-client");
        connector.setExecutor(threads);
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.setExecutor(threads);
        client.setMaxConnectionsPerDestination(connections);
        client.setFollowRedirects(false);
        client.start();
        return client;
    }

    /** Fails the run unless the configuration lets client-0 in (and, for the gates, keeps a stranger out). */
    private void check(HttpClient client, BenchServer server, Configuration configuration) throws Exception {
        ContentResponse response = request(client, server, configuration).send();
        // The containers' CLIENT-CERT names the user by the whole subject DN, CertGate by the CN.
        String expected = configuration.label.equals("no filter") ? "-"
                : configuration == Configuration.TLS_CONTAINER ? "CN=client-0" : "client-0";
        if (response.getStatus() != 200 || !response.getContentAsString().equals(expected)) {
            throw new IllegalStateException(server.name() + " " + configuration + ": expected 200 \"" + expected
                    + "\", got " + response.getStatus() + " \"" + response.getContentAsString() + "\"");
        }
        if (configuration == Configuration.HEADER_CERTGATE) {
            ContentResponse stranger = client.newRequest(URI.create("http://127.0.0.1:" + server.httpPort()
                    + configuration.path())).send();
            if (stranger.getStatus() != 403) {
                throw new IllegalStateException(server.name() + " " + configuration
                        + ": a request without headers got " + stranger.getStatus() + ", not 403");
            }
        }
    }

    private Request request(HttpClient client, BenchServer server, Configuration configuration) {
        String base = configuration.tls ? "https://localhost:" + server.httpsPort() : "http://127.0.0.1:" + server.httpPort();
        Request request = client.newRequest(URI.create(base + configuration.path()));
        if (configuration.nginxHeaders) {
            request.headers(headers -> headers.put("X-Client-Verify", "SUCCESS").put("X-Client-Dn", nginxDn)
                    .put("X-Client-Cert", nginxCert));
        }
        return request;
    }

    /** Sends {@code count} requests over {@code connections} threads; returns each one's latency in ns. */
    private long[] drive(HttpClient client, BenchServer server, Configuration configuration, int count)
            throws InterruptedException {
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] workers = new Thread[connections];
        for (int w = 0; w < connections; w++) {
            workers[w] = new Thread(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < count && failure.get() == null; i = next.getAndIncrement()) {
                        long start = System.nanoTime();
                        ContentResponse response = request(client, server, configuration).send();
                        latencies[i] = System.nanoTime() - start;
                        if (response.getStatus() != 200) {
                            throw new IllegalStateException(configuration + ": status " + response.getStatus());
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "load-" + w);
            workers[w].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(server.name() + " " + configuration + " failed", failure.get());
        }
        return latencies;
    }

    private record Result(double requestsPerSecond, double p50Millis, double p99Millis) {
        static Result of(List<long[]> samples, long nanos) {
            long[] all = samples.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            return new Result(all.length / (nanos / 1e9), percentile(all, 0.50) / 1e6, percentile(all, 0.99) / 1e6);
        }

        private static long percentile(long[] sorted, double fraction) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(fraction * sorted.length) - 1)];
        }
    }

    private String table(Map<String, Map<Configuration, Result>> results) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "End to end: %d connections, %d requests x %d rounds per configuration,"
                + " client in the same JVM, %d cores, Java %s%n", connections, requests, rounds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        out.append(String.format(Locale.ROOT, "%-14s %-7s %-22s %10s %8s %8s %14s %14s%n", "container", "mode",
                "configuration", "req/s", "p50 ms", "p99 ms", "CertGate/none", "CertGate/cont."));
        for (Map.Entry<String, Map<Configuration, Result>> server : results.entrySet()) {
            Map<Configuration, Result> r = server.getValue();
            for (Configuration configuration : Configuration.values()) {
                Result result = r.get(configuration);
                String vsNone = "";
                String vsContainer = "";
                if (configuration == Configuration.TLS_CERTGATE) {
                    vsNone = ratio(result, r.get(Configuration.TLS_NONE));
                    vsContainer = ratio(result, r.get(Configuration.TLS_CONTAINER));
                } else if (configuration == Configuration.HEADER_CERTGATE) {
                    vsNone = ratio(result, r.get(Configuration.HEADER_NONE));
                }
                out.append(String.format(Locale.ROOT, "%-14s %-7s %-22s %10.0f %8.2f %8.2f %14s %14s%n",
                        server.getKey(), configuration.mode, configuration.label, result.requestsPerSecond(),
                        result.p50Millis(), result.p99Millis(), vsNone, vsContainer));
            }
        }
        out.append("Ratios are of requests/s (higher is better for CertGate); p99 ratios CertGate/none and"
                + " CertGate/container:");
        for (Map.Entry<String, Map<Configuration, Result>> server : results.entrySet()) {
            Map<Configuration, Result> r = server.getValue();
            out.append(String.format(Locale.ROOT, " %s TLS %.2f / %.2f, header %.2f;", server.getKey(),
                    r.get(Configuration.TLS_CERTGATE).p99Millis() / r.get(Configuration.TLS_NONE).p99Millis(),
                    r.get(Configuration.TLS_CERTGATE).p99Millis() / r.get(Configuration.TLS_CONTAINER).p99Millis(),
                    r.get(Configuration.HEADER_CERTGATE).p99Millis() / r.get(Configuration.HEADER_NONE).p99Millis()));
        }
        out.append('\n');
        return out.toString();
    }

    private static String ratio(Result gate, Result other) {
        return String.format(Locale.ROOT, "%.3f", gate.requestsPerSecond() / other.requestsPerSecond());
    }

}
