package io.certgate.trust;

import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPath;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import io.certgate.config.ReloadFailure;
import io.certgate.verdict.Denial;
import io.certgate.verdict.ReasonCode;

/**
 * Decides whether a client certificate chains to one of the {@code trusted-ca} certificates, with the
 * JDK's PKIX implementation: signatures, dates of every certificate in the path, basic constraints, key
 * usage, and a path no longer than {@code max-chain-depth} (nginx's {@code ssl_verify_depth}: 1 means
 * signed directly by a trusted CA). The client's own certificate must be an end-entity certificate and,
 * when it has an extended key usage extension, must allow clientAuth.
 *
 * <p>The reason for a refusal is worked out in the order a person would check: dates first, then what
 * the certificate is for, then who issued it, then whether it was revoked: each certificate of the
 * validated path against the {@link CrlFiles} of its issuer, then the client certificate with the
 * {@link OcspChecker}.
 *
 * <p>A path built for a client is reused while it stays valid, and so is a refusal (see {@link ValidatedPaths}),
 * so a client repeating a refused chain costs no more than one repeating an accepted one; revocation is checked
 * on every call. The trusted CAs are those of the {@link TrustedCaBundle} at each call: when it is
 * reloaded with another set, the paths remembered under the old set are dropped, so a retired CA stops being
 * trusted at once.
 */
public final class ChainValidator {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    /** Longest path tried when finding out whether a refused path was only too deep. */
    private static final int LONGEST_PATH_TRIED = 8;

    private final TrustedCaBundle trustedCas;
    private final int maxChainDepth;
    private final boolean requireClientAuthEku;
    private final CrlFiles crls;
    private final OcspChecker ocsp;
    private final AtomicReference<Memo> memo;
    private final LongAdder pathBuilds = new LongAdder();

    /** The paths built under one version of the trusted CAs; a new version starts with an empty memo. */
    private record Memo(Anchors anchors, ValidatedPaths paths) {
        Memo(Anchors anchors) {
            this(anchors, new ValidatedPaths(ValidatedPaths.DEFAULT_CAPACITY));
        }
    }

    /**
     * @param trustedCas the CAs client certificates must chain to
     * @param maxChainDepth certificates allowed between client and trusted CA, plus one (at least 1)
     * @param requireClientAuthEku whether an EKU extension without clientAuth is refused
     */
    public ChainValidator(List<X509Certificate> trustedCas, int maxChainDepth, boolean requireClientAuthEku) {
        this(trustedCas, maxChainDepth, requireClientAuthEku, null, null);
    }

    /**
     * A validator that also checks revocation.
     *
     * @param crls the {@code crl} files every certificate of the path is checked against, or null
     * @param ocsp the {@code ocsp} checker for the client certificate, or null for {@code ocsp=off}
     */
    public ChainValidator(List<X509Certificate> trustedCas, int maxChainDepth, boolean requireClientAuthEku,
            CrlFiles crls, OcspChecker ocsp) {
        this(TrustedCaBundle.fixed(trustedCas), maxChainDepth, requireClientAuthEku, crls, ocsp);
    }

    /**
     * A validator whose trusted CAs may change while it runs ({@code trusted-ca} reloaded from its file).
     *
     * @param trustedCas the CAs client certificates must chain to, as they are at each check
     */
    public ChainValidator(TrustedCaBundle trustedCas, int maxChainDepth, boolean requireClientAuthEku,
            CrlFiles crls, OcspChecker ocsp) {
        if (maxChainDepth < 1) {
            throw new IllegalArgumentException("max-chain-depth must be at least 1");
        }
        this.trustedCas = Objects.requireNonNull(trustedCas, "trustedCas");
        this.maxChainDepth = maxChainDepth;
        this.requireClientAuthEku = requireClientAuthEku;
        this.crls = crls;
        this.ocsp = ocsp;
        this.memo = new AtomicReference<>(new Memo(trustedCas.current(Instant.now())));
    }

    /**
     * Validates {@code client} with the intermediates the client or proxy sent.
     *
     * @return null when valid, else the reason for refusing it
     */
    public ReasonCode validate(X509Certificate client, List<X509Certificate> intermediates, Instant now) {
        Denial refusal = check(client, intermediates, now);
        return refusal == null ? null : refusal.reason();
    }

