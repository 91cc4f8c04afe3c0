package io.certgate.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

import one.profiler.AsyncProfiler;
import one.profiler.Counter;

/**
 * The end-to-end load run: for Jetty 12 and then Tomcat 11, every {@link Configuration} in one server,
 * driven by Jetty's HttpClient in this JVM over {@code --connections} kept-alive connections (TLS 1.3 with
 * the {@code client-0} certificate, or plain HTTP with nginx's headers). Given {@code --jmh-csv}, the JMH
 * results are printed before the load table.
 *
 * <p>The method, and why. After a warm-up ({@code --warmup} requests per configuration, repeated until the JIT
 * has settled, see {@link #warmUp}), the run makes {@code --rounds}
 * rounds; a round sends {@code --requests} requests to every configuration, one slot after the other, plus a
 * second "no filter" slot per mode (below). The order of the slots is shuffled anew each round with a fixed seed,
 * so the run is repeatable and no place in a round (first, last, just after a mode switch) favours any one
 * configuration. Each slot gives one requests/s figure, and each round one ratio per comparison (CertGate / no
 * filter and the container / no filter per mode, CertGate / the container's CLIENT-CERT over TLS):
 * <ul>
 * <li><b>Many short rounds, paired ratios</b>, because on a small shared machine with the client in the same JVM
 *     throughput wanders in waves of seconds by far more than a filter costs (on a 2-core VM the same slot went
 *     from 8 000 to 17 000 requests/s and back within a minute, GC pauses all under 15 ms). The slots of a round
 *     run within a quarter of a second at the defaults, inside one wave, so their ratio cancels most of it;
 *     totals over the whole run, or ratios of long slots seconds apart, let it through. On that VM, 300 rounds
 *     of 250 requests gave "no filter again" intervals of +-1.5 to +-4 %, 15 rounds of 4 000 +-7 to +-15 %.
 * <li><b>Median</b> of the per-round ratios, because a GC pause or a burst from another process spoils the odd
 *     slot; that moves the median by a rank, but a sum or mean by the whole disturbance.
 * <li><b>Interval</b>: the k-th smallest and k-th largest per-round ratio, with k the largest rank such that
 *     the interval holds the true median with at least 95 % confidence (the sign-test interval: no assumption
 *     about the distribution, only that rounds are independent; for 300 rounds k = 133, 95.7 %). With too few
 *     rounds for 95 % it is min-max and the footer says how confident that is.
 * <li><b>No filter again</b>: each mode measures no filter twice per round, as two slots; their ratio should
 *     be 1.0, and its interval shows how far apart the same work lands in this run. The footer adds how much of
 *     the cores this JVM got, which drops when other processes compete.
 * <li><b>Reads what CertGate reads</b> ({@link ReadsWhatCertGateReadsFilter}): a filter that asks the container
 *     exactly CertGate's questions and decides nothing. CertGate over it ("/ reads") is CertGate's own cost; it
 *     over the pass-through filter is what the container charges anyone who reads those facts.
 * <li><b>CPU time per request</b>, per slot: of the client's threads ({@code cli us}, from {@code ThreadMXBean})
 *     and of the rest of this JVM ({@code srv us}: the server, the JIT, the GC), so that a reader can tell the
 *     server's cost from the client's; and, paired per round like the ratios, the server's CPU time per request
 *     of CertGate minus "reads", and of "reads" minus the pass-through filter, in microseconds.
 * <li><b>CPU profile</b> ({@code --profile-requests}, after the rounds): async-profiler samples the JVM's CPU
 *     while the pass-through filter, "reads what CertGate reads" and CertGate serve in turn, {@value #PROFILE_PASSES}
 *     passes of equal parts each; {@link FilterProfile} counts each filter's own samples. CertGate's share minus
 *     the "reads" filter's is CertGate's own cost as a part of what a request costs the machine, to a tenth of a
 *     per cent, where the ratios of requests/s, at the mercy of the machine's waves, resolve a per cent or two.
 * </ul>
 * Short slots have a cost: at the end of a slot the last requests finish while other workers idle, which adds
 * about one request's latency (under a millisecond) to every slot of 20 to 45 ms and so pulls ratios slightly
 * towards 1. Requests/s in the table is all requests over all rounds' time per configuration, that end
 * included; p50 and p99 are over all requests of all rounds.
 *
 * <pre>{@code java -cp ... io.certgate.bench.LoadRun --connections 8 --requests 250 --rounds 300 --warmup 2000}</pre>
 * A smoke run, to see that every row works (its intervals are far too wide to judge anything):
 * {@code --rounds 20 --warmup 500 --max-warmup-seconds 20}, about 2 minutes for both containers.
 */
