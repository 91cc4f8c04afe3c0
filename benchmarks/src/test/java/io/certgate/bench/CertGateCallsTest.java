package io.certgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;

/**
 * The load run's "reads what CertGate reads" filter asks the container exactly what CertGate asks, call for call,
 * on the load run's allowed requests; and CertGate asks each question once.
 */
class CertGateCallsTest {
    private static final BenchPki PKI = new BenchPki();
    private static final X509Certificate CLIENT = PKI.clients.get(0).certificate();

    /** The load run's TLS request: {@code client-0} and the CA in the handshake's chain. */
    private static FakeExchange.Request tlsRequest() {
        return new FakeExchange.Request(new X509Certificate[] {CLIENT, PKI.ca.certificate()});
    }

    /** The load run's header request: nginx's three headers from the proxy on the loopback. */
    private static FakeExchange.Request headerRequest() {
        return new FakeExchange.Request(null, "X-Client-Verify", "SUCCESS", "X-Client-Dn", BenchPki.nginxDn(CLIENT),
                "X-Client-Cert", BenchPki.nginxEscapedCert(CLIENT));
    }

    @Test
    void overTlsTheMirrorAsksWhatCertGateAsks() throws Exception {
        assertSameCalls(Gates::tls, ReadsWhatCertGateReadsFilter.tls(), tlsRequest());
    }

    @Test
    void withNginxHeadersTheMirrorAsksWhatCertGateAsks() throws Exception {
        assertSameCalls(Gates::nginxHeaders, ReadsWhatCertGateReadsFilter.nginxHeaders(), headerRequest());
    }

    @Test
    void overTlsCertGateAsksEachQuestionOnce() throws Exception {
        assertEachAskedOnce(calls(Gates.tls(), tlsRequest()).calls());
    }

    @Test
    void withNginxHeadersCertGateAsksEachQuestionOnceAndReadsEachHeaderOnce() throws Exception {
        List<String> calls = calls(Gates.nginxHeaders(), headerRequest()).calls();
        assertEachAskedOnce(calls);
        for (String header : List.of("X-Client-Verify", "X-Client-Dn", "X-Client-Cert")) {
            // One value read, then one look for a second: a proxy sends each header once.
            assertEquals(List.of("getHeaders(" + header + ").hasMoreElements()", "getHeaders(" + header + ").nextElement()",
                    "getHeaders(" + header + ").hasMoreElements()"), calls.stream()
                    .filter(call -> call.startsWith("getHeaders(" + header + ")."))
                    .collect(Collectors.toList()), calls.toString());
        }
    }

    private static void assertSameCalls(Supplier<Filter> certGate, Filter mirror, FakeExchange.Request request)
            throws Exception {
        Recorded gate = calls(certGate.get(), request);
        Recorded read = calls(mirror, request);
        assertEquals(gate.calls(), read.calls());
        assertEquals("client-0", gate.user(), "CertGate let the load run's client in");
        assertEquals(gate.user(), read.user(), "the application sees the same user behind both");
    }

    /** The request's own getters (not the calls on what they return) are asked once each. */
    private static void assertEachAskedOnce(List<String> calls) {
        List<String> getters = calls.stream().filter(call -> !call.contains(").")).collect(Collectors.toList());
        assertEquals(getters.stream().distinct().collect(Collectors.toList()), getters, calls.toString());
    }

    private record Recorded(List<String> calls, String user) {
    }

    private static Recorded calls(Filter filter, FakeExchange.Request answers) throws Exception {
        RecordingRequest recording = new RecordingRequest(answers);
        FakeExchange.Chain chain = new FakeExchange.Chain();
        filter.doFilter(recording.request(), FakeExchange.response(), chain);
        assertNotNull(chain.passed, "the request was let through");
        List<String> calls = recording.calls();
        return new Recorded(calls, ((HttpServletRequest) chain.passed).getRemoteUser());
    }
}
