package io.certgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.certgate.ClientCertFilter;
import io.certgate.decision.Gate;
import io.certgate.pki.HeldCertificate;
import io.certgate.servlet.ServletRequestReader;
import io.certgate.source.HeaderSource;
import io.certgate.source.HeaderSourceConfig;
import io.certgate.source.TlsAttributeSource;
import io.certgate.verdict.Denial;
import io.certgate.verdict.Identified;
import io.certgate.verdict.ReasonCode;
import io.certgate.verdict.Verdict;

/**
 * One allowed decision of {@link ClientCertFilter#doFilter} per source, on {@code GET /api/data} under the
 * rules of {@link BenchPki#RULES}: the TLS attribute, nginx's DN header alone, nginx's full-certificate header
 * seen before (a cache hit) and never seen before (a miss: cycling through more distinct header values than
 * the cache holds), and Envoy's XFCC. Run with {@code -prof gc} for bytes allocated per decision, against
 * {@link #wrapperAlone}, the allocation of the request wrapper alone. The {@code *SourceOnly} benchmarks call
 * the source alone, to separate the identity cache from the rest. Header values come as a container hands
 * them over, a new (equal) string each time (see {@link FakeExchange.Request#getHeader}). With {@code trusted-ca},
 * {@link #trustedCaAccepted} and {@link #trustedCaRefused} compare the one decision ({@link Gate#decide}, no
 * response written, no log line) for a client repeating a good chain and one repeating a chain from an untrusted
 * CA: a refusal is remembered like a path, so the second should cost about what the first does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class DecisionBenchmark {
    /** More distinct certificate headers than a cache holds (1024), so every lookup misses. */
    private static final int MISS_VARIANTS = 8192;

    private ClientCertFilter tls;
    private ClientCertFilter tlsTrustedCa;
    private ClientCertFilter nginx;
    private ClientCertFilter envoy;
    private FakeExchange.Request tlsRequest;
    private FakeExchange.Request nginxDnRequest;
    private FakeExchange.Request nginxCertRequest;
    private FakeExchange.Request[] nginxCertMissRequests;
    private FakeExchange.Request envoyRequest;
    private int nextMiss;
    private Gate trustedCaGate;
    private FakeExchange.Request untrustedRequest;
    private TlsAttributeSource tlsSource;
    private HeaderSource nginxSource;
    private final HttpServletResponse response = FakeExchange.response();
    private final FakeExchange.Chain chain = new FakeExchange.Chain();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        BenchPki pki = new BenchPki();
        X509Certificate client = pki.clients.get(0).certificate();
        tls = Gates.tls();
        Path caFile = Files.createTempFile("certgate-bench-ca", ".pem");
        caFile.toFile().deleteOnExit();
        Files.writeString(caFile, pki.ca.certificatePem());
        tlsTrustedCa = ClientCertFilter.builder().allowedCns(BenchPki.ALLOWED_CNS).rules(BenchPki.RULES)
                .trustedCa(caFile.toString()).build();
        nginx = Gates.nginxHeaders();
        envoy = Gates.envoyHeaders();

        tlsRequest = new FakeExchange.Request(new X509Certificate[] {client, pki.ca.certificate()});
        nginxDnRequest = new FakeExchange.Request(null, "X-Client-Verify", "SUCCESS",
                "X-Client-Dn", BenchPki.nginxDn(client), "X-Client-Cert", "");
        nginxCertRequest = new FakeExchange.Request(null, "X-Client-Verify", "SUCCESS",
                "X-Client-Dn", BenchPki.nginxDn(client), "X-Client-Cert", BenchPki.nginxEscapedCert(client));
        nginxCertMissRequests = new FakeExchange.Request[MISS_VARIANTS];
        for (int i = 0; i < MISS_VARIANTS; i++) {
            nginxCertMissRequests[i] = new FakeExchange.Request(null, "X-Client-Verify", "SUCCESS",
                    "X-Client-Dn", BenchPki.nginxDn(client),
                    "X-Client-Cert", BenchPki.nginxEscapedCertVariant(client, i));
        }
        envoyRequest = new FakeExchange.Request(null, "x-forwarded-client-cert", BenchPki.envoyXfcc(client));

        trustedCaGate = Gate.fromParameters(Map.of("allowed-cns", BenchPki.ALLOWED_CNS, "rules", BenchPki.RULES,
                "trusted-ca", caFile.toString()), DecisionBenchmark.class.getClassLoader());
        HeldCertificate strangerCa = HeldCertificate.builder().commonName("Stranger CA").certificateAuthority(0).build();
        HeldCertificate stranger = HeldCertificate.builder().commonName("client-0").clientAuth().signedBy(strangerCa)
                .build();
        untrustedRequest = new FakeExchange.Request(new X509Certificate[] {stranger.certificate(),
            strangerCa.certificate()});
        if (!(trustedCaGate.decide(tlsRequest, ServletRequestReader.INSTANCE, false) instanceof Identified)) {
            throw new IllegalStateException("the trusted-ca benchmark request was not allowed");
        }
        if (!(trustedCaGate.decide(untrustedRequest, ServletRequestReader.INSTANCE, false) instanceof Denial denial)
                || denial.reason() != ReasonCode.UNTRUSTED_ISSUER) {
            throw new IllegalStateException("the untrusted benchmark request was not refused as untrusted-issuer");
        }

        tlsSource = new TlsAttributeSource();
        nginxSource = HeaderSourceConfig.from(Map.of(HeaderSourceConfig.TRUSTED_PROXIES, BenchPki.PROXY));

        requireAllowed(tls, tlsRequest);
        requireAllowed(tlsTrustedCa, tlsRequest);
        requireAllowed(nginx, nginxDnRequest);
        requireAllowed(nginx, nginxCertRequest);
        requireAllowed(nginx, nginxCertMissRequests[1]);
        requireAllowed(envoy, envoyRequest);
    }

    private void requireAllowed(ClientCertFilter filter, FakeExchange.Request request) throws Exception {
        chain.passed = null;
        filter.doFilter(request, response, chain);
        if (chain.passed == null || !"client-0".equals(((HttpServletRequest) chain.passed).getRemoteUser())) {
            throw new IllegalStateException("the benchmark request was not allowed as client-0");
        }
    }

    private ServletRequest decide(ClientCertFilter filter, FakeExchange.Request request) throws Exception {
        filter.doFilter(request, response, chain);
        return chain.passed;
    }

    @Benchmark
    public ServletRequest tlsAttribute() throws Exception {
        return decide(tls, tlsRequest);
    }

    /** With {@code trusted-ca}: CertGate validates the chain itself, reusing the path built before. */
    @Benchmark
    public ServletRequest tlsAttributeTrustedCa() throws Exception {
        return decide(tlsTrustedCa, tlsRequest);
    }

    /** The decision alone, with {@code trusted-ca}, for a client repeating a chain that was accepted before. */
    @Benchmark
    public Verdict trustedCaAccepted() {
        return trustedCaGate.decide(tlsRequest, ServletRequestReader.INSTANCE, false);
    }

    /** The decision alone, with {@code trusted-ca}, for a client repeating a chain refused before (untrusted-issuer). */
    @Benchmark
    public Verdict trustedCaRefused() {
        return trustedCaGate.decide(untrustedRequest, ServletRequestReader.INSTANCE, false);
    }

    @Benchmark
    public ServletRequest nginxDnHeader() throws Exception {
        return decide(nginx, nginxDnRequest);
    }

    @Benchmark
    public ServletRequest nginxCertHeaderHit() throws Exception {
        return decide(nginx, nginxCertRequest);
    }

    @Benchmark
    public ServletRequest nginxCertHeaderMiss() throws Exception {
        FakeExchange.Request request = nginxCertMissRequests[nextMiss];
        nextMiss = (nextMiss + 1) & (MISS_VARIANTS - 1);
        return decide(nginx, request);
    }

    @Benchmark
    public ServletRequest envoyXfcc() throws Exception {
        return decide(envoy, envoyRequest);
    }

    /**
     * The baseline for bytes per operation: passing on a wrapper of the same shape as CertGate's
     * {@code AuthenticatedRequest} (the wrapped request and three references), which is all an allowed
     * decision should allocate.
     */
    @Benchmark
    public ServletRequest wrapperAlone() throws Exception {
        chain.doFilter(new SameShapeWrapper(tlsRequest, tlsSource, response, chain), response);
        return chain.passed;
    }

    /** An {@code HttpServletRequestWrapper} with three more references, like {@code AuthenticatedRequest}. */
    private static final class SameShapeWrapper extends HttpServletRequestWrapper {
        private final Object first;
        private final Object second;
        private final Object third;

        SameShapeWrapper(HttpServletRequest request, Object first, Object second, Object third) {
            super(request);
            this.first = first;
            this.second = second;
            this.third = third;
        }

        @Override
        public String toString() {
            return "SameShapeWrapper[" + first + ", " + second + ", " + third + "]";
        }
    }

    /** The TLS source alone, certificate seen before: what the identity cache costs, without the policy. */
    @Benchmark
    public Verdict tlsSourceOnly() {
        return tlsSource.extract(tlsRequest, ServletRequestReader.INSTANCE, false);
    }

    /** The nginx header source alone, certificate header seen before. */
    @Benchmark
    public Verdict nginxCertSourceOnly() {
        return nginxSource.extract(nginxCertRequest, ServletRequestReader.INSTANCE, true);
    }
}
