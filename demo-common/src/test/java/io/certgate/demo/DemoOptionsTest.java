package io.certgate.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DemoOptionsTest {
    private static DemoOptions parse(String... args) {
        return DemoOptions.parse(args, 8443, 8080);
    }

    @Test
    void defaultsAreTheDemosOwn() {
        assertEquals(new DemoOptions(Path.of("demo-pki"), 8443, 8080, "127.0.0.1/32", false), parse());
        assertEquals(9443, DemoOptions.parse(new String[0], 9443, 9080).httpsPort());
    }

    @Test
    void everyFlagTakesItsValueNextOrAfterEquals() {
        assertEquals(new DemoOptions(Path.of("/tmp/pki"), 0, 0, "10.0.0.0/8,127.0.0.1", false),
                parse("--pki-dir", "/tmp/pki", "--https-port=0", "--http-port", "0",
                        "--trusted-proxies=10.0.0.0/8,127.0.0.1"));
    }

    @Test
    void configFileReplacesTheWebXmlPolicy() {
        assertEquals(Path.of("/etc/certgate/policy.conf"), parse("--config-file", "/etc/certgate/policy.conf").configFile());
        assertEquals(null, parse().configFile());
    }

    @Test
    void http2IsOnUnlessNoHttp2() {
        assertTrue(parse().http2());
        assertFalse(parse("--no-http2").http2());
        assertTrue(parse("--no-http2", "--http2").http2(), "the last one wins");
    }

    @Test
    void helpIsAFlagOfItsOwn() {
        assertTrue(parse("--https-port", "1", "--help").help());
        assertTrue(parse("-h").help());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "--https-port http  | --https-port must be a port number from 0 to 65535 (0 = any free port), not \"http\"",
        "--http-port 70000  | --http-port must be a port number from 0 to 65535 (0 = any free port), not \"70000\"",
        "--http-port -1     | --http-port must be a port number from 0 to 65535 (0 = any free port), not \"-1\"",
        "--https-port       | --https-port needs a value, e.g. --https-port 0",
        "--pki-dir          | --pki-dir needs a value, e.g. --pki-dir /tmp/certgate-pki",
        "--port 1           | unknown argument \"--port\"; the flags are --pki-dir, --https-port, --http-port, --trusted-proxies, --config-file, --no-http2 (or --http2) and --help",
        "extra              | unknown argument \"extra\"; the flags are --pki-dir, --https-port, --http-port, --trusted-proxies, --config-file, --no-http2 (or --http2) and --help",
        "--https-port 8080  | --https-port and --http-port are both 8080; give them different ports (or 0 for any free port)",
        "--no-http2=yes     | --no-http2 takes no value; HTTP/2 is on unless --no-http2 is given",
        "--trusted-proxies 10.0.0.0/8,nginx | --trusted-proxies takes comma-separated addresses or CIDR blocks such as 127.0.0.1/32,10.0.0.0/8; \"nginx\" is not one",
    })
    void badFlagsAreExplained(String args, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(args.split(" ")));
        assertEquals(message, e.getMessage());
    }

    @Test
    void usageNamesEveryFlagAndTheDefaults() {
        String usage = DemoOptions.usage("demo", 9443, 9080);
        for (String expected : new String[] {"--pki-dir", "--https-port", "--http-port", "--trusted-proxies",
                "--no-http2", "--help", "9443", "9080", "./demo-pki", "127.0.0.1/32"}) {
            assertTrue(usage.contains(expected), expected);
        }
    }
}
