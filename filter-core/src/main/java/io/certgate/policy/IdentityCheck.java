package io.certgate.policy;

import java.time.Instant;

import io.certgate.identity.ClientIdentity;
import io.certgate.verdict.ReasonCode;

/**
 * What makes an identity unusable for a protected path: dates, several CNs, a CN with control characters,
 * and, for rules that read the CN, a missing one. A CN with control or invisible characters is refused rather than cleaned, since
 * cleaning it would make two different certificates look alike.
 */
final class IdentityCheck {
    private IdentityCheck() {
    }

    /**
     * The reason the identity cannot be used, or null if it can.
     *
     * @param cn {@code identity.commonName()}, which the caller needs too
     * @param needsCommonName whether a missing CN is a problem (it is not for rules that match only other
     *     fields, such as a SPIFFE ID in {@code san-uri:})
     */
    static ReasonCode problem(ClientIdentity identity, String cn, Instant now, boolean needsCommonName) {
        if (identity.notBefore() != null && now.isBefore(identity.notBefore())) {
            return ReasonCode.NOT_YET_VALID;
        }
        if (identity.notAfter() != null && now.isAfter(identity.notAfter())) {
            return ReasonCode.EXPIRED;
        }
        // Counting only tells none from several, so the usual single CN costs no second walk over the subject.
        if (cn == null && identity.commonNameCount() > 1) {
            return ReasonCode.MULTIPLE_CN;
        }
        if (cn == null || cn.isEmpty()) {
            return needsCommonName ? ReasonCode.NO_CN : null;
        }
        return hasControlOrFormatCharacter(cn) ? ReasonCode.CN_CONTROL_CHARACTERS : null;
    }

    private static boolean hasControlOrFormatCharacter(String value) {
        if (isPrintableAscii(value)) {
            return false;
        }
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            if (isInvisibleOrControl(codePoint)) {
                return true;
            }
            i += Character.charCount(codePoint);
        }
        return false;
    }

    private static boolean isPrintableAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** Control, formatting (bidi overrides, zero-width), separator, unassigned, private-use or lone surrogate. */
    private static boolean isInvisibleOrControl(int codePoint) {
        switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR, Character.UNASSIGNED, Character.PRIVATE_USE:
                return true;
            default:
                return false;
        }
    }
}
