package io.certgate.bench;

import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
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

/**
 * One whole decision ({@link ClientCertFilter#doFilter}) on hostile headers as large as CertGate accepts:
 * a 4 KiB DN made of escapes (a new one each time, so the identity cache never answers), a 16 KiB percent-encoded certificate header that decodes to garbage, and a
 * 16 KiB XFCC value of escaped quotes; against a small valid DN header as the baseline. Each hostile
 * request is denied; the point is how long that takes (well under a millisecond, linear parsers) and that
 * it never throws. Not a unit test: run it with {@code benchmarks/run.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class AdversarialInputBenchmark {
    private static final int HEADER_LENGTH = 16 * 1024;
    private static final int DN_LENGTH = 4096;

    private ClientCertFilter nginx;
    private ClientCertFilter envoy;
    private FakeExchange.Request baseline;
    /** More distinct DNs than the identity cache holds, so every decision parses its DN. */
    private final FakeExchange.Request[] escapedDns = new FakeExchange.Request[4096];
    private int nextDn;
    private FakeExchange.Request percentCert;
    private FakeExchange.Request quotedXfcc;
    private final HttpServletResponse response = discardingResponse();
    private final FakeExchange.Chain chain = new FakeExchange.Chain();
    /** Held, so the level sticks: the denial log line is constant work, and would flood JMH's output. */
    private final java.util.logging.Logger certgateLog = java.util.logging.Logger.getLogger("io.certgate");

    @Setup(Level.Trial)
    public void setUp() {
        certgateLog.setLevel(java.util.logging.Level.OFF);
        nginx = Gates.nginxHeaders();
        envoy = Gates.envoyHeaders();
        baseline = new FakeExchange.Request(null, "X-Client-Verify", "SUCCESS", "X-Client-Dn", "CN=client-0");
        for (int i = 0; i < escapedDns.length; i++) {
            escapedDns[i] = new FakeExchange.Request(null, "X-Client-Verify", "SUCCESS",
                    "X-Client-Dn", fill("CN=" + Integer.toHexString(i), "\\41a", DN_LENGTH));
        }
        percentCert = new FakeExchange.Request(null, "X-Client-Verify", "SUCCESS",
                "X-Client-Cert", fill("", "%41", HEADER_LENGTH));
        quotedXfcc = new FakeExchange.Request(null, "x-forwarded-client-cert",
                fill("By=spiffe://a;Subject=\"", "\\\"", HEADER_LENGTH - 1) + "\"");
    }

    /** {@code prefix} followed by {@code unit} as often as fits in {@code length} characters. */
    private static String fill(String prefix, String unit, int length) {
        StringBuilder text = new StringBuilder(length).append(prefix);
        while (text.length() + unit.length() <= length) {
            text.append(unit);
        }
        return text.toString();
    }

    @Benchmark
    public Object smallValidDnHeader() throws Exception {
        nginx.doFilter(baseline, response, chain);
        return chain.passed;
    }

    @Benchmark
    public Object dnOfEscapes4KiB() throws Exception {
        nginx.doFilter(escapedDns[nextDn++ & (escapedDns.length - 1)], response, chain);
        return response;
    }

    @Benchmark
    public Object percentEncodedGarbage16KiB() throws Exception {
        nginx.doFilter(percentCert, response, chain);
        return response;
    }

    @Benchmark
    public Object xfccOfEscapedQuotes16KiB() throws Exception {
        envoy.doFilter(quotedXfcc, response, chain);
        return response;
    }

    /** A response that takes the 403 and throws it away. */
    private static HttpServletResponse discardingResponse() {
        ServletOutputStream sink = new ServletOutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(AdversarialInputBenchmark.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("getOutputStream")) {
                        return sink;
                    }
                    Class<?> type = method.getReturnType();
                    return type == boolean.class ? Boolean.FALSE : type == int.class ? 0 : null;
                });
    }

}