public final class LoadRun {
    /** Fixed so that two runs shuffle alike and differ only by what they measure. */
    private static final long SEED = 1;
    /** A warm-up round in which the JIT compiled for less than this is quiet. */
    private static final long SETTLED_COMPILE_MILLIS = 50;
    /** The longest warm-up by default, whether or not the JIT has settled. */
    private static final long MAX_WARMUP_SECONDS = 120;
    /** Names the threads of the client, whose CPU time is counted apart from the server's. */
    private static final String CLIENT_THREADS = "load-client";
    /** The profile's passes: its interval is the range of the per-pass figures, 96.9 % for the median with 6. */
    private static final int PROFILE_PASSES = 6;

    private final int connections;
    private final int requests;
    private final int rounds;
    private final int warmup;
    private final long maxWarmupSeconds;
    /** Requests per configuration in the CPU profile; 0: no profile. */
    private final int profileRequests;
    /**
     * async-profiler's event: CPU samples every {@code --profile-interval} (default 200us: some 30 000 samples per
     * configuration), so that a rerun with another interval can show that the shares do not depend on it.
     */
    private final String profileEvent;
    /** Where the CPU profiles go, one collapsed-stacks file per container and configuration; null: nowhere. */
    private final Path profileOut;
    private final BenchPki pki;
    /** What nginx sends for client-0: {@code $ssl_client_s_dn} and {@code $ssl_client_escaped_cert}. */
    private final String nginxDn;
    private final String nginxCert;

    private LoadRun(int connections, int requests, int rounds, int warmup, long maxWarmupSeconds, int profileRequests,
            String profileInterval, Path profileOut, BenchPki pki) {
        if (connections < 1 || requests < 1 || rounds < 1) {
            throw new IllegalArgumentException("--connections, --requests and --rounds must be at least 1");
        }
        if (profileRequests < 0) {
            throw new IllegalArgumentException("--profile-requests must be 0 (no profile) or more");
        }
        this.profileRequests = profileRequests;
        this.profileOut = profileOut;
        if (!profileInterval.matches("[1-9][0-9]*(us|ms)")) {
            throw new IllegalArgumentException("--profile-interval is a number of us or ms, e.g. 200us");
        }
        this.profileEvent = "event=cpu,interval=" + profileInterval;
        this.connections = connections;
        this.requests = requests;
        this.rounds = rounds;
        this.warmup = warmup;
        this.maxWarmupSeconds = maxWarmupSeconds;
        this.pki = pki;
        this.nginxDn = BenchPki.nginxDn(pki.clients.get(0).certificate());
        this.nginxCert = BenchPki.nginxEscapedCert(pki.clients.get(0).certificate());
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        BenchPki pki = new BenchPki();
        LoadRun run = new LoadRun(Integer.parseInt(options.getOrDefault("--connections", "8")),
                Integer.parseInt(options.getOrDefault("--requests", "250")),
                Integer.parseInt(options.getOrDefault("--rounds", "300")),
                Integer.parseInt(options.getOrDefault("--warmup", "2000")),
                Long.parseLong(options.getOrDefault("--max-warmup-seconds", String.valueOf(MAX_WARMUP_SECONDS))),
                Integer.parseInt(options.getOrDefault("--profile-requests", "60000")),
                options.getOrDefault("--profile-interval", "200us"),
                options.containsKey("--profile-out") ? Path.of(options.get("--profile-out")) : null, pki);
        String containers = options.getOrDefault("--containers", "jetty,tomcat");
        Map<String, ServerRun> results = new LinkedHashMap<>();
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
                        + " [--warmup N] [--max-warmup-seconds N] [--profile-requests N] [--profile-interval 200us]"
                        + " [--profile-out dir]"
                        + " [--containers jetty,tomcat]"
                        + " [--jmh-csv file] [--out file]; got " + args[i]);
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    /** One slot of a round: a configuration, or no filter a second time as the same-work control. */
    private record Slot(Configuration configuration, boolean again) {
        /** Every slot of a round, in the order of the table. */
        static List<Slot> all() {
            List<Slot> slots = new ArrayList<>();
            for (Configuration configuration : Configuration.values()) {
                slots.add(new Slot(configuration, false));
                if (configuration == noFilter(configuration)) {
                    slots.add(new Slot(configuration, true));
                }
            }
            return slots;
        }

