package io.certgate.bench;

/** An embedded container serving every {@link Configuration} at once, one context each. */
interface BenchServer extends AutoCloseable {
    String name();

    int httpsPort();

    int httpPort();
}
