package io.certgate.verdict;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

import io.certgate.identity.ClientIdentity;
import io.certgate.identity.MappedIdentity;

/**
 * A readable certificate or DN: who the client is. Sources make one per certificate and cache it, so an
 * allowed request that returns it allocates nothing.
 *
 * @param identity who the client is
 * @param source the source's name ({@code tls}, {@code header})
 * @param intermediates certificates sent after the client's own, for chain validation
 * @param mapped the name and roles an {@code IdentityMapper} gave the client for this request, or null when
 *     no mapper is configured (or it has not run yet)
 */
public record Identified(ClientIdentity identity, String source, List<X509Certificate> intermediates,
        MappedIdentity mapped) implements Verdict {
    public Identified {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(source, "source");
        intermediates = List.copyOf(intermediates);
        if (mapped != null && mapped.isRefused()) {
            throw new IllegalArgumentException("a refused client is a Denial, not Identified");
        }
    }

    /** As read by a source, before any mapper ran. */
    public Identified(ClientIdentity identity, String source, List<X509Certificate> intermediates) {
        this(identity, source, intermediates, null);
    }

    /** The same client, named by an {@code IdentityMapper}. */
    public Identified mappedAs(MappedIdentity mapping) {
        return new Identified(identity, source, intermediates, Objects.requireNonNull(mapping, "mapping"));
    }
}