        String label() {
            return again ? "no filter again" : configuration.label;
        }
    }

    private static Configuration noFilter(Configuration configuration) {
        return configuration.tls ? Configuration.TLS_NONE : Configuration.HEADER_NONE;
    }

    private static Configuration passThrough(Configuration configuration) {
        return configuration.tls ? Configuration.TLS_PASS_THROUGH : Configuration.HEADER_PASS_THROUGH;
    }

    private static Configuration readsWhatCertGateReads(Configuration configuration) {
        return configuration.tls ? Configuration.TLS_READS : Configuration.HEADER_READS;
    }

    private static boolean isCertGateFilter(Configuration configuration) {
        return configuration == Configuration.TLS_CERTGATE || configuration == Configuration.HEADER_CERTGATE;
    }

    /**
     * What one slot measured: requests/s in each round, and over all rounds every latency, the time, and the CPU
     * time of the client's threads and of the whole JVM.
     */
    private static final class Samples {
        final double[] perRound;
        /** The CPU time per request of this JVM but the client's threads (the server, the JIT, the GC), in us. */
        final double[] serverMicrosPerRound;
        final List<long[]> latencies = new ArrayList<>();
        long nanos;
        long clientCpuNanos;
        long processCpuNanos;
        long requests;

        Samples(int rounds) {
            perRound = new double[rounds];
            serverMicrosPerRound = new double[rounds];
        }

        /** This slot's server CPU time per request minus the other's, round by round, in us. */
        double[] serverMicrosMinus(Samples other) {
            double[] differences = new double[serverMicrosPerRound.length];
            for (int round = 0; round < differences.length; round++) {
                differences[round] = serverMicrosPerRound[round] - other.serverMicrosPerRound[round];
            }
            return differences;
        }

        /** This slot's requests/s over the other's, round by round. */
        double[] ratios(Samples other) {
            double[] ratios = new double[perRound.length];
            for (int round = 0; round < ratios.length; round++) {
                ratios[round] = perRound[round] / other.perRound[round];
            }
            return ratios;
        }
    }

    /**
     * What one server measured: every slot's samples, this JVM's share of the machine's CPU meanwhile, and the
     * CPU profile's passes per profiled configuration (empty without {@code --profile-requests}).
     */
    private record ServerRun(Map<Slot, Samples> samples, double cpuShare, double warmupSeconds,
            Map<Configuration, List<ProfilePass>> profile) {
    }

    private int profileRequestsPerPass() {
        return Math.max(1, profileRequests / PROFILE_PASSES);
    }

    /** For example {@code profile-jetty-header-certgate.collapsed}. */
    private static String profileFileName(BenchServer server, Configuration configuration) {
        String container = server.name().split(" ")[0].toLowerCase(Locale.ROOT);
        String name = configuration.contextPath.substring(1).replace("-header", "");
        return "profile-" + container + "-" + configuration.mode.toLowerCase(Locale.ROOT) + "-" + name + ".collapsed";
    }

    /** One pass of the CPU profile of one configuration: the filter's samples, and this JVM's CPU per request. */
    private record ProfilePass(FilterProfile filter, double cpuMicrosPerRequest) {
        /** The filter's own CPU time per request, in microseconds. */
        double ownMicros() {
            return filter.ownShare() * cpuMicrosPerRequest;
        }
    }

    /** A profiled filter as the profile names it: its {@code doFilter} frame and its request wrappers' classes. */
    private record Profiled(String filterFrame, List<String> wrappers) {
        FilterProfile of(String collapsed) {
            return FilterProfile.of(collapsed, filterFrame, wrappers);
        }
    }

    /** The configurations profiled, with their filter. */
    private static final Map<Configuration, Profiled> PROFILED = profiled();

    private static Map<Configuration, Profiled> profiled() {
        Map<Configuration, Profiled> filters = new LinkedHashMap<>();
        for (Configuration certGate : List.of(Configuration.TLS_CERTGATE, Configuration.HEADER_CERTGATE)) {
            // Its wrapper is the Servlet API's own class, which every wrapper's calls pass through.
            filters.put(passThrough(certGate), new Profiled("io/certgate/bench/PassThroughFilter.doFilter", List.of()));
            filters.put(readsWhatCertGateReads(certGate), new Profiled(
                    "io/certgate/bench/ReadsWhatCertGateReadsFilter.doFilter",
                    List.of("io/certgate/bench/ReadsWhatCertGateReadsFilter$NamedUser")));
            filters.put(certGate, new Profiled("io/certgate/ClientCertFilter.doFilter",
                    List.of("io/certgate/servlet/AuthenticatedRequest", "io/certgate/servlet/HiddenHeadersRequest")));
        }
        return filters;
    }

