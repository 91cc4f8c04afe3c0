package io.certgate.trust;

import java.math.BigInteger;
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
 * Single certificates refused without a CRL: the {@code denied-fingerprints} and {@code denied-serials}
 * init-params, for the certificate you must block now, before the CA has published its next CRL.
 *
 * <pre>{@code
 * denied-fingerprints = 3F:A9:...:07, 9c0e...e1          (SHA-256 of the DER, hex, colons and case ignored)
 * denied-serials      = CN=CertGate Demo CA,O=Example # 4F:1A:22   (issuer DN # serial in hex; entries on
 *                                                                  separate lines or split by ';')
 * }</pre>
 *
 * <p>Both work with or without {@code trusted-ca}, for the TLS and header sources alike: they look at the
 * client certificate itself. Issuers are compared as parsed DNs (attribute by attribute, exact values),
 * never as strings, and serials as numbers, so {@code 0x00ff} and {@code FF} are the same serial.
 */
public final class Denylist {
    /** The parameter names, for error messages. */
    public static final String DENIED_FINGERPRINTS = "denied-fingerprints";
    public static final String DENIED_SERIALS = "denied-serials";

    private static final int SHA256_HEX_LENGTH = 64;

    private final Set<String> fingerprints;
    private final Set<IssuerSerial> serials;

    /** A bad entry in one of the two init-params. */
    public static final class BadEntryException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String parameter;

        BadEntryException(String parameter, String problem) {
            super(problem);
            this.parameter = parameter;
        }

        /** {@value #DENIED_FINGERPRINTS} or {@value #DENIED_SERIALS}. */
        public String parameter() {
            return parameter;
        }
    }

    private record IssuerSerial(DistinguishedName issuer, BigInteger serial) {
    }

    private Denylist(Set<String> fingerprints, Set<IssuerSerial> serials) {
        this.fingerprints = Set.copyOf(fingerprints);
        this.serials = Set.copyOf(serials);
    }

    /**
     * Parses the two init-params; either may be null.
     *
     * @return the denylist, or null when both are absent
     * @throws BadEntryException naming the parameter, the entry and the expected form
     */
    public static Denylist parse(String deniedFingerprints, String deniedSerials) {
        if (deniedFingerprints == null && deniedSerials == null) {
            return null;
        }
        Set<String> fingerprints = new HashSet<>();
        if (deniedFingerprints != null) {
            try {
                for (String entry : entries(deniedFingerprints, ",", DENIED_FINGERPRINTS)) {
                    fingerprints.add(fingerprint(entry));
                }
            } catch (IllegalArgumentException e) {
                throw new BadEntryException(DENIED_FINGERPRINTS, e.getMessage());
            }
        }
        Set<IssuerSerial> serials = new HashSet<>();
        if (deniedSerials != null) {
            try {
                for (String entry : entries(deniedSerials, "(?<!\\\\);|\\n", DENIED_SERIALS)) {
                    serials.add(issuerSerial(entry));
                }
            } catch (IllegalArgumentException e) {
                throw new BadEntryException(DENIED_SERIALS, e.getMessage());
            }
        }
        return new Denylist(fingerprints, serials);
    }

    /**
     * @return true when the certificate behind {@code identity} is listed
     * @throws IllegalArgumentException if the identity has no certificate (a proxy passed only a DN):
     *         the caller must refuse it, since nothing can be checked
     */
    public boolean denies(ClientIdentity identity) {
        if (identity.sha256Fingerprint() == null || identity.serialNumber() == null || identity.issuer() == null) {
            throw new IllegalArgumentException("no certificate to compare with the denylist");
        }
        return fingerprints.contains(identity.sha256Fingerprint().toLowerCase(Locale.ROOT))
                || !serials.isEmpty() && serials.contains(new IssuerSerial(identity.issuer(), identity.serialNumber()));
    }

    /** Comma lists refuse an empty entry (a stray comma is a typo); line lists skip blank lines. */
    private static List<String> entries(String text, String separator, String parameter) {
        List<String> entries = new ArrayList<>();
        for (String raw : text.split(separator, -1)) {
            String entry = raw.strip();
            if (!entry.isEmpty()) {
                entries.add(entry);
            } else if (separator.equals(",") && !text.isBlank()) {
                throw new IllegalArgumentException("empty entry in \"" + text.strip() + "\"; remove the extra comma");
            }
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("is empty; list at least one entry or remove " + parameter);
        }
        return entries;
    }

    private static String fingerprint(String entry) {
        String hex = entry.replace(":", "").toLowerCase(Locale.ROOT);
        if (hex.length() != SHA256_HEX_LENGTH || !isHex(hex)) {
            throw new IllegalArgumentException("\"" + entry + "\" is not a SHA-256 fingerprint: expected 64 hex digits,"
                    + " colons allowed, as printed by openssl x509 -noout -fingerprint -sha256");
        }
        return hex;
    }

    private static IssuerSerial issuerSerial(String entry) {
        // The serial never holds '#', while a DN may (an escaped "\#" or a #hex value), so split at the last one.
        int hash = entry.lastIndexOf('#');
        String form = "expected ISSUER-DN # SERIAL-HEX, e.g. \"CN=Example CA,O=Example # 4F:1A:22\"";
        if (hash <= 0) {
            throw new IllegalArgumentException("\"" + entry + "\": no '#'; " + form);
        }
        String issuerText = entry.substring(0, hash).strip();
        String serialText = entry.substring(hash + 1).strip().replace(":", "");
        if (serialText.toLowerCase(Locale.ROOT).startsWith("0x")) {
            serialText = serialText.substring(2);
        }
        if (serialText.isEmpty() || !isHex(serialText)) {
            throw new IllegalArgumentException("\"" + entry + "\": serial \"" + entry.substring(hash + 1).strip()
                    + "\" is not hexadecimal; " + form);
        }
        try {
            return new IssuerSerial(DistinguishedName.parse(issuerText), new BigInteger(serialText, 16));
        } catch (DnParseException e) {
            throw new IllegalArgumentException("\"" + entry + "\": issuer \"" + issuerText + "\" is not a DN ("
                    + e.getMessage() + "); " + form);
        }
    }

    private static boolean isHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!HexFormat.isHexDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
