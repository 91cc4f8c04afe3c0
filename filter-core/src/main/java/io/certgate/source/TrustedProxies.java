package io.certgate.source;

import java.util.ArrayList;
import java.util.List;

import io.certgate.net.IpRange;

/**
 * The {@code trusted-proxies} init-param: the peers whose certificate headers CertGate believes.
 *
 * <p>Uses the real peer address of the connection ({@code getRemoteAddr()}), never a forwarded header:
 * anyone can send {@code X-Forwarded-For}. If your container rewrites {@code getRemoteAddr()} from such
 * a header (Tomcat's {@code RemoteIpValve}, Jetty's {@code ForwardedRequestCustomizer}), the rewritten
 * address is what counts, so configure those to trust only your proxies too.
 */
public final class TrustedProxies {
    private final List<IpRange> ranges;

    private TrustedProxies(List<IpRange> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * Parses a comma-separated list of addresses and CIDR blocks.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static TrustedProxies parse(String commaSeparated) {
        List<IpRange> ranges = new ArrayList<>();
        for (String entry : commaSeparated.split(",", -1)) {
            if (entry.isBlank()) {
                throw new IllegalArgumentException("empty entry in \"" + commaSeparated.strip()
                        + "\"; remove the extra comma");
            }
            ranges.add(IpRange.parse(entry));
        }
        return new TrustedProxies(ranges);
    }

    /** Whether the peer with this address (as {@code getRemoteAddr()} returns it) is a trusted proxy. */
    public boolean contains(String remoteAddress) {
        long ipv4 = remoteAddress == null ? -1 : IpRange.ipv4Bits(remoteAddress);
        if (ipv4 >= 0) {
            // The usual case, checked on every request in header mode: no parsing into objects.
            for (IpRange range : ranges) {
                if (range.containsIpv4((int) ipv4)) {
                    return true;
                }
            }
            return false;
        }
        byte[] address = IpRange.parseLiteral(remoteAddress);
        if (address == null) {
            return false;
        }
        for (IpRange range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return ranges.toString();
    }
}
