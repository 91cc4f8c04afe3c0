package io.certgate.trust;

import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One version of the {@code trusted-ca} set, in the forms a check needs, made once per load. Compared by
 * identity: a reload makes a new one, and whatever was remembered under the old one (built paths, refusals,
 * CRLs verified against it) is not used under the new one.
 */
final class Anchors {
    private final List<X509Certificate> certificates;
    private final Set<X509Certificate> certificateSet;
    private final Set<TrustAnchor> trustAnchors;

    /** @param certificates the CA certificates, at least one */
    Anchors(List<X509Certificate> certificates) {
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("at least one trusted CA is needed");
        }
        this.certificates = List.copyOf(certificates);
        this.certificateSet = Set.copyOf(certificates);
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate ca : certificates) {
            anchors.add(new TrustAnchor(ca, null));
        }
        this.trustAnchors = Set.copyOf(anchors);
    }

    List<X509Certificate> certificates() {
        return certificates;
    }

    Set<TrustAnchor> trustAnchors() {
        return trustAnchors;
    }

    boolean contains(X509Certificate certificate) {
        return certificateSet.contains(certificate);
    }
}
