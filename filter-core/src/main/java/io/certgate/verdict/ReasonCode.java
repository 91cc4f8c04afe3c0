package io.certgate.verdict;

/**
 * Why a request was allowed or denied. The {@link #code()} is what the log line says; it is stable, so
 * alerts and dashboards may match on it.
 */
public enum ReasonCode {
    /** The rule is {@code open}. */
    OPEN_PATH("open-path", false),
    /** The certificate satisfied the rule. */
    ALLOWED("allowed", false),
    /** No client certificate was presented (or none that a trusted source vouched for). */
    NO_CERTIFICATE("no-certificate", true),
    /** The CN is not in the list the rule names. */
    CN_NOT_ALLOWED("cn-not-allowed", false),
    /** The rule is {@code deny}. */
    RULE_DENY("rule-deny", false),
    /** The most specific pattern has rules, but none for this method. */
    METHOD_NOT_COVERED("method-not-covered", false),
    /** The certificate's notAfter has passed. */
    EXPIRED("expired", false),
    /** The certificate's notBefore has not come yet. */
    NOT_YET_VALID("not-yet-valid", false),
    /** The subject has no CN, or an empty one. */
    NO_CN("no-cn", false),
    /** The subject has more than one CN. */
    MULTIPLE_CN("multiple-cn", false),
    /** The CN holds control or invisible formatting characters (NUL, CR, LF, bidi overrides, ...). */
    CN_CONTROL_CHARACTERS("cn-control-characters", false),
    /** A DN could not be parsed. */
    MALFORMED_DN("malformed-dn", false),
    /** The certificate could not be read. */
    BAD_CERTIFICATE("bad-certificate", false),
    /** The certificate does not chain to a {@code trusted-ca} certificate. */
    UNTRUSTED_ISSUER("untrusted-issuer", false),
    /** The chain to a trusted CA is longer than {@code max-chain-depth}. */
    CHAIN_TOO_DEEP("chain-too-deep", false),
    /** The certificate has an extended key usage without clientAuth. */
    WRONG_EKU("wrong-eku", false),
    /** A CA certificate was presented as a client certificate. */
    CA_AS_CLIENT("ca-as-client", false),
    /** A {@code crl} or the OCSP responder says the certificate (or a CA in its chain) is revoked. */
    REVOKED("revoked", false),
    /** The certificate is listed in {@code denied-fingerprints} or {@code denied-serials}. */
    DENYLISTED("denylisted", false),
    /** Revocation status could not be established: no CRL covers the issuer, or {@code ocsp=hard-fail} got no
     * answer. */
    REVOCATION_UNKNOWN("revocation-unknown", false),
    /** {@code trusted-ca} is set but the proxy passed only a DN, so there is nothing to validate. */
    CERTIFICATE_NOT_PASSED("certificate-not-passed", false),
    /** The proxy reports that its own verification of the certificate failed. */
    PROXY_VERIFY_FAILED("proxy-verify-failed", false),
    /** A certificate header is malformed: duplicated, too long, badly encoded. */
    MALFORMED_HEADER("malformed-header", false),
    /**
     * The proxy's DN header and its certificate header name different subjects (or, with an issuer DN header,
     * different issuers).
     */
    DN_MISMATCH("dn-mismatch", false),
    /** {@code principal} names a field the certificate does not have, so the client has no name. */
    NO_PRINCIPAL_NAME("no-principal-name", false),
    /** The {@code identity-mapper} refused the client. */
    MAPPER_REFUSED("mapper-refused", false),
    /** The {@code identity-mapper} threw an exception or returned null. */
    MAPPER_FAILED("mapper-failed", false),
    /**
     * Certificate headers came from an address in {@code trusted-proxies} whose TLS client certificate is not
     * in {@code trusted-proxy-certs}: not the proxy, though at its address.
     */
    UNVERIFIED_PROXY("unverified-proxy", false),
    /** The request path is one the filter refuses to interpret (control characters, undecodable). */
    BAD_PATH("bad-path", false);

    private final String code;
    private final boolean certificateMissing;

    ReasonCode(String code, boolean certificateMissing) {
        this.code = code;
        this.certificateMissing = certificateMissing;
    }

    /** The stable, lower-case code used in log lines. */
    public String code() {
        return code;
    }

    /**
     * The one sentence a denied client is told (the reason code itself goes only to the log):
     * {@code client certificate required} when the fix is to present one, {@code client certificate not
     * allowed} otherwise.
     */
    public String clientMessage() {
        return certificateMissing ? "client certificate required" : "client certificate not allowed";
    }

    /** True when the fix is to present a certificate, false when the one presented is not good enough. */
    public boolean certificateMissing() {
        return certificateMissing;
    }
}
