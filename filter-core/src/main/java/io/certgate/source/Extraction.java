package io.certgate.source;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

import io.certgate.identity.ClientIdentity;
import io.certgate.policy.ReasonCode;

/**
 * What a {@link CertificateSource} found on a request: an identity, nothing, or something it refused to
 * read (with the reason and a detail for the log).
 */
public sealed interface Extraction {
    /** The client presented nothing this source can see. */
    Extraction ABSENT = new Absent();

    /**
     * A readable certificate or DN.
     *
     * @param identity who the client is
     * @param source the source's name ({@code tls}, {@code header})
     * @param intermediates certificates sent after the client's own, for chain validation
     */
    record Present(ClientIdentity identity, String source, List<X509Certificate> intermediates) implements Extraction {
        public Present {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(source, "source");
            intermediates = List.copyOf(intermediates);
        }
    }

    /** Nothing presented. */
    record Absent() implements Extraction {
    }

    /**
     * Something presented that must not be trusted or could not be read.
     *
     * @param reason the reason code
     * @param detail what exactly was wrong, for the log
     * @param identity the refused certificate's identity when it could be read (refused by the denylist or
     *     the trust checks), so that the log names it; null when nothing readable was presented
     */
    record Rejected(ReasonCode reason, String detail, ClientIdentity identity) implements Extraction {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        /** Something that could not be read at all. */
        public Rejected(ReasonCode reason, String detail) {
            this(reason, detail, null);
        }
    }
}