    /**
     * The CPU profile: {@value #PROFILE_PASSES} passes over the profiled configurations, each serving
     * {@code --profile-requests / passes} requests under async-profiler. A pass profiles one configuration after
     * the other, in an order shuffled per pass, so that a slow stretch of the machine does not fall on one alone.
     */
    private Map<Configuration, List<ProfilePass>> profile(ExecutorService workers, HttpClient client,
            BenchServer server) throws Exception {
        Map<Configuration, List<ProfilePass>> passes = new LinkedHashMap<>();
        if (profileRequests == 0) {
            return passes;
        }
        AsyncProfiler profiler = AsyncProfiler.getInstance();
        if (profileOut != null) {
            Files.createDirectories(profileOut);
            for (Configuration configuration : PROFILED.keySet()) {
                Files.deleteIfExists(profileOut.resolve(profileFileName(server, configuration)));
            }
        }
        int perPass = profileRequestsPerPass();
        List<Configuration> order = new ArrayList<>(PROFILED.keySet());
        Random random = new Random(SEED);
        for (int pass = 0; pass < PROFILE_PASSES; pass++) {
            Collections.shuffle(order, random);
            for (Configuration configuration : order) {
                long cpuBefore = processCpuNanos();
                profiler.execute("start," + profileEvent);
                drive(workers, client, server, configuration, perPass);
                profiler.stop();
                double cpuMicros = (processCpuNanos() - cpuBefore) / 1e3 / perPass;
                String collapsed = profiler.dumpCollapsed(Counter.SAMPLES);
                FilterProfile filter = PROFILED.get(configuration).of(collapsed);
                if (profileOut != null) {
                    // Appended pass after pass: flame graph tools add up the repeated stacks.
                    Files.writeString(profileOut.resolve(profileFileName(server, configuration)), collapsed,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
                passes.computeIfAbsent(configuration, c -> new ArrayList<>()).add(new ProfilePass(filter, cpuMicros));
            }
            System.err.printf(Locale.ROOT, "%s: CPU profile, pass %d of %d%n", server.name(), pass + 1, PROFILE_PASSES);
        }
        return passes;
    }

    /**
     * Sends {@code --warmup} requests to every configuration, round after round, until the JIT has settled:
     * two rounds in a row in which it compiled for less than {@value #SETTLED_COMPILE_MILLIS} ms, or
     * {@code --max-warmup-seconds} (default {@value #MAX_WARMUP_SECONDS}). A fixed count is not enough on 2 cores: the one C2 compiler thread
     * competes with the server and the client, and CertGate's code, run by only some configurations, reached
     * C2 some 20 s after Jetty's; measured before that, its slots ran C1 code and lost several per cent.
     *
     * @return how long the warm-up took, in seconds
     */
    private double warmUp(ExecutorService workers, HttpClient client, BenchServer server) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long start = System.nanoTime();
        int quietRounds = 0;
        int round = 0;
        while (quietRounds < 2 && System.nanoTime() - start < maxWarmupSeconds * 1_000_000_000L) {
            long compiledBefore = jit.getTotalCompilationTime();
            for (Configuration configuration : Configuration.values()) {
                drive(workers, client, server, configuration, warmup);
            }
            long compiled = jit.getTotalCompilationTime() - compiledBefore;
            quietRounds = compiled < SETTLED_COMPILE_MILLIS ? quietRounds + 1 : 0;
            System.err.printf(Locale.ROOT, "%s: warm-up round %d, JIT compiled for %d ms%n", server.name(), ++round,
                    compiled);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Requests/s and latencies of every slot on one server, over all rounds. */
    private ServerRun measure(BenchServer server) throws Exception {
        HttpClient client = client();
        AtomicInteger workerNumber = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(connections,
                task -> new Thread(task, CLIENT_THREADS + "-worker-" + workerNumber.incrementAndGet()));
        try {
            for (Configuration configuration : Configuration.values()) {
                check(client, server, configuration);
            }
            double warmupSeconds = warmUp(workers, client, server);
            // Every client thread exists by now: the pools keep their threads, and the warm-up used them all.
            ClientCpu clientCpu = new ClientCpu();
            Map<Slot, Samples> samples = new LinkedHashMap<>();
            for (Slot slot : Slot.all()) {
                samples.put(slot, new Samples(rounds));
            }
            List<Slot> order = new ArrayList<>(samples.keySet());
            Random random = new Random(SEED);
            long cpuStart = processCpuNanos();
            long wallStart = System.nanoTime();
            for (int round = 0; round < rounds; round++) {
                Collections.shuffle(order, random);
                StringBuilder log = new StringBuilder();
                for (Slot slot : order) {
                    long clientCpuBefore = clientCpu.nanos();
                    long processCpuBefore = processCpuNanos();
                    long start = System.nanoTime();
                    long[] latencies = drive(workers, client, server, slot.configuration(), requests);
                    long nanos = System.nanoTime() - start;
                    Samples s = samples.get(slot);
                    long processCpu = processCpuNanos() - processCpuBefore;
                    long slotClientCpu = clientCpu.nanos() - clientCpuBefore;
                    s.processCpuNanos += processCpu;
                    s.clientCpuNanos += slotClientCpu;
                    s.serverMicrosPerRound[round] = (processCpu - slotClientCpu) / 1e3 / requests;
                    s.requests += requests;
                    s.latencies.add(latencies);
                    s.nanos += nanos;
                    s.perRound[round] = requests / (nanos / 1e9);
                    log.append(String.format(Locale.ROOT, ", %s %s %.0f", slot.configuration().mode, slot.label(),
                            s.perRound[round]));
                }
                // The raw per-round figures go to the log, so a surprising median can be traced to its rounds.
                System.err.printf(Locale.ROOT, "%s: round %d of %d, req/s in run order%s%n", server.name(),
                        round + 1, rounds, log);
            }
            // Client and server saturate the cores between them, so a share well below 1 means other processes
            // took CPU during the rounds, which is noise this run cannot pair away.
            double cpuShare = (processCpuNanos() - cpuStart)
                    / ((double) (System.nanoTime() - wallStart) * Runtime.getRuntime().availableProcessors());
            return new ServerRun(samples, cpuShare, warmupSeconds, profile(workers, client, server));
        } finally {
            workers.shutdown();
            client.stop();
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * The CPU time of the client's threads (the workers that send the requests and the HttpClient's pool, which
     * runs its selector and reads the responses), so that the table can tell the client's cost per request from
     * the rest of the JVM's: the server, the JIT and the GC.
     */
    private static final class ClientCpu {
        private final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        private final long[] ids;

        ClientCpu() {
            if (!threads.isThreadCpuTimeSupported()) {
                throw new IllegalStateException("this JVM cannot measure the CPU time of a thread");
            }
            threads.setThreadCpuTimeEnabled(true);
            List<Long> client = new ArrayList<>();
            for (java.lang.management.ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (thread != null && thread.getThreadName().startsWith(CLIENT_THREADS)) {
                    client.add(thread.getThreadId());
                }
            }
            ids = client.stream().mapToLong(Long::longValue).toArray();
        }

        /** The client threads' CPU time so far; a thread that ended counts no more (the pools keep theirs). */
        long nanos() {
            long sum = 0;
            for (long cpu : threads.getThreadCpuTime(ids)) {
                sum += Math.max(0, cpu);
            }
            return sum;
        }
    }

    private HttpClient client() throws Exception {
        SslContextFactory.Client tls = new SslContextFactory.Client();
        tls.setSslContext(pki.clientContext());
        tls.setIncludeProtocols("TLSv1.3");
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(tls);
        int size = Math.max(16, 2 * connections);
        // As many threads at least as at most: none ends idle, so ClientCpu counts every one it found.
        QueuedThreadPool threads = new QueuedThreadPool(size, size);
        threads.setName(CLIENT_THREADS);
        connector.setExecutor(threads);
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.setExecutor(threads);
        client.setScheduler(new ScheduledExecutorScheduler(CLIENT_THREADS + "-scheduler", false));
        client.setMaxConnectionsPerDestination(connections);
        client.setFollowRedirects(false);
        client.start();
        return client;
    }

    /** Fails the run unless the configuration lets client-0 in (and, for the gates, keeps a stranger out). */
    private void check(HttpClient client, BenchServer server, Configuration configuration) throws Exception {
        ContentResponse response = request(client, server, configuration).send();
        // The containers' CLIENT-CERT names the user by the whole subject DN, CertGate by the CN.
        // The "reads what CertGate reads" filter names the user CertGate names, so that both answer alike.
        String expected = configuration == noFilter(configuration) || passThrough(configuration) == configuration ? "-"
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
        if (!configuration.tls) {
            request.headers(headers -> headers.put("X-Client-Verify", "SUCCESS").put("X-Client-Dn", nginxDn)
                    .put("X-Client-Cert", nginxCert));
        }
        return request;
    }

    /**
     * Sends {@code count} requests over the {@code connections} workers; returns each one's latency in ns. The
     * workers outlive the slot because starting threads would add the same fixed time to every slot, which pulls
     * short slots' ratios towards 1.
     */
    private long[] drive(ExecutorService workers, HttpClient client, BenchServer server, Configuration configuration,
            int count) throws InterruptedException {
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int w = 0; w < connections; w++) {
            tasks.add(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        long start = System.nanoTime();
                        ContentResponse response = request(client, server, configuration).send();
                        latencies[i] = System.nanoTime() - start;
                        if (response.getStatus() != 200) {
                            throw new IllegalStateException(configuration + ": status " + response.getStatus());
                        }
                    }
                    return null;
                } catch (Exception e) {
                    next.set(count);   // the other workers stop after their current request
                    throw e;
                }
            });
        }
        for (Future<Void> task : workers.invokeAll(tasks)) {
            try {
                task.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(server.name() + " " + configuration + " failed", e.getCause());
            }
        }
        return latencies;
    }

