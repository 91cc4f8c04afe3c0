package io.certgate.trust;

import java.security.cert.Certificate;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import io.certgate.verdict.Denial;

/**
 * Certification paths the JDK built before, and the chains it could not build a path for, by client
 * certificate, so that a client seen again costs a map lookup instead of a PKIX path build with its signature
 * checks: with {@code trusted-ca}, that build is by far the largest cost of a request, and a refused chain
 * costs two (one to tell {@code chain-too-deep} from {@code untrusted-issuer}). A client repeating a bad chain
 * must not cost more than one repeating a good one.
 *
 * <p>An entry is reused only for a client certificate equal to the one it was made for ({@code equals}
 * compares the DER encoding) with equal intermediates, and only while the time is within a window in which
 * building again would give the same answer: for a path, the validity of every certificate in it; for a
 * refusal, the time between the validity dates (notBefore, notAfter) of the client, the intermediates and the
 * trusted CAs around the moment it was refused. Revocation is not part of either and is checked on every
 * request, so a CRL or OCSP change needs no forgetting here. A memo belongs to one version of the trusted CAs
 * ({@link ChainValidator} starts a new one when {@code trusted-ca} is reloaded).
 *
 * <p>Paths and refusals are kept apart, each bounded to {@value #DEFAULT_CAPACITY} clients by default: only a
 * client with a valid chain can place a path, while anyone can place refusals, so a flood of bad chains only
 * ever empties the refusals. When one side is full it is emptied and fills again, which costs the next
 * requests a build each, never a wrong answer.
 */
final class ValidatedPaths {
    static final int DEFAULT_CAPACITY = 1024;

    private final int capacity;
    private final ConcurrentHashMap<X509Certificate, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<X509Certificate, Refusal> refusals = new ConcurrentHashMap<>();

    /** @param capacity most clients remembered, at least 1, for paths and for refusals each */
    ValidatedPaths(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * @param intermediates the certificates the client sent after its own
     * @param path the certificates from the client to the one below the anchor
     * @param validFrom the latest notBefore in the path
     * @param validUntil the earliest notAfter in the path
     */
    private record Entry(List<X509Certificate> intermediates, PKIXCertPathBuilderResult path, Instant validFrom,
            Instant validUntil) {
    }

    /**
     * @param intermediates the certificates the client sent after its own
     * @param denial the refusal
     * @param after the validity date just before the refusal; it holds only after it
     * @param before the validity date just after the refusal; it holds only before it
     */
    private record Refusal(List<X509Certificate> intermediates, Denial denial, Instant after, Instant before) {
    }

    /** The path built before for this client and these intermediates, if still valid at {@code now}; else null. */
    PKIXCertPathBuilderResult get(X509Certificate client, List<X509Certificate> intermediates, Instant now) {
        Entry entry = entries.get(client);
        if (entry == null || now.isBefore(entry.validFrom()) || now.isAfter(entry.validUntil())
                || !same(entry.intermediates(), intermediates)) {
            return null;
        }
        return entry.path();
    }

    /** Remembers a path the JDK built and accepted. */
    void put(X509Certificate client, List<X509Certificate> intermediates, PKIXCertPathBuilderResult path) {
        Instant validFrom = Instant.MIN;
        Instant validUntil = Instant.MAX;
        for (Certificate certificate : path.getCertPath().getCertificates()) {
            X509Certificate x509 = (X509Certificate) certificate;
            Instant notBefore = x509.getNotBefore().toInstant();
            Instant notAfter = x509.getNotAfter().toInstant();
            validFrom = notBefore.isAfter(validFrom) ? notBefore : validFrom;
            validUntil = notAfter.isBefore(validUntil) ? notAfter : validUntil;
        }
        if (entries.size() >= capacity && !entries.containsKey(client)) {
            entries.clear();
        }
        entries.put(client, new Entry(List.copyOf(intermediates), path, validFrom, validUntil));
    }

    /** The refusal made before for this client and these intermediates, if it still holds at {@code now}. */
    Denial refusal(X509Certificate client, List<X509Certificate> intermediates, Instant now) {
        Refusal refusal = refusals.get(client);
        if (refusal == null || !now.isAfter(refusal.after()) || !now.isBefore(refusal.before())
                || !same(refusal.intermediates(), intermediates)) {
            return null;
        }
        return refusal.denial();
    }

    /**
     * Remembers that no acceptable path could be built at {@code now}. It holds until any certificate that
     * could have been part of a path starts or stops being valid, the only thing that changes the answer for
     * the same certificates and trusted CAs; a refusal made exactly at such a moment is not remembered.
     *
     * @param anchors the trusted CA certificates the build started from
     */
    void refuse(X509Certificate client, List<X509Certificate> intermediates, Collection<X509Certificate> anchors,
            Denial denial, Instant now) {
        Instant[] window = {Instant.MIN, Instant.MAX};
        boolean onABoundary = narrow(window, client, now);
        for (X509Certificate certificate : intermediates) {
            onABoundary |= narrow(window, certificate, now);
        }
        for (X509Certificate certificate : anchors) {
            onABoundary |= narrow(window, certificate, now);
        }
        if (onABoundary) {
            return;
        }
        if (refusals.size() >= capacity && !refusals.containsKey(client)) {
            refusals.clear();
        }
        refusals.put(client, new Refusal(List.copyOf(intermediates), denial, window[0], window[1]));
    }

    /** Moves {@code window} in to the certificate's dates around {@code now}; true when one of them is now. */
    private static boolean narrow(Instant[] window, X509Certificate certificate, Instant now) {
        boolean onABoundary = false;
        for (Instant date : List.of(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant())) {
            if (date.isBefore(now)) {
                window[0] = date.isAfter(window[0]) ? date : window[0];
            } else if (date.isAfter(now)) {
                window[1] = date.isBefore(window[1]) ? date : window[1];
            } else {
                onABoundary = true;
            }
        }
        return onABoundary;
    }

    /** Paths held now; for tests. */
    int size() {
        return entries.size();
    }

    /** Refusals held now; for tests. */
    int refusals() {
        return refusals.size();
    }

    /** Element by element, without the iterator {@code List.equals} would allocate. */
    private static boolean same(List<X509Certificate> known, List<X509Certificate> sent) {
        if (known.size() != sent.size()) {
            return false;
        }
        for (int i = 0; i < known.size(); i++) {
            X509Certificate certificate = known.get(i);
            if (certificate != sent.get(i) && !certificate.equals(sent.get(i))) {
                return false;
            }
        }
        return true;
    }
}
