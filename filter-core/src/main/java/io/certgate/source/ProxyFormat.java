package io.certgate.source;

import java.util.Set;

import io.certgate.request.RequestReader;
import io.certgate.verdict.Verdict;

/**
 * How one kind of reverse proxy writes the client certificate into request headers. Implementations read
 * only; trust in the peer is checked by {@link HeaderSource} before they are called.
 */
interface ProxyFormat {
    /** Every header this format reads, so they can be hidden from requests of untrusted peers. */
    Set<String> headerNames();

    /** Reads the headers: ABSENT, Present, or Rejected for a proxy-reported failure. */
    <R> Verdict read(R request, RequestReader<R> reader) throws MalformedHeaderException;
}
