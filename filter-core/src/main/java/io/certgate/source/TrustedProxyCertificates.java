package io.certgate.source;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.certgate.identity.ClientIdentity;
import io.certgate.identity.DistinguishedName;
import io.certgate.identity.DnParseException;

/**
 * The {@code trusted-proxy-certs} init-param: the TLS client certificates a trusted proxy presents to the
 * application (nginx {@code proxy_ssl_certificate}), so that a process that merely shares the proxy's address
 * cannot speak for a client. Entries are separated by {@code ;}, each one of:
 * <ul>
 * <li>a SHA-256 fingerprint of the certificate's DER, as {@code openssl x509 -noout -fingerprint -sha256}
 * prints it ({@code sha256 Fingerprint=AB:CD:...}, the prefix optional) or as {@code sha256sum} prints it
 * (64 hex digits); case is ignored, colons go between every pair of digits or nowhere;</li>
 * <li>a subject DN ({@code CN=proxy,O=Example}), compared attribute by attribute with the subject read from
 * the certificate's DER. A DN proves only what the container's TLS trust store proves: any CA it trusts can
 * issue that name. The fingerprint form proves the certificate itself.</li>
 * </ul>
 *
 * <p>The certificate must have come with the request's TLS handshake, which proves the peer holds its key.
 */
final class TrustedProxyCertificates {
    private static final int SHA256_HEX_LENGTH = 64;
    /** What OpenSSL 3 prints before the digits ({@code SHA256 Fingerprint=} in 1.1), compared ignoring case. */
    private static final String OPENSSL_PREFIX = "sha256 fingerprint=";

    /** Lower-case hex, no colons. */
    private final Set<String> sha256;
    private final List<DistinguishedName> subjects;
    /** Proxy certificates already recognised; only matches are kept, so no client can fill it. */
    private final IdentityCache<X509Certificate, Boolean> recognised = new IdentityCache<>(16);

    private TrustedProxyCertificates(Set<String> sha256, List<DistinguishedName> subjects) {
        this.sha256 = Set.copyOf(sha256);
        this.subjects = List.copyOf(subjects);
    }

    /**
     * Parses the {@code ;}-separated entries.
     *
     * @throws IllegalArgumentException quoting the bad entry and saying what is expected
     */
    static TrustedProxyCertificates parse(String text) {
        Set<String> sha256 = new HashSet<>();
        List<DistinguishedName> subjects = new ArrayList<>();
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf(';', start);
            if (end < 0) {
                end = text.length();
            }
            String entry = text.substring(start, end).strip();
            start = end + 1;
            if (entry.isEmpty()) {
                throw new IllegalArgumentException(text.isBlank() ? "is empty; list the proxy's certificate"
                        + " fingerprints or subject DNs, or remove it" : "empty entry in \"" + text.strip()
                        + "\"; separate entries with one ';'");
            }
            String digits = withoutOpenSslPrefix(entry);
            if (digits.indexOf('=') < 0) {
                sha256.add(fingerprint(entry, digits));
            } else {
                subjects.add(subject(entry));
            }
        }
        return new TrustedProxyCertificates(sha256, subjects);
    }

    private static String withoutOpenSslPrefix(String entry) {
        return entry.regionMatches(true, 0, OPENSSL_PREFIX, 0, OPENSSL_PREFIX.length())
                ? entry.substring(OPENSSL_PREFIX.length()).strip() : entry;
    }

    /** 64 hex digits, or 32 pairs of them joined by single colons; nothing else. */
    private static String fingerprint(String entry, String digits) {
        boolean colons = digits.indexOf(':') >= 0;
        String hex = colons ? digits.replace(":", "") : digits;
        boolean wellFormed = hex.length() == SHA256_HEX_LENGTH && isHex(hex)
                && (!colons || digits.length() == SHA256_HEX_LENGTH * 3 / 2 - 1 && pairedByColons(digits));
        if (!wellFormed) {
            throw new IllegalArgumentException("\"" + entry + "\" is neither a SHA-256 fingerprint (64 hex digits,"
                    + " colons allowed between pairs, as openssl x509 -noout -fingerprint -sha256 prints it) nor a"
                    + " subject DN such as CN=proxy,O=Example");
        }
        return hex.toLowerCase(Locale.ROOT);
    }

    private static boolean pairedByColons(String digits) {
        for (int i = 2; i < digits.length(); i += 3) {
            if (digits.charAt(i) != ':') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    private static DistinguishedName subject(String entry) {
        DistinguishedName subject;
        try {
            subject = DistinguishedName.parse(entry);
        } catch (DnParseException e) {
            throw new IllegalArgumentException("subject DN \"" + entry + "\" does not parse: " + e.getMessage()
                    + "; write it as RFC 4514, e.g. CN=proxy,O=Example (a ';' inside a value cannot be listed)");
        }
        if (subject.rdns().isEmpty()) {
            throw new IllegalArgumentException("subject DN \"" + entry + "\" is empty");
        }
        return subject;
    }

    /**
     * Whether the request's TLS attribute (as {@code RequestReader.tlsCertificates} gives it) holds, first, one
     * of these certificates.
     */
    boolean presentedBy(Object tlsCertificates) {
        if (!(tlsCertificates instanceof X509Certificate[] chain) || chain.length == 0 || chain[0] == null) {
            return false;
        }
        X509Certificate certificate = chain[0];
        if (recognised.get(certificate) != null) {
            return true;
        }
        boolean listed = sha256.contains(sha256(certificate)) || !subjects.isEmpty() && listedSubject(certificate);
        if (listed) {
            recognised.put(certificate, Boolean.TRUE);
        }
        return listed;
    }

    /** Whether an identity the TLS source read is one of these certificates, so the proxy's, not a client's. */
    boolean isProxy(ClientIdentity identity) {
        return identity.sha256Fingerprint() != null && sha256.contains(identity.sha256Fingerprint())
                || subjects.contains(identity.subject()) && identity.certificate() != null;
    }

    private boolean listedSubject(X509Certificate certificate) {
        try {
            return subjects.contains(ClientIdentity.of(certificate).subject());
        } catch (DnParseException | CertificateParsingException | RuntimeException e) {
            // A certificate CertGate cannot read is nobody's proxy.
            return false;
        }
    }

    private static String sha256(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            return "";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        List<String> entries = new ArrayList<>();
        sha256.stream().sorted().forEach(hex -> entries.add("SHA-256 " + hex));
        subjects.forEach(subject -> entries.add(subject.toString()));
        return String.join("; ", entries);
    }
}
