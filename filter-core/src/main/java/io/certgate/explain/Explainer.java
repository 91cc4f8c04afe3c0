package io.certgate.explain;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.certgate.config.ConfigException;
import io.certgate.decision.Gate;
import io.certgate.decision.GateObserver;
import io.certgate.identity.ClientIdentity;
import io.certgate.identity.DistinguishedName;
import io.certgate.identity.DnParseException;
import io.certgate.verdict.Denial;
import io.certgate.verdict.Identified;
import io.certgate.verdict.ReasonCode;
import io.certgate.verdict.Verdict;

/**
 * The {@code explain} command: what the filter configured in a {@code web.xml} would decide for one
 * request, and why, before anything is deployed.
 *
 * <pre>
 * java -jar filter-core.jar explain --web-xml WEB-INF/web.xml --cert alice.crt --path /admin/
 * java -jar filter-core.jar explain --web-xml WEB-INF/web.xml --dn 'CN=bob,O=Example' --path /admin/ --method POST
 * java -jar filter-core.jar explain --check --web-xml WEB-INF/web.xml
 * </pre>
 *
 * It reads the filter's init-params and builds the very {@link Gate} {@code init} builds, so a configuration
 * it accepts is one the filter starts with, and it prints the same error otherwise. It then hands the request
 * to that gate with an observer and prints each step the gate reports (path readings, rules, certificate
 * validation, identity checks, access tests): it decides nothing itself. Exit status: 0 allowed, 1 denied, 2 configuration error or bad arguments; with
 * {@code --check}, 0 valid, 1 valid but some rule can never match, 2 invalid.
 *
 * <p>It needs nothing but the JDK: no servlet container, no network, except what a configured
 * {@code ocsp} responder check does, exactly as the filter would.
 */
public final class Explainer {
    /** Exit status: allowed, or with {@code --check} a valid configuration. */
    public static final int ALLOW = 0;
    /** Exit status: denied, or with {@code --check} a rule that can never match. */
    public static final int DENY = 1;
    /** Exit status: a configuration error or bad arguments. */
    public static final int ERROR = 2;

    static final String USAGE = String.join("\n",
            "usage: java -jar filter-core.jar explain --web-xml FILE [--filter-name NAME] [--param NAME=VALUE]...",
            "                (--cert FILE | --dn DN | --no-cert) --path PATH [--method METHOD] [--at INSTANT]",
            "       java -jar filter-core.jar explain --check --web-xml FILE [--filter-name NAME] [--param NAME=VALUE]...",
            "",
            "  --web-xml FILE      the web.xml declaring io.certgate.ClientCertFilter",
            "  --filter-name NAME  which <filter> to read, when the file declares more than one CertGate filter",
            "  --param NAME=VALUE  set or replace an init-param (a value the deployment fills in, say)",
            "  --cert FILE         the client certificate, PEM or DER; more certificates after it are its chain",
            "  --dn DN             only a subject DN, as a proxy passing no certificate would send it",
            "  --no-cert           no client certificate at all",
            "  --path PATH         the request path as sent, relative to the application (/admin/)",
            "  --method METHOD     the HTTP method; default GET",
            "  --at INSTANT        decide at this time (2030-01-01T00:00:00Z) instead of now",
            "  --check             validate the configuration and list the rules that can never match",
            "",
            "exit status: 0 allowed, 1 denied, 2 configuration error or bad arguments;",
            "with --check: 0 valid, 1 valid but some rule can never match, 2 invalid");