    private static long percentile(long[] sorted, double fraction) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(fraction * sorted.length) - 1)];
    }

    /**
     * The rank k such that the k-th smallest and the k-th largest of n per-round ratios hold their true median
     * with at least 95 % confidence; 1 (min-max) when n is too small for that.
     */
    private static int intervalRank(int n) {
        int k = 1;
        while (k + 1 <= (n + 1) / 2 && below(n, k + 1) <= 0.025) {
            k++;
        }
        return k;
    }

    /** P(Binomial(n, 1/2) < k): the chance that fewer than k of n ratios fall below the true median. */
    private static double below(int n, int k) {
        double term = Math.pow(0.5, n);
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += term;
            term = term * (n - i) / (i + 1);
        }
        return sum;
    }

    /** The median of the ratios and the interval of {@link #intervalRank}. */
    private static String summary(double[] ratios, int rank) {
        return summary(ratios, rank, "%.3f [%.3f, %.3f]");
    }

    /** The median of the per-round figures and the interval of {@link #intervalRank}, in {@code format}. */
    private static String summary(double[] perRound, int rank, String format) {
        double[] sorted = perRound.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = (sorted[(n - 1) / 2] + sorted[n / 2]) / 2;
        return String.format(Locale.ROOT, format, median, sorted[rank - 1], sorted[n - rank]);
    }

    /**
     * The server's CPU time per request, paired per round like the ratios: CertGate minus "reads what CertGate
     * reads" is CertGate's own cost in microseconds, "reads" minus the pass-through filter what the container
     * charges for CertGate's questions. CPU time, unlike requests/s, does not count the time a slot waited
     * for a core that another process held, so these differences are steadier than the ratios.
     */
    private String serverCpuTable(Map<String, ServerRun> results, int rank, int width) {
        String line = "%-" + width + "s %-7s %-26s %-26s %-26s %s%n";
        String cell = "%+.2f [%+.2f, %+.2f]";
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nServer CPU time per request (this JVM's but the client threads'), us,"
                + " paired per round: median [interval] of the differences%n"));
        out.append(String.format(Locale.ROOT, line, "container", "mode", "CertGate - reads", "reads - pass-through",
                "CertGate - pass-through", "no filter again - no filter"));
        for (Map.Entry<String, ServerRun> server : results.entrySet()) {
            Map<Slot, Samples> samples = server.getValue().samples();
            for (Configuration certGate : List.of(Configuration.TLS_CERTGATE, Configuration.HEADER_CERTGATE)) {
                Samples gate = samples.get(new Slot(certGate, false));
                Samples reads = samples.get(new Slot(readsWhatCertGateReads(certGate), false));
                Samples pass = samples.get(new Slot(passThrough(certGate), false));
                Samples none = samples.get(new Slot(noFilter(certGate), false));
                Samples again = samples.get(new Slot(noFilter(certGate), true));
                out.append(String.format(Locale.ROOT, line, server.getKey(), certGate.mode,
                        summary(gate.serverMicrosMinus(reads), rank, cell),
                        summary(reads.serverMicrosMinus(pass), rank, cell),
                        summary(gate.serverMicrosMinus(pass), rank, cell),
                        summary(again.serverMicrosMinus(none), rank, cell)));
            }
        }
        return out.toString();
    }

    private String table(Map<String, ServerRun> results) {
        int rank = intervalRank(rounds);
        int width = 9;
        for (String name : results.keySet()) {
            width = Math.max(width, name.length());
        }
        String head = "%-" + width + "s %-7s %-25s %8s %7s %7s %7s %7s  %-21s %-21s %-21s %s%n";
        String row = "%-" + width + "s %-7s %-25s %8.0f %7.2f %7.2f %7.1f %7.1f  %-21s %-21s %-21s %s%n";
        StringBuilder out = new StringBuilder();
        StringBuilder warmups = new StringBuilder();
        for (Map.Entry<String, ServerRun> server : results.entrySet()) {
            warmups.append(warmups.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.0f s",
                    server.getKey(), server.getValue().warmupSeconds()));
        }
        out.append(String.format(Locale.ROOT, "End to end: %d connections, %d rounds x %d requests per configuration"
                + " (order shuffled per round, seed %d), client in the same JVM, %d cores, Java %s;%n warm-up until the"
                + " JIT settled, rounds of %d requests per configuration: %s%n", connections, rounds, requests, SEED,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), warmup, warmups));
        out.append(String.format(Locale.ROOT, head, "container", "mode", "configuration", "req/s", "p50 ms", "p99 ms",
                "cli us", "srv us", "/ no filter", "/ pass-through", "/ reads", "/ container"));
        for (Map.Entry<String, ServerRun> server : results.entrySet()) {
            Map<Slot, Samples> samples = server.getValue().samples();
            for (Map.Entry<Slot, Samples> entry : samples.entrySet()) {
                Slot slot = entry.getKey();
                Samples s = entry.getValue();
                Configuration configuration = slot.configuration();
                long[] all = s.latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
                String vsNone = "";
                String vsPassThrough = "";
                String vsReads = "";
                String vsContainer = "";
                if (slot.again() || configuration != noFilter(configuration)) {
                    vsNone = summary(s.ratios(samples.get(new Slot(noFilter(configuration), false))), rank);
                }
                if (isCertGateFilter(configuration) || configuration == readsWhatCertGateReads(configuration)) {
                    vsPassThrough = summary(s.ratios(samples.get(new Slot(passThrough(configuration), false))), rank);
                }
                if (isCertGateFilter(configuration)) {
                    vsReads = summary(s.ratios(samples.get(new Slot(readsWhatCertGateReads(configuration), false))),
                            rank);
                }
                if (configuration == Configuration.TLS_CERTGATE_MODULE) {
                    // The module's column: against the filter doing the same decision.
                    vsPassThrough = summary(s.ratios(samples.get(new Slot(Configuration.TLS_CERTGATE, false))), rank);
                }
                if (configuration == Configuration.TLS_CERTGATE || configuration == Configuration.TLS_CERTGATE_MODULE) {
                    vsContainer = summary(s.ratios(samples.get(new Slot(Configuration.TLS_CONTAINER, false))), rank);
                }
                double clientMicros = s.clientCpuNanos / 1e3 / s.requests;
                double restMicros = (s.processCpuNanos - s.clientCpuNanos) / 1e3 / s.requests;
                out.append(String.format(Locale.ROOT, row, server.getKey(),
                        configuration.mode, slot.label(), all.length / (s.nanos / 1e9), percentile(all, 0.50) / 1e6,
                        percentile(all, 0.99) / 1e6, clientMicros, restMicros, vsNone, vsPassThrough, vsReads,
                        vsContainer));
            }
        }
        out.append(String.format(Locale.ROOT, "\"reads what CertGate reads\" asks the container what CertGate asks"
                + " (same getters, headers, TLS attribute) and decides nothing:%n"
                + "its \"/ pass-through\" is what reading those facts costs in this container, CertGate's \"/ reads\""
                + " is CertGate's own cost.%n"
                + "cli us: CPU time of the client's threads per request; srv us: the rest of this JVM's CPU time per"
                + " request (server, JIT, GC),%n"
                + "both over all rounds. The client shares the cores: a request costs cli us + srv us of CPU.%n"));
        out.append(String.format(Locale.ROOT, "The \"CertGate module\" row (Tomcat: the ServerAuthModule; Jetty: the"
                + " Authenticator) shows its ratio to the CertGate filter in the \"/ pass-through\" column.%n"));
        String bounds = rank == 1 ? "min, max" : ordinal(rank) + " smallest, " + ordinal(rank) + " largest";
        out.append(String.format(Locale.ROOT, "Ratios are of requests/s: this row over no filter (or over the"
                + " pass-through filter, or the container's CLIENT-CERT) in the same mode,%n"
                + "taken per round, in which both ran close together in time. Shown: the median of the %d per-round"
                + " ratios%n"
                + "[%s], an interval that holds the true median with %.1f %% confidence%n"
                + "(sign test, rounds assumed independent). An interval that contains 1.0 cannot tell the two apart;"
                + " a target%n"
                + "such as >= 0.98 is met only if the lower end is >= 0.98, missed if the upper end is below it. \"no"
                + " filter%n"
                + "again\" is no filter measured twice per round: its interval is this run's noise. req/s is all"
                + " requests over%n"
                + "all rounds' time; p50 and p99 are over all requests.%n",
                rounds, bounds, 100 * (1 - 2 * below(rounds, rank))));
        out.append(String.format(Locale.ROOT, "CPU this JVM used during the rounds, of all cores (about 95 %% when it"
                + " runs alone; less means%nthat other processes competed and the intervals widen):"));
        results.forEach((name, run) -> out.append(String.format(Locale.ROOT, " %s %.0f %%;", name,
                100 * run.cpuShare())));
        out.append(String.format("%n"));
        out.append(serverCpuTable(results, rank, width));
        out.append(profileTable(results, width));
        return out.toString();
    }

    /**
     * The CPU profile: per container and mode, each filter's own share of the JVM's CPU and its own CPU time per
     * request, and CertGate's share minus the "reads" filter's, each as the median of the passes [least, most].
     */
    private String profileTable(Map<String, ServerRun> results, int width) {
        if (profileRequests == 0) {
            return "";
        }
        String line = "%-" + width + "s %-7s %-30s %-30s %-30s %s%n";
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nCPU profile (async-profiler, %s, %d passes of %d requests per"
                + " configuration): each filter's own share of this JVM's CPU, %%, and its own CPU per request, us;"
                + "%nmedian of the passes [least, most]%n", profileEvent, PROFILE_PASSES,
                profileRequestsPerPass()));
        out.append(String.format(Locale.ROOT, line, "container", "mode", "pass-through", "reads what CertGate reads",
                "CertGate", "CertGate - reads, % of the CPU"));
        for (Map.Entry<String, ServerRun> server : results.entrySet()) {
            Map<Configuration, List<ProfilePass>> profile = server.getValue().profile();
            for (Configuration certGate : List.of(Configuration.TLS_CERTGATE, Configuration.HEADER_CERTGATE)) {
                List<ProfilePass> gate = profile.get(certGate);
                List<ProfilePass> reads = profile.get(readsWhatCertGateReads(certGate));
                double[] difference = new double[gate.size()];
                for (int pass = 0; pass < difference.length; pass++) {
                    difference[pass] = 100 * (gate.get(pass).filter().ownShare() - reads.get(pass).filter().ownShare());
                }
                out.append(String.format(Locale.ROOT, line, server.getKey(), certGate.mode,
                        profileCell(profile.get(passThrough(certGate))), profileCell(reads), profileCell(gate),
                        summary(difference, 1, "%+.2f [%+.2f, %+.2f]")));
            }
        }
        out.append(String.format(Locale.ROOT, "A filter's own samples: inside its doFilter but not in the chain it"
                + " calls, or in its request wrapper (FilterProfile); the CPU is the whole JVM's, client included.%n"
                + "CertGate - reads is CertGate's own cost as a part of what a request costs: under 1 %% is within"
                + " 1 %% of \"reads what CertGate reads\".%n"));
        return out.toString();
    }

    private static String profileCell(List<ProfilePass> passes) {
        double[] shares = passes.stream().mapToDouble(pass -> 100 * pass.filter().ownShare()).toArray();
        double[] micros = passes.stream().mapToDouble(ProfilePass::ownMicros).toArray();
        return summary(shares, 1, "%.2f [%.2f, %.2f]") + " " + summary(micros, 1, "%.1f");
    }

    private static String ordinal(int n) {
        String suffix = n % 100 / 10 == 1 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }
}
