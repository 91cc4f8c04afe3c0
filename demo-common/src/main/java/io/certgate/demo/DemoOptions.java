package io.certgate.demo;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The demo's command-line flags, parsed and checked.
 *
 * <pre>{@code
 * DemoOptions options = DemoOptions.parse(args, 8443, 8080);   // --pki-dir DIR --https-port N --http-port N ...
 * }</pre>
 *
 * <p>Flags take their value as the next argument or after {@code =} ({@code --https-port=0}). Port 0 means
 * "any free port"; the demo prints the one it bound.
 *
 * @param pkiDir where the demo PKI lives; default {@value #DEFAULT_PKI_DIR}, relative to the working directory
 * @param httpsPort the HTTPS (mutual TLS) port
 * @param httpPort the plain HTTP port on 127.0.0.1, the entrance for a TLS-terminating proxy
 * @param trustedProxies the CIDR blocks whose client-certificate headers the HTTP entrance believes
 * @param configFile a CertGate policy file ({@code [allowed-cns]}, {@code [rules]}, {@code [roles]}) that
 *        replaces the policy in {@code web.xml} and is reloaded when it changes, or null for {@code web.xml}'s
 * @param http2 whether both entrances also speak HTTP/2: {@code h2} (ALPN) on HTTPS, {@code h2c} (prior
 *        knowledge or {@code Upgrade: h2c}) on HTTP; on unless {@code --no-http2}
 * @param help whether {@code --help} was given
 */
public record DemoOptions(Path pkiDir, int httpsPort, int httpPort, String trustedProxies, Path configFile,
        boolean http2, boolean help) {
    /** The default {@code --pki-dir}. */
    public static final String DEFAULT_PKI_DIR = "demo-pki";
    /** The default {@code --trusted-proxies}: only a proxy on this machine. */
    public static final String DEFAULT_TRUSTED_PROXIES = "127.0.0.1/32";

    public DemoOptions {
        Objects.requireNonNull(pkiDir, "pkiDir");
        Objects.requireNonNull(trustedProxies, "trustedProxies");
    }

    /** Options with the policy of {@code web.xml} (no {@code --config-file}) and HTTP/2 on. */
    public DemoOptions(Path pkiDir, int httpsPort, int httpPort, String trustedProxies, boolean help) {
        this(pkiDir, httpsPort, httpPort, trustedProxies, null, true, help);
    }

    /**
     * Parses {@code args}.
     *
     * @throws IllegalArgumentException naming the flag and the value at fault
     */
    public static DemoOptions parse(String[] args, int defaultHttpsPort, int defaultHttpPort) {
        Path pkiDir = Path.of(DEFAULT_PKI_DIR);
        int httpsPort = defaultHttpsPort;
        int httpPort = defaultHttpPort;
        String trustedProxies = DEFAULT_TRUSTED_PROXIES;
        Path configFile = null;
        boolean http2 = true;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value = null;
            int equals = flag.indexOf('=');
            if (flag.startsWith("--") && equals > 0) {
                value = flag.substring(equals + 1);
                flag = flag.substring(0, equals);
            }
            if (flag.equals("--help") || flag.equals("-h")) {
                help = true;
                continue;
            }
            if (flag.equals("--http2") || flag.equals("--no-http2")) {
                if (value != null) {
                    throw new IllegalArgumentException(flag + " takes no value; HTTP/2 is on unless --no-http2"
                            + " is given");
                }
                http2 = flag.equals("--http2");
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag.startsWith("--") && isKnown(flag)
                            ? flag + " needs a value, e.g. " + flag + " " + example(flag)
                            : unknown(flag));
                }
                value = args[++i];
            }
            switch (flag) {
                case "--pki-dir" -> pkiDir = pkiDir(value);
                case "--https-port" -> httpsPort = port(flag, value);
                case "--http-port" -> httpPort = port(flag, value);
                case "--trusted-proxies" -> trustedProxies = trustedProxies(value);
                case "--config-file" -> configFile = configFile(value);
                default -> throw new IllegalArgumentException(unknown(flag));
            }
        }
        if (httpsPort != 0 && httpsPort == httpPort) {
            throw new IllegalArgumentException("--https-port and --http-port are both " + httpsPort
                    + "; give them different ports (or 0 for any free port)");
        }
        return new DemoOptions(pkiDir, httpsPort, httpPort, trustedProxies, configFile, http2, help);
    }

    /** The text {@code --help} prints; {@code command} is the Maven command that starts the demo. */
    public static String usage(String command, int defaultHttpsPort, int defaultHttpPort) {
        return """
               Usage: %s -Dexec.args="[--pki-dir DIR] [--https-port N] [--http-port N] [--trusted-proxies CIDRS] [--config-file FILE] [--no-http2]"

                 --pki-dir DIR            demo CA and certificates, generated if missing (default: ./%s)
                 --https-port N           HTTPS with client certificates (default: %d; 0 = any free port)
                 --http-port N            plain HTTP on 127.0.0.1 for a TLS-terminating proxy such as nginx
                                          (default: %d; 0 = any free port)
                 --trusted-proxies CIDRS  comma-separated addresses whose X-Client-* headers the HTTP
                                          entrance believes (default: %s)
                 --config-file FILE       a CertGate policy file ([allowed-cns], [rules], [roles]) used
                                          instead of web.xml's policy, reloaded when it changes
                 --no-http2               HTTP/1.1 only; by default HTTPS also speaks h2 (ALPN) and the
                                          HTTP entrance h2c (prior knowledge or Upgrade: h2c)
                 --help                   this text
               """.formatted(command, DEFAULT_PKI_DIR, defaultHttpsPort, defaultHttpPort, DEFAULT_TRUSTED_PROXIES);
    }

    private static boolean isKnown(String flag) {
        return switch (flag) {
            case "--pki-dir", "--https-port", "--http-port", "--trusted-proxies", "--config-file" -> true;
            default -> false;
        };
    }

    private static String example(String flag) {
        return switch (flag) {
            case "--pki-dir" -> "/tmp/certgate-pki";
            case "--trusted-proxies" -> "127.0.0.1/32,10.0.0.0/8";
            case "--config-file" -> "/etc/certgate/policy.conf";
            default -> "0";
        };
    }

    private static String unknown(String flag) {
        return "unknown argument \"" + flag + "\"; the flags are --pki-dir, --https-port, --http-port,"
                + " --trusted-proxies, --config-file, --no-http2 (or --http2) and --help";
    }

    private static Path pkiDir(String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("--pki-dir is empty; give a directory, e.g. --pki-dir demo-pki");
        }
        return Path.of(value);
    }

    private static Path configFile(String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("--config-file is empty; give a policy file, e.g. --config-file "
                    + example("--config-file"));
        }
        return Path.of(value);
    }

    private static int port(String flag, String value) {
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // falls through to the explanation
        }
        throw new IllegalArgumentException(flag + " must be a port number from 0 to 65535 (0 = any free port),"
                + " not \"" + value + "\"");
    }

    private static String trustedProxies(String value) {
        for (String block : value.split(",", -1)) {
            if (!block.strip().matches("[0-9A-Fa-f:.]+(/[0-9]{1,3})?")) {
                throw new IllegalArgumentException("--trusted-proxies takes comma-separated addresses or CIDR"
                        + " blocks such as 127.0.0.1/32,10.0.0.0/8; \"" + block + "\" is not one");
            }
        }
        return value.strip();
    }
}
