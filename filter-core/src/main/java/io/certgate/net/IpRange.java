package io.certgate.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 address block ({@code 10.0.0.0/8}, {@code 127.0.0.2}, {@code fd00::/8}), parsed once;
 * {@link #contains} compares bytes under a mask. Only literals are accepted, so parsing never does a DNS
 * lookup.
 *
 * <p>Used where an address is compared with a configured block: the peer of a request against
 * {@code trusted-proxies}, and an IP subjectAltName against a {@code san-ip:} rule.
 */
public final class IpRange {
    private final byte[] network;
    private final int prefixLength;

    private IpRange(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * @throws IllegalArgumentException naming the entry and the expected form
     */
    public static IpRange parse(String text) {
        String entry = text.strip();
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        byte[] bytes = parseLiteral(address);
        if (bytes == null) {
            throw new IllegalArgumentException("\"" + entry + "\" is not an IP address or CIDR block;"
                    + " write e.g. 10.0.0.5, 10.0.0.0/8 or fd00::/8 (host names are not allowed)");
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = entry.substring(slash + 1);
            if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(length) > bits) {
                throw new IllegalArgumentException("\"" + entry + "\" has a bad prefix length; use 0 to " + bits);
            }
            prefix = Integer.parseInt(length);
        }
        for (int bit = prefix; bit < bits; bit++) {
            if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0) {
                throw new IllegalArgumentException("\"" + entry + "\" has host bits set after /" + prefix
                        + "; write the network address");
            }
        }
        return new IpRange(bytes, prefix);
    }

    /** Whether the IPv4 address {@code bits} (as {@link #ipv4Bits} returns it) is in this block. */
    public boolean containsIpv4(int bits) {
        if (network.length != 4) {
            return false;
        }
        int mask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
        int base = ((network[0] & 0xff) << 24) | ((network[1] & 0xff) << 16) | ((network[2] & 0xff) << 8)
                | (network[3] & 0xff);
        return (bits & mask) == base;
    }

    /**
     * A dotted quad as the 32 bits of the address, or -1 when the text is not one (then parse it with
     * {@link #parseLiteral}). The common case of {@code getRemoteAddr()}, scanned without allocating.
     */
    public static long ipv4Bits(String text) {
        long bits = 0;
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || part == 4) {
                    return -1;
                }
                bits = (bits << 8) | value;
                part++;
                value = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits == 1 && value == 0) {
                    return -1;   // a leading zero: 010 is octal to some parsers, decimal to others
                }
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) {
                    return -1;
                }
            } else {
                return -1;
            }
        }
        return part == 4 ? bits : -1;
    }

    /** Whether {@code address}, an IP literal as {@code getRemoteAddr()} returns it, is in this block. */
    public boolean contains(byte[] address) {
        if (address == null || address.length != network.length) {
            return false;
        }
        int whole = prefixLength / 8;
        for (int i = 0; i < whole; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff00 >> rest) & 0xff;
        return (address[whole] & mask) == (network[whole] & mask);
    }

    /**
     * The bytes of an IPv4 dotted quad or an IPv6 literal (IPv4-mapped IPv6 becomes IPv4), or null when
     * the text is neither. Brackets and a zone id ({@code %eth0}) are tolerated.
     */
    public static byte[] parseLiteral(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return null;
        }
        String address = text;
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        if (address.indexOf(':') < 0) {
            return parseIpv4(address);
        }
        int zone = address.indexOf('%');
        if (zone >= 0) {
            address = address.substring(0, zone);
        }
        if (address.isEmpty() || !address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return null;
        }
        try {
            // A string with ':' and only hex digits, dots and colons is taken as an IPv6 literal, not a name.
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] parseIpv4(String text) {
        long bits = ipv4Bits(text);
        if (bits < 0) {
            return null;
        }
        return new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
