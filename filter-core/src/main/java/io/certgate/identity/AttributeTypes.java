package io.certgate.identity;

import java.util.Locale;
import java.util.Map;

/** Canonical attribute type names: keywords are upper-cased, well-known OIDs become their keyword. */
final class AttributeTypes {
    private static final Map<String, String> KEYWORD_BY_OID = Map.ofEntries(
            Map.entry("2.5.4.3", "CN"),
            Map.entry("2.5.4.4", "SURNAME"),
            Map.entry("2.5.4.5", "SERIALNUMBER"),
            Map.entry("2.5.4.6", "C"),
            Map.entry("2.5.4.7", "L"),
            Map.entry("2.5.4.8", "ST"),
            Map.entry("2.5.4.9", "STREET"),
            Map.entry("2.5.4.10", "O"),
            Map.entry("2.5.4.11", "OU"),
            Map.entry("2.5.4.12", "T"),
            Map.entry("2.5.4.42", "GIVENNAME"),
            Map.entry("0.9.2342.19200300.100.1.1", "UID"),
            Map.entry("0.9.2342.19200300.100.1.25", "DC"),
            Map.entry("1.2.840.113549.1.9.1", "EMAILADDRESS"));

    /** Aliases that different printers (JDK, OpenSSL, nginx) use for the same attribute. */
    private static final Map<String, String> KEYWORD_ALIASES = Map.of(
            "COMMONNAME", "CN",
            "S", "ST",
            "E", "EMAILADDRESS",
            "EMAIL", "EMAILADDRESS",
            "SN", "SURNAME",
            "USERID", "UID");

    private AttributeTypes() {
    }

    /** The canonical name of a type that {@link #isValid} accepted. */
    static String canonical(String type) {
        if (hasOidPrefix(type)) {
            String oid = type.substring(4);
            return KEYWORD_BY_OID.getOrDefault(oid, oid);
        }
        if (Character.isDigit(type.charAt(0))) {
            return KEYWORD_BY_OID.getOrDefault(type, type);
        }
        String upper = type.toUpperCase(Locale.ROOT);
        return KEYWORD_ALIASES.getOrDefault(upper, upper);
    }

    /** RFC 4514 keyword ({@code ALPHA *(ALPHA/DIGIT/"-")}) or numeric OID, optionally after "OID.". */
    static boolean isValid(String type) {
        if (hasOidPrefix(type)) {
            return isNumericOid(type.substring(4));
        }
        if (!type.isEmpty() && Character.isDigit(type.charAt(0))) {
            return isNumericOid(type);
        }
        return isKeyword(type);
    }

    private static boolean hasOidPrefix(String type) {
        return type.regionMatches(true, 0, "OID.", 0, 4);
    }

    private static boolean isKeyword(String s) {
        if (s.isEmpty() || !isAsciiLetter(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumericOid(String s) {
        int digits = 0;
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && digits > 0 && i + 1 < s.length()) {
                digits = 0;
            } else {
                return false;
            }
        }
        return digits > 0;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
