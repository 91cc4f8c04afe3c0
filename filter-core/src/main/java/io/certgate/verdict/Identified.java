package io.certgate.verdict;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

import io.certgate.identity.ClientIdentity;

/**
 * A readable certificate or DN: who the client is. Sources make one per certificate and cache it, so an
 * allowed request that returns it allocates nothing.
 *
 * @param identity who the client is
 * @param source the source's name ({@code tls}, {@code header})
 * @param intermediates certificates sent after the client's own, for chain validation
 */
public record Identified(ClientIdentity identity, String source, List<X509Certificate> intermediates)
        implements Verdict {
    public Identified {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(source, "source");
        intermediates = List.copyOf(intermediates);
    }
}