    /**
     * Like {@link #validate}, with a detail for the log saying which CRL or responder refused it.
     *
     * @return null when valid, else the refusal
     */
    public Denial check(X509Certificate client, List<X509Certificate> intermediates, Instant now) {
        if (now.isBefore(client.getNotBefore().toInstant())) {
            return new Denial(ReasonCode.NOT_YET_VALID, "notBefore " + client.getNotBefore().toInstant());
        }
        if (now.isAfter(client.getNotAfter().toInstant())) {
            return new Denial(ReasonCode.EXPIRED, "notAfter " + client.getNotAfter().toInstant());
        }
        if (client.getBasicConstraints() >= 0) {
            return new Denial(ReasonCode.CA_AS_CLIENT, "basicConstraints CA=true");
        }
        if (requireClientAuthEku && !allowsClientAuth(client)) {
            return new Denial(ReasonCode.WRONG_EKU, "extended key usage without clientAuth");
        }
        Anchors anchors = trustedCas.current(now);
        if (anchors.contains(client)) {
            return new Denial(ReasonCode.CA_AS_CLIENT, "a trusted-ca certificate");
        }
        ValidatedPaths validatedPaths = memoFor(anchors);
        PKIXCertPathBuilderResult path = validatedPaths.get(client, intermediates, now);
        if (path != null) {
            return revocation(anchors, path, now);
        }
        Denial refusedBefore = validatedPaths.refusal(client, intermediates, now);
        if (refusedBefore != null) {
            return refusedBefore;
        }
        path = buildPath(anchors, client, intermediates, now, maxChainDepth - 1);
        if (path != null) {
            validatedPaths.put(client, intermediates, path);
            return revocation(anchors, path, now);
        }
        Denial refusal = buildPath(anchors, client, intermediates, now, LONGEST_PATH_TRIED) != null
                ? new Denial(ReasonCode.CHAIN_TOO_DEEP, "longer than max-chain-depth " + maxChainDepth)
                : new Denial(ReasonCode.UNTRUSTED_ISSUER, "no path to a trusted-ca certificate");
        validatedPaths.refuse(client, intermediates, anchors.certificates(), refusal, now);
        return refusal;
    }

    /**
     * Looks at the {@code trusted-ca} and {@code crl} files now, reloading what changed as a request would, and
     * returns the reloads that failed (what was loaded before still in force); empty when all are good.
     */
    public List<ReloadFailure> reloadFailures(Instant now) {
        Anchors anchors = trustedCas.current(now);
        List<ReloadFailure> failures = new ArrayList<>(2);
        if (trustedCas.failure() != null) {
            failures.add(trustedCas.failure());
        }
        if (crls != null) {
            crls.refresh(anchors.certificates(), now);
            if (crls.failure() != null) {
                failures.add(crls.failure());
            }
        }
        return List.copyOf(failures);
    }

    /** PKIX path builds made so far; for tests that check a repeated request is answered from memory. */
    long pathBuilds() {
        return pathBuilds.sum();
    }

    /**
     * The memo for {@code anchors}. When the trusted CAs changed, a new, empty one replaces the old: a path
     * built under a CA that is no longer trusted must not be reused. A request that raced a reload may get a
     * memo of its own that is not kept; that costs it a build, never a wrong answer.
     */
    private ValidatedPaths memoFor(Anchors anchors) {
        Memo held = memo.get();
        if (held.anchors == anchors) {
            return held.paths;
        }
        Memo fresh = new Memo(anchors);
        memo.compareAndSet(held, fresh);
        return fresh.paths;
    }

    private Denial revocation(Anchors anchors, PKIXCertPathBuilderResult result, Instant now) {
        CertPath path = result.getCertPath();
        if (crls != null) {
            List<? extends Certificate> certificates = path.getCertificates();
            for (int i = 0; i < certificates.size(); i++) {
                X509Certificate issuer = i + 1 < certificates.size()
                        ? (X509Certificate) certificates.get(i + 1) : result.getTrustAnchor().getTrustedCert();
                Denial refusal = crls.check((X509Certificate) certificates.get(i), issuer, anchors.certificates(), now);
                if (refusal != null) {
                    return refusal;
                }
            }
        }
        return ocsp == null ? null : ocsp.check(path, result.getTrustAnchor(), now);
    }

    private static boolean allowsClientAuth(X509Certificate client) {
        try {
            List<String> usages = client.getExtendedKeyUsage();
            if (usages == null) {
                // The JDK reports an extension it cannot parse as absent: an EKU that is there but unreadable
                // restricts the certificate to nothing we know of, as OpenSSL (and so nginx) also refuses it.
                return client.getExtensionValue(EXTENDED_KEY_USAGE) == null;
            }
            return usages.contains(CLIENT_AUTH) || usages.contains(ANY_EXTENDED_KEY_USAGE);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    /** The path the JDK builds (checking signatures, dates, constraints), or null when there is none. */
    private PKIXCertPathBuilderResult buildPath(Anchors anchors, X509Certificate client,
            List<X509Certificate> intermediates, Instant now, int maxIntermediates) {
        pathBuilds.increment();
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(client);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors.trustAnchors(), target);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            parameters.setMaxPathLength(maxIntermediates);
            List<X509Certificate> store = new ArrayList<>(intermediates.size() + 1);
            store.add(client);
            store.addAll(intermediates);
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(store)));
            return (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(parameters);
        } catch (CertPathBuilderException | RuntimeException e) {
            return null;
        } catch (InvalidAlgorithmParameterException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK's PKIX implementation is missing", e);
        }
    }
}
