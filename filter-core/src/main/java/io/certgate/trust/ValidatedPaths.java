package io.certgate.trust;

import java.security.cert.Certificate;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Certification paths the JDK built before, by client certificate, so that a client seen again costs a map
 * lookup instead of a PKIX path build with its signature checks: with {@code trusted-ca}, that build is by
 * far the largest cost of a request.
 *
 * <p>A path is reused only for a client certificate equal to the one it was built for ({@code equals}
 * compares the DER encoding) with equal intermediates, and only while the time is within the validity of
 * every certificate in the path, so it is reused exactly when building it again would give the same path.
 * Only paths the JDK accepted are stored: a client cannot place an entry it did not earn. Revocation is
 * not part of the path and is checked on every request.
 *
 * <p>Bounded to {@value #DEFAULT_CAPACITY} clients by default: when full, it is emptied and fills again, which costs the next
 * requests a build each, never a wrong answer.
 */
final class ValidatedPaths {
    static final int DEFAULT_CAPACITY = 1024;

    private final int capacity;
    private final ConcurrentHashMap<X509Certificate, Entry> entries = new ConcurrentHashMap<>();

    /** @param capacity most clients remembered, at least 1 */
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

    /** Entries held now; for tests. */
    int size() {
        return entries.size();
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