    /** By name: loading ClientCertFilter would need the Servlet API, which the command runs without. */
    private static final String FILTER_CLASS = "io.certgate.ClientCertFilter";

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    private Explainer(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, Clock.systemUTC()));
    }

    /**
     * Runs the command as {@code main} does, without exiting.
     *
     * @param args the command line, starting with {@code explain}
     * @param out where the explanation goes
     * @param err where usage and configuration errors go
     * @param clock the time to decide at, unless {@code --at} is given
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (UsageException e) {
            err.println("CertGate explain: " + e.getMessage());
            err.println(USAGE);
            return ERROR;
        }
        if (arguments == null) {
            out.println(USAGE);
            return ALLOW;
        }
        try {
            return new Explainer(out, err, clock).run(arguments);
        } catch (UsageException e) {
            err.println("CertGate explain: " + e.getMessage());
            return ERROR;
        }
    }

    private int run(Arguments arguments) throws UsageException {
        WebXml.FilterDeclaration filter;
        try {
            filter = select(WebXml.filters(arguments.webXml), arguments.filterName, arguments.webXml);
        } catch (WebXml.WebXmlException e) {
            throw new UsageException(e.getMessage());
        }
        Map<String, String> parameters = new LinkedHashMap<>(filter.initParameters());
        parameters.putAll(arguments.parameters);
        Instant now = arguments.at != null ? arguments.at : clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Gate gate;
        try (URLClassLoader webapp = webappClassLoader(arguments.webXml)) {
            gate = Gate.fromParameters(parameters, webapp, Clock.fixed(now, ZoneOffset.UTC));
        } catch (ConfigException e) {
            // The message init puts in its ServletException, word for word.
            err.println("CertGate configuration error: " + e.getMessage());
            return ERROR;
        } catch (IOException e) {
            throw new UsageException("cannot read the application's classes next to " + arguments.webXml + ": "
                    + e.getMessage());
        }
        out.println("configuration: " + arguments.webXml + ", filter \"" + filter.name() + "\" ("
                + parameters.size() + " init-params" + (arguments.parameters.isEmpty() ? ""
                        : ", " + String.join(", ", arguments.parameters.keySet()) + " from --param") + ")");
        if (!gate.proxyHeaderNames().isEmpty()) {
            // Only a header source makes where the certificate comes from worth a line; tls alone is the default.
            out.println("certificate sources, in order:");
            gate.describeSources().forEach(source -> out.println("  " + source));
        }
        if (parameters.containsKey(Gate.CONFIG_FILE)) {
            out.println("policy: from config-file " + parameters.get(Gate.CONFIG_FILE).strip()
                    + ", as it reads now");
        }
        if (gate.allowlistEmpty()) {
            out.println("note: init-param 'allowed-cns' is empty, so paths under an 'allowlist' rule, and every"
                    + " path no rule covers, deny everyone (init logs this as a warning)");
        }
        if (arguments.check) {
            return check(gate);
        }
        int decision = explain(arguments, gate, now);
        if (decision == DENY && gate.reportOnly()) {
            out.println("  mode=report-only: the filter logs this denial but lets the request through");
        }
        return decision;
    }

    private static WebXml.FilterDeclaration select(List<WebXml.FilterDeclaration> filters, String name, Path file)
            throws UsageException {
        if (name != null) {
            for (WebXml.FilterDeclaration filter : filters) {
                if (filter.name().equals(name)) {
                    if (!filter.className().equals(FILTER_CLASS)) {
                        throw new UsageException("filter \"" + name + "\" in " + file + " is " + filter.className()
                                + ", not " + FILTER_CLASS);
                    }
                    return filter;
                }
            }
            throw new UsageException(file + " has no <filter> named \"" + name + "\"; it has "
                    + (filters.isEmpty() ? "none" : filters.stream().map(WebXml.FilterDeclaration::name)
                            .collect(Collectors.joining(", "))));
        }
        List<WebXml.FilterDeclaration> gates = filters.stream()
                .filter(filter -> filter.className().equals(FILTER_CLASS)).toList();
        if (gates.isEmpty()) {
            throw new UsageException(file + " declares no <filter> with filter-class " + FILTER_CLASS);
        }
        if (gates.size() > 1) {
            throw new UsageException(file + " declares " + gates.size() + " CertGate filters ("
                    + gates.stream().map(WebXml.FilterDeclaration::name).collect(Collectors.joining(", "))
                    + "); choose one with --filter-name");
        }
        return gates.get(0);
    }

    /**
     * What the container would give the filter for {@code classpath:} locations: {@code WEB-INF/classes} and
     * {@code WEB-INF/lib/*.jar} beside the web.xml, when they exist.
     */
    private static URLClassLoader webappClassLoader(Path webXml) throws IOException {
        Path webInf = webXml.toAbsolutePath().getParent();
        List<URL> urls = new ArrayList<>();
        try {
            Path classes = webInf.resolve("classes");
            if (Files.isDirectory(classes)) {
                urls.add(classes.toUri().toURL());
            }
            Path lib = webInf.resolve("lib");
            if (Files.isDirectory(lib)) {
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(lib, "*.jar")) {
                    for (Path jar : jars) {
                        urls.add(jar.toUri().toURL());
                    }
                }
            }
        } catch (MalformedURLException e) {
            throw new IOException(e.getMessage(), e);
        }
        return new URLClassLoader(urls.toArray(new URL[0]), Explainer.class.getClassLoader());
    }

    // ---------------------------------------------------------------------------------------------------------
    // --check

    private int check(Gate gate) {
        List<String> rules = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        gate.checkConfiguration(new GateObserver() {
            @Override
            public void rule(String rule) {
                rules.add("  " + rule);
            }

            @Override
            public void unreachableRule(String rule, String shadowedBy, String why) {
                unreachable.add("  " + rule + " is shadowed by " + shadowedBy + ":\n    " + why);
            }
        });
        out.println("configuration is valid: the filter would start with it");
        out.println();
        out.println("rules (" + rules.size() + "):");
        if (rules.isEmpty()) {
            out.println("  none: every path needs a CN from allowed-cns");
        }
        rules.forEach(out::println);
        out.println();
        if (unreachable.isEmpty()) {
            out.println("unreachable rules: none; every rule decides some request");
            return ALLOW;
        }
        out.println("unreachable rules (" + unreachable.size() + "): these can never match any request");
        unreachable.forEach(out::println);
        return DENY;
    }

    // ---------------------------------------------------------------------------------------------------------
    // explain

    private int explain(Arguments arguments, Gate gate, Instant now) throws UsageException {
        Verdict presented = identity(arguments);
        out.println("request: " + arguments.method + " " + arguments.path + ", decided at " + now);
        out.println();
        CommandLineRequest request = CommandLineRequest.of(arguments.method, arguments.path);
        if (request == null) {
            return unreadablePath(arguments.path);
        }
        Steps steps = new Steps(presented, arguments, request.containerPath());
        Verdict verdict = gate.decide(request, CommandLineRequest.READER, presented, steps);
        if (steps.unreadable) {
            return unreadablePath(arguments.path);
        }
        out.println();
        if (verdict instanceof Denial denial) {
            out.println("decision: denied (reason " + denial.reason().code() + ") by " + denial.rule());
            if (denial.detail() != null) {
                out.println("  detail: " + denial.detail());
            }
            out.println("  the client gets 403 \"" + denial.reason().clientMessage() + "\"; the log line says reason=" + denial.reason().code());
            return DENY;
        }
        out.println("decision: allowed (reason " + steps.allowedReason.code() + ") by " + steps.allowedRule);
        out.println("  " + (verdict instanceof Identified identified
                ? "the request goes on, and the application sees the client as \"" + gate.name(identified)
                        + "\" with roles " + roles(gate.roles(identified))
                : "the request goes on without an identity: no usable certificate came with it"));
        return ALLOW;
    }

    private static String roles(java.util.Set<String> roles) {
        return roles.isEmpty() ? "(none)" : String.join(", ", new java.util.TreeSet<>(roles));
    }

    private int unreadablePath(String path) {
        out.println("path: the filter cannot read \"" + path + "\" safely (a bad % escape, bytes that"
                + " are not UTF-8, a control character, or '..' above the root)");
        out.println();
        out.println("decision: denied (reason bad-path), before any rule is looked at");
        return DENY;
    }

    /** Prints each step the gate reports, in the order it makes them. */
    private final class Steps implements GateObserver {
        private final Verdict presented;
        private final Arguments arguments;
        private final String containerPath;
        boolean unreadable;
        ReasonCode allowedReason;
        String allowedRule;

        Steps(Verdict presented, Arguments arguments, String containerPath) {
            this.presented = presented;
            this.arguments = arguments;
            this.containerPath = containerPath;
        }

        @Override
        public void unreadablePath() {
            unreadable = true;
        }

        @Override
        public void pathReadings(List<PathReading> readings) {
            printReadings(readings, containerPath, arguments.method);
            printIdentity(presented, arguments);
            out.println("checks:");
        }

        @Override
        public void check(Result result, String text) {
            line(switch (result) {
                case PASS -> "pass";
                case FAIL -> "FAIL";
                case SKIP -> "skip";
                case NOTE -> "note";
            }, text);
        }

        @Override
        public void allowed(ReasonCode reason, String rule) {
            allowedReason = reason;
            allowedRule = rule;
        }
    }

    private Verdict identity(Arguments arguments) throws UsageException {
        if (arguments.certificate != null) {
            List<X509Certificate> chain = certificates(arguments.certificate);
            try {
                return new Identified(ClientIdentity.of(chain.get(0)), "tls", chain.subList(1, chain.size()));
            } catch (DnParseException e) {
                return new Denial(ReasonCode.MALFORMED_DN, e.getMessage());
            } catch (CertificateParsingException | RuntimeException e) {
                return new Denial(ReasonCode.BAD_CERTIFICATE, String.valueOf(e.getMessage()));
            }
        }
        if (arguments.dn != null) {
            try {
                return new Identified(ClientIdentity.ofSubject(DistinguishedName.parse(arguments.dn)),
                        "header", List.of());
            } catch (DnParseException e) {
                return new Denial(ReasonCode.MALFORMED_DN, e.getMessage());
            }
        }
        return Verdict.ANONYMOUS;
    }

    private static List<X509Certificate> certificates(Path file) throws UsageException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                chain.add((X509Certificate) certificate);
            }
            if (chain.isEmpty()) {
                throw new UsageException(file + " holds no certificate");
            }
            return chain;
        } catch (NoSuchFileException e) {
            throw new UsageException(file + " does not exist");
        } catch (IOException | CertificateException e) {
            throw new UsageException(file + " is not a PEM or DER certificate: " + e.getMessage());
        }
    }

    private void printReadings(List<GateObserver.PathReading> readings, String containerPath, String method) {
        out.println(readings.size() == 1 ? "path: one reading, nothing in it can be read two ways"
                : "path: " + readings.size() + " readings, the request must be allowed under every one");
        List<String> labels = method.equals("HEAD")
                ? List.of("as written", "lower-cased", "as GET", "as GET, lower-cased")
                : List.of("as written", "lower-cased");
        int width = readings.stream().mapToInt(reading -> reading.path().length()).max().orElse(0);
        for (GateObserver.PathReading reading : readings) {
            Map<String, List<String>> labelsByRule = new LinkedHashMap<>();
            List<String> matched = reading.rules();
            for (int i = 0; i < matched.size(); i++) {
                String label = matched.size() == labels.size() ? labels.get(i) : "reading " + (i + 1);
                labelsByRule.computeIfAbsent(matched.get(i), rule -> new ArrayList<>()).add(label);
            }
            String shown = String.format(Locale.ROOT, "  %-" + width + "s", reading.path());
            String container = readings.size() > 1 && reading.path().equals(containerPath)
                    ? "   (the container's reading)" : "";
            if (labelsByRule.size() == 1) {
                out.println(shown + " -> " + labelsByRule.keySet().iterator().next() + container);
                continue;
            }
            out.println(shown + container);
            labelsByRule.forEach((rule, ruleLabels) ->
                    out.println("    " + String.join(", ", ruleLabels) + " -> " + rule));
        }
        out.println();
    }

    private void printIdentity(Verdict extraction, Arguments arguments) {
        if (extraction instanceof Denial rejected) {
            out.println("identity: unreadable (" + rejected.reason().code() + ": " + rejected.detail() + ")");
            out.println();
            return;
        }
        if (!(extraction instanceof Identified present)) {
            out.println("identity: none (--no-cert)");
            out.println();
            return;
        }
        ClientIdentity identity = present.identity();
        out.println("identity (" + (arguments.certificate != null ? "certificate " + arguments.certificate
                + (present.intermediates().isEmpty() ? "" : " with " + present.intermediates().size()
                        + " chain certificate(s)")
                : "DN only, as a proxy passing no certificate sends it") + "):");
        field("subject", identity.subject().toString());
        List<String> names = identity.commonNames();
        field("CN", names.isEmpty() ? "(none)" : names.size() == 1 ? names.get(0) : "several: " + names);
        if (identity.certificate() == null) {
            field("issuer, serial, fingerprints, policies, validity", "(unknown: only a DN was given)");
        } else {
            field("issuer", identity.issuer() == null ? "(unreadable)" : identity.issuer().toString());
            field("serial", identity.serialNumber().toString(16).toUpperCase(Locale.ROOT));
            field("SHA-256", colons(identity.sha256Fingerprint()));
            field("SPKI SHA-256", colons(identity.spkiSha256()));
            field("policies", identity.certificatePolicies().isEmpty() ? "(none)"
                    : String.join(", ", identity.certificatePolicies()));
            field("valid", identity.notBefore() + " to " + identity.notAfter());
        }
        field("SANs", identity.subjectAltNames().isEmpty() ? "(none)" : identity.subjectAltNames().stream()
                .map(name -> name.type() + ":" + name.value()).collect(Collectors.joining(", ")));
        out.println();
    }

    private void field(String name, String value) {
        out.println(String.format(Locale.ROOT, "  %-12s %s", name, value));
    }

    private static String colons(String hex) {
        String upper = hex.toUpperCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(upper.length() * 3 / 2);
        for (int i = 0; i < upper.length(); i += 2) {
            out.append(i == 0 ? "" : ":").append(upper, i, Math.min(i + 2, upper.length()));
        }
        return out.toString();
    }

    private void line(String verdict, String text) {
        out.println(String.format(Locale.ROOT, "  %-5s %s", verdict, text));
    }

    /** A command line that cannot be run; the message says which argument and what is expected. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The parsed command line. */
    private static final class Arguments {
        Path webXml;
        String filterName;
        final Map<String, String> parameters = new LinkedHashMap<>();
        Path certificate;
        String dn;
        boolean noCertificate;
        String path;
        String method;
        Instant at;
        boolean check;

        /** The arguments, or null when help was asked for. */
        static Arguments parse(String[] args) throws UsageException {
            if (args.length == 0) {
                throw new UsageException("no command; the only command is explain");
            }
            if (args[0].equals("--help") || args[0].equals("-h")) {
                return null;
            }
            if (!args[0].equals("explain")) {
                throw new UsageException("unknown command \"" + args[0] + "\"; the only command is explain");
            }
            Arguments arguments = new Arguments();
            for (int i = 1; i < args.length; i++) {
                String option = args[i];
                String value = null;
                int equals = option.indexOf('=');
                if (option.startsWith("--") && equals > 0) {
                    value = option.substring(equals + 1);
                    option = option.substring(0, equals);
                }
                switch (option) {
                    case "--help", "-h" -> {
                        return null;
                    }
                    case "--check" -> {
                        if (value != null) {
                            throw new UsageException("--check takes no value");
                        }
                        arguments.check = true;
                    }
                    case "--no-cert" -> {
                        if (value != null) {
                            throw new UsageException("--no-cert takes no value");
                        }
                        arguments.noCertificate = true;
                    }
                    case "--web-xml", "--filter-name", "--param", "--cert", "--dn", "--path", "--method", "--at" -> {
                        if (value == null) {
                            if (i + 1 == args.length) {
                                throw new UsageException(option + " needs a value");
                            }
                            value = args[++i];
                        }
                        arguments.set(option, value);
                    }
                    default -> throw new UsageException("unknown argument \"" + args[i] + "\"");
                }
            }
            arguments.validate();
            return arguments;
        }

        private void set(String option, String value) throws UsageException {
            boolean repeated = switch (option) {
                case "--web-xml" -> webXml != null;
                case "--filter-name" -> filterName != null;
                case "--cert" -> certificate != null;
                case "--dn" -> dn != null;
                case "--path" -> path != null;
                case "--method" -> method != null;
                case "--at" -> at != null;
                default -> false;
            };
            if (repeated) {
                throw new UsageException(option + " given twice");
            }
            switch (option) {
                case "--web-xml" -> webXml = Path.of(value);
                case "--filter-name" -> filterName = value;
                case "--param" -> {
                    int equals = value.indexOf('=');
                    if (equals <= 0) {
                        throw new UsageException("--param \"" + value + "\" is not NAME=VALUE");
                    }
                    if (parameters.put(value.substring(0, equals), value.substring(equals + 1)) != null) {
                        throw new UsageException("--param " + value.substring(0, equals) + " given twice");
                    }
                }
                case "--cert" -> certificate = Path.of(value);
                case "--dn" -> dn = value;
                case "--path" -> path = value;
                case "--method" -> method = value;
                case "--at" -> {
                    try {
                        at = Instant.parse(value);
                    } catch (DateTimeParseException e) {
                        throw new UsageException("--at \"" + value + "\" is not an instant such as 2030-01-01T00:00:00Z");
                    }
                }
                default -> throw new AssertionError(option);
            }
        }

        private void validate() throws UsageException {
            if (webXml == null) {
                throw new UsageException("--web-xml is required");
            }
            int identities = (certificate != null ? 1 : 0) + (dn != null ? 1 : 0) + (noCertificate ? 1 : 0);
            if (check) {
                if (identities > 0 || path != null || method != null || at != null) {
                    throw new UsageException("--check takes only --web-xml, --filter-name and --param");
                }
                return;
            }
            if (identities != 1) {
                throw new UsageException("give exactly one of --cert FILE, --dn DN or --no-cert");
            }
            if (path == null) {
                throw new UsageException("--path is required");
            }
            if (!path.startsWith("/") || path.indexOf('?') >= 0 || path.indexOf('#') >= 0) {
                throw new UsageException("--path \"" + path + "\" must start with / and hold no query or fragment;"
                        + " give the path relative to the application, e.g. /admin/");
            }
            if (method == null) {
                method = "GET";
            }
            if (method.isEmpty() || !method.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
                throw new UsageException("--method \"" + method + "\" is not an HTTP method token such as GET");
            }
        }
    }
}
