package io.certgate.source;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code trusted-proxies} matched against {@code getRemoteAddr()} as containers return it. */
class TrustedProxiesTest {
    @ParameterizedTest(name = "{0} contains {1}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.2/32      | 127.0.0.2",
            "127.0.0.2         | 127.0.0.2",
            "10.0.0.0/8        | 10.255.255.255",
            "10.0.0.0/8        | 10.0.0.0",
            "192.168.1.0/25    | 192.168.1.127",
            "172.16.0.0/12     | 172.31.0.1",
            "0.0.0.0/0         | 203.0.113.9",
            "127.0.0.2/32      | ::ffff:127.0.0.2",
            "127.0.0.0/8       | 0:0:0:0:0:ffff:7f00:1",
            "127.0.0.2         | [::ffff:127.0.0.2]",
            "::1               | 0:0:0:0:0:0:0:1",
            "::1/128           | ::1",
            "::1               | [::1]",
            "fd00::/8          | fd12:3456:789a::1",
            "2001:db8::/32     | 2001:DB8:0:0:1::1",
            "2001:db8::/33     | 2001:db8:7fff::1",
            "fe80::/10         | fe80::1%eth0",
            "::/0              | 2001:db8::1",
            "[2001:db8::1]     | 2001:db8::1",
            "10.0.0.5, 10.0.0.6| 10.0.0.6"})
    void contains(String proxies, String remote) {
        assertTrue(TrustedProxies.parse(proxies).contains(remote), () -> proxies + " should contain " + remote);
    }

    @ParameterizedTest(name = "{0} does not contain {1}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.2/32      | 127.0.0.1",
            "127.0.0.2/32      | 127.0.0.3",
            "10.0.0.0/8        | 11.0.0.0",
            "10.0.0.0/8        | 9.255.255.255",
            "192.168.1.0/25    | 192.168.1.128",
            "172.16.0.0/12     | 172.32.0.1",
            "127.0.0.2/32      | ::ffff:127.0.0.3",
            "127.0.0.2/32      | ::127.0.0.2",
            "0.0.0.0/0         | ::1",
            "::/0              | 10.0.0.1",
            "::1               | ::2",
            "fd00::/8          | fe00::1",
            "2001:db8::/33     | 2001:db8:8000::1",
            "10.0.0.5          | 10.0.0.50",
            "10.0.0.5          | '10.0.0.5 '",
            "10.0.0.5          | ' 10.0.0.5'",
            "10.0.0.5          | 010.0.0.5",
            "10.0.0.5          | 10.0.0.5.nip.io",
            "10.0.0.5          | 167772165",
            "10.0.0.5          | 0xa.0.0.5",
            "10.0.0.5          | 10.0.5",
            "10.0.0.5          | unknown",
            "10.0.0.5          | [10.0.0.5",
            "::1               | ::1]",
            "::1               | :::1",
            "::1               | localhost",
            "0.0.0.0/0         | 1.2.3.4:5678"})
    void doesNotContain(String proxies, String remote) {
        assertFalse(TrustedProxies.parse(proxies).contains(remote), () -> proxies + " should not contain " + remote);
    }

    @Test
    void nullAndEmptyRemoteAddressesNeverMatch() {
        TrustedProxies everyone = TrustedProxies.parse("0.0.0.0/0,::/0");
        assertFalse(everyone.contains(null));
        assertFalse(everyone.contains(""));
        assertFalse(everyone.contains("1".repeat(65)));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"10.0.0.1/8", "10.0.0.0/33", "::/129", "2001:db8::1/32", "localhost", "1.2.3", "01.2.3.4",
            "1.2.3.04", "300.1.1.1", "", " ", "10.0.0.5,", ",10.0.0.5", "10.0.0.0/", "10.0.0.0/a", "10.0.0.0/+8",
            "example.com", "fe80::1%eth0/64x", "10.0.0.0/\u0662\u0664", "10.0.0.0/\uff18"})
    void badEntriesAreRefused(String entry) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(entry));
        assertTrue(e.getMessage().contains("\""), e.getMessage());
    }
}
