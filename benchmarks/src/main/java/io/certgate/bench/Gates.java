package io.certgate.bench;

import java.util.Map;

import io.certgate.ClientCertFilter;

/** The CertGate configurations of the load run and the JMH benchmarks, built as an embedder would. */
final class Gates {
    private Gates() {
    }

    /** The parameters of {@link #tls()}, for the container modules, which take them as a map. */
    static Map<String, String> tlsParameters() {
        return Map.of("allowed-cns", BenchPki.ALLOWED_CNS, "rules", BenchPki.RULES);
    }

    /** {@code sources=tls} (the default). */
    static ClientCertFilter tls() {
        return ClientCertFilter.builder().allowedCns(BenchPki.ALLOWED_CNS).rules(BenchPki.RULES).build();
    }

    /** {@code sources=header}, nginx format, the proxy on the loopback. */
    static ClientCertFilter nginxHeaders() {
        return ClientCertFilter.builder().allowedCns(BenchPki.ALLOWED_CNS).rules(BenchPki.RULES)
                .initParameter("sources", "header").initParameter("trusted-proxies", BenchPki.PROXY).build();
    }

    /** {@code sources=header}, Envoy's XFCC format, the proxy on the loopback. */
    static ClientCertFilter envoyHeaders() {
        return ClientCertFilter.builder().allowedCns(BenchPki.ALLOWED_CNS).rules(BenchPki.RULES)
                .initParameter("sources", "header").initParameter("trusted-proxies", BenchPki.PROXY)
                .initParameter("proxy-format", "envoy").build();
    }
}
