package io.certgate.trust;

import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.certgate.policy.ReasonCode;

/**
 * Decides whether a client certificate chains to one of the {@code trusted-ca} certificates, with the
 * JDK's PKIX implementation: signatures, dates of every certificate in the path, basic constraints, key
 * usage, and a path no longer than {@code max-chain-depth} (nginx's {@code ssl_verify_depth}: 1 means
 * signed directly by a trusted CA). The client's own certificate must be an end-entity certificate and,
 * when it has an extended key usage extension, must allow clientAuth.
 *
 * <p>The reason for a refusal is worked out in the order a person would check: dates first, then what
 * the certificate is for, then who issued it.
 */
public final class ChainValidator {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    /** Longest path tried when finding out whether a refused path was only too deep. */
    private static final int LONGEST_PATH_TRIED = 8;

    private final Set<TrustAnchor> anchors;
    private final Set<X509Certificate> anchorCertificates;
    private final int maxChainDepth;
    private final boolean requireClientAuthEku;

    /**
     * @param trustedCas the CAs client certificates must chain to
     * @param maxChainDepth certificates allowed between client and trusted CA, plus one (at least 1)
     * @param requireClientAuthEku whether an EKU extension without clientAuth is refused
     */
    public ChainValidator(List<X509Certificate> trustedCas, int maxChainDepth, boolean requireClientAuthEku) {
        if (trustedCas.isEmpty()) {
            throw new IllegalArgumentException("at least one trusted CA is needed");
        }
        if (maxChainDepth < 1) {
            throw new IllegalArgumentException("max-chain-depth must be at least 1");
        }
        Set<TrustAnchor> set = new HashSet<>();
        for (X509Certificate ca : trustedCas) {
            set.add(new TrustAnchor(ca, null));
        }
        this.anchors = Set.copyOf(set);
        this.anchorCertificates = Set.copyOf(trustedCas);
        this.maxChainDepth = maxChainDepth;
        this.requireClientAuthEku = requireClientAuthEku;
    }

    /**
     * Validates {@code client} with the intermediates the client or proxy sent.
     *
     * @return null when valid, else the reason for refusing it
     */
    public ReasonCode validate(X509Certificate client, List<X509Certificate> intermediates, Instant now) {
        if (now.isBefore(client.getNotBefore().toInstant())) {
            return ReasonCode.NOT_YET_VALID;
        }
        if (now.isAfter(client.getNotAfter().toInstant())) {
            return ReasonCode.EXPIRED;
        }
        if (client.getBasicConstraints() >= 0) {
            return ReasonCode.CA_AS_CLIENT;
        }
        if (requireClientAuthEku && !allowsClientAuth(client)) {
            return ReasonCode.WRONG_EKU;
        }
        if (anchorCertificates.contains(client)) {
            return ReasonCode.CA_AS_CLIENT;
        }
        if (buildsPath(client, intermediates, now, maxChainDepth - 1)) {
            return null;
        }
        return buildsPath(client, intermediates, now, LONGEST_PATH_TRIED)
                ? ReasonCode.CHAIN_TOO_DEEP : ReasonCode.UNTRUSTED_ISSUER;
    }

    private static boolean allowsClientAuth(X509Certificate client) {
        try {
            List<String> usages = client.getExtendedKeyUsage();
            return usages == null || usages.contains(CLIENT_AUTH) || usages.contains(ANY_EXTENDED_KEY_USAGE);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    private boolean buildsPath(X509Certificate client, List<X509Certificate> intermediates, Instant now,
            int maxIntermediates) {
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(client);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            parameters.setMaxPathLength(maxIntermediates);
            List<X509Certificate> store = new ArrayList<>(intermediates.size() + 1);
            store.add(client);
            store.addAll(intermediates);
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(store)));
            CertPathBuilder.getInstance("PKIX").build(parameters);
            return true;
        } catch (CertPathBuilderException | RuntimeException e) {
            return false;
        } catch (InvalidAlgorithmParameterException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK's PKIX implementation is missing", e);
        }
    }
}
