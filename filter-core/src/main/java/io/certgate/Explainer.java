package io.certgate;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigInteger;
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
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.certgate.identity.ClientIdentity;
import io.certgate.identity.DistinguishedName;
import io.certgate.identity.DnParseException;
import io.certgate.identity.SubjectAltName;
import io.certgate.policy.Access;
import io.certgate.policy.Decision;
import io.certgate.policy.IdentityMatcher;
import io.certgate.policy.Policy;
import io.certgate.policy.PolicyConfigException;
import io.certgate.policy.ReasonCode;
import io.certgate.policy.Rule;
import io.certgate.policy.UnreachableRule;
import io.certgate.source.Extraction;
import io.certgate.trust.ChainValidator;
import io.certgate.trust.Denylist;
import io.certgate.trust.Refusal;

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
 * It reads the filter's init-params and checks them with the very code {@code init} runs, so a
 * configuration it accepts is one the filter starts with, and it prints the same error otherwise. It then
 * follows the filter's steps (path readings, rules, certificate validation, identity checks, access test)
 * and prints each. Exit status: 0 allowed, 1 denied, 2 configuration error or bad arguments; with
 * {@code --check}, 0 valid, 1 valid but some rule can never match, 2 invalid.
 *
 * <p>It needs nothing but the JDK: no servlet container, no network, except what a configured
 * {@code ocsp} responder check does, exactly as the filter would.
 */
public final class Explainer {
    static final int ALLOW = 0;
    static final int DENY = 1;
    static final int ERROR = 2;

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
    static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
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
        FilterSettings settings;
        try (URLClassLoader webapp = webappClassLoader(arguments.webXml)) {
            settings = FilterSettings.parse(parameters, webapp);
        } catch (PolicyConfigException e) {
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
        if (parameters.containsKey(FilterSettings.CONFIG_FILE)) {
            out.println("policy: from config-file " + parameters.get(FilterSettings.CONFIG_FILE).strip()
                    + ", as it reads now");
        }
        if (settings.policy().allowlistEmpty()) {
            out.println("note: init-param 'allowed-cns' is empty, so paths under an 'allowlist' rule, and every"
                    + " path no rule covers, deny everyone (init logs this as a warning)");
        }
        if (arguments.check) {
            return check(settings.policy());
        }
        int decision = explain(arguments, settings);
        if (decision == DENY && settings.reportOnly()) {
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

    private int check(Policy policy) {
        List<Rule> rules = policy.rules();
        out.println("configuration is valid: the filter would start with it");
        out.println();
        out.println("rules (" + rules.size() + "):");
        if (rules.isEmpty()) {
            out.println("  none: every path needs a CN from allowed-cns");
        }
        for (Rule rule : rules) {
            out.println("  " + rule.describe());
        }
        List<UnreachableRule> unreachable = policy.unreachableRules();
        out.println();
        if (unreachable.isEmpty()) {
            out.println("unreachable rules: none; every rule decides some request");
            return ALLOW;
        }
        out.println("unreachable rules (" + unreachable.size() + "): these can never match any request");
        for (UnreachableRule hidden : unreachable) {
            out.println("  " + hidden.rule().describe() + " is shadowed by " + hidden.shadowedBy().describe() + ":");
            out.println("    " + hidden.why());
        }
        return DENY;
    }

    // ---------------------------------------------------------------------------------------------------------
    // explain

    private int explain(Arguments arguments, FilterSettings settings) throws UsageException {
        Policy policy = settings.policy();
        Instant now = arguments.at != null ? arguments.at : clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Extraction extraction = identity(arguments);
        out.println("request: " + arguments.method + " " + arguments.path + ", decided at " + now);
        out.println();

        PathReadings readings = PathReadings.of(arguments.path);
        if (readings == null) {
            out.println("path: the filter cannot read \"" + arguments.path + "\" safely (a bad % escape, bytes that"
                    + " are not UTF-8, a control character, or '..' above the root)");
            out.println();
            out.println("decision: denied (reason bad-path), before any rule is looked at");
            return DENY;
        }
        List<Rule> rules = policy.rulesFor(readings.paths(), arguments.method);
        printReadings(policy, readings, arguments.method);
        printIdentity(extraction, arguments);

        out.println("checks:");
        Extraction validated = validated(settings, extraction, now);
        if (validated instanceof Extraction.Present present) {
            printIdentityChecks(policy, present.identity(), now);
        }
        boolean allOpen = Policy.allOpen(rules);
        if (allOpen) {
            printAccessTests(policy, rules, validated, now);
            boolean usable = validated instanceof Extraction.Present present
                    && policy.identityProblem(present.identity(), now) == null;
            return decide(policy.authorize(rules, null, now), usable
                    ? "the request goes on, and the application sees the client as \""
                            + ((Extraction.Present) validated).identity().displayName() + "\""
                    : "the request goes on without an identity: no usable certificate came with it");
        }
        if (validated instanceof Extraction.Rejected rejected) {
            line("skip", "access tests: not made, the certificate was refused first");
            return decide(Decision.deny(rejected.reason(), Policy.firstGuarded(rules)), rejected.detail());
        }
        printAccessTests(policy, rules, validated, now);
        ClientIdentity identity = validated instanceof Extraction.Present present ? present.identity() : null;
        return decide(policy.authorize(rules, identity, now), null);
    }

    private Extraction identity(Arguments arguments) throws UsageException {
        if (arguments.certificate != null) {
            List<X509Certificate> chain = certificates(arguments.certificate);
            try {
                return new Extraction.Present(ClientIdentity.of(chain.get(0)), "tls", chain.subList(1, chain.size()));
            } catch (DnParseException e) {
                return new Extraction.Rejected(ReasonCode.MALFORMED_DN, e.getMessage());
            } catch (CertificateParsingException | RuntimeException e) {
                return new Extraction.Rejected(ReasonCode.BAD_CERTIFICATE, String.valueOf(e.getMessage()));
            }
        }
        if (arguments.dn != null) {
            try {
                return new Extraction.Present(ClientIdentity.ofSubject(DistinguishedName.parse(arguments.dn)),
                        "header", List.of());
            } catch (DnParseException e) {
                return new Extraction.Rejected(ReasonCode.MALFORMED_DN, e.getMessage());
            }
        }
        return Extraction.ABSENT;
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

    private void printReadings(Policy policy, PathReadings readings, String method) {
        List<String> paths = readings.paths();
        out.println(paths.size() == 1 ? "path: one reading, nothing in it can be read two ways"
                : "path: " + paths.size() + " readings, the request must be allowed under every one");
        List<String> labels = method.equals("HEAD")
                ? List.of("as written", "lower-cased", "as GET", "as GET, lower-cased")
                : List.of("as written", "lower-cased");
        int width = paths.stream().mapToInt(String::length).max().orElse(0);
        for (String path : paths) {
            Map<String, List<String>> labelsByRule = new LinkedHashMap<>();
            List<Rule> matched = policy.rulePerReading(path, method);
            for (int i = 0; i < matched.size(); i++) {
                String label = matched.size() == labels.size() ? labels.get(i) : "reading " + (i + 1);
                labelsByRule.computeIfAbsent(matched.get(i).describe(), rule -> new ArrayList<>()).add(label);
            }
            String shown = String.format(Locale.ROOT, "  %-" + width + "s", path);
            String container = paths.size() > 1 && path.equals(readings.containerPath()) ? "   (the container's reading)"
                    : "";
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

    private void printIdentity(Extraction extraction, Arguments arguments) {
        if (extraction instanceof Extraction.Rejected rejected) {
            out.println("identity: unreadable (" + rejected.reason().code() + ": " + rejected.detail() + ")");
            out.println();
            return;
        }
        if (!(extraction instanceof Extraction.Present present)) {
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
            field("issuer, serial, fingerprint, validity", "(unknown: only a DN was given)");
        } else {
            field("issuer", identity.issuer() == null ? "(unreadable)" : identity.issuer().toString());
            field("serial", identity.serialNumber().toString(16).toUpperCase(Locale.ROOT));
            field("SHA-256", colons(identity.sha256Fingerprint()));
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

    /** The filter's {@code validated} step, printing each check it makes. */
    private Extraction validated(FilterSettings settings, Extraction extraction, Instant now) {
        Denylist denylist = settings.denylist();
        ChainValidator validator = settings.validator();
        if (!(extraction instanceof Extraction.Present present)) {
            if (extraction instanceof Extraction.Rejected rejected) {
                line("FAIL", "certificate: unreadable (reason " + rejected.reason().code() + ")");
            } else {
                line("skip", "certificate checks: no certificate");
            }
            return extraction;
        }
        if (denylist == null && validator == null) {
            line("skip", "denied-fingerprints, denied-serials: not configured");
            line("skip", "trusted-ca: not configured; the container's TLS handshake (or the proxy) is trusted"
                    + " to have verified the chain");
            return extraction;
        }
        X509Certificate certificate = present.identity().certificate();
        if (certificate == null) {
            String detail = (validator != null ? "trusted-ca" : "denied-fingerprints or denied-serials")
                    + " is set, so the proxy must pass the whole certificate, not only its DN";
            line("FAIL", "certificate needed: " + detail + " (reason certificate-not-passed)");
            return new Extraction.Rejected(ReasonCode.CERTIFICATE_NOT_PASSED, detail);
        }
        if (denylist == null) {
            line("skip", "denied-fingerprints, denied-serials: not configured");
        } else if (denylist.denies(present.identity())) {
            line("FAIL", "denylist: listed in denied-fingerprints or denied-serials (reason denylisted)");
            return new Extraction.Rejected(ReasonCode.DENYLISTED, "listed in denied-fingerprints or denied-serials");
        } else {
            line("pass", "denylist: not in denied-fingerprints or denied-serials");
        }
        if (validator == null) {
            line("skip", "trusted-ca: not configured; the container's TLS handshake (or the proxy) is trusted"
                    + " to have verified the chain");
            return extraction;
        }
        Refusal refusal = validator.check(certificate, present.intermediates(), now);
        if (refusal != null) {
            line("FAIL", "trusted-ca: " + refusal.detail() + " (reason " + refusal.reason().code() + ")");
            return new Extraction.Rejected(refusal.reason(), refusal.detail());
        }
        line("pass", "trusted-ca: chains to a trusted CA within max-chain-depth; dates, key usage, basic"
                + " constraints and the configured revocation checks pass");
        return extraction;
    }

    /** The checks {@code Policy} makes on the identity before any access test, one line each. */
    private void printIdentityChecks(Policy policy, ClientIdentity identity, Instant now) {
        if (identity.notBefore() == null || identity.notAfter() == null) {
            line("skip", "validity dates: unknown, only a DN was given");
        } else if (now.isBefore(identity.notBefore())) {
            line("FAIL", "validity dates: not valid before " + identity.notBefore() + " (reason not-yet-valid)");
        } else if (now.isAfter(identity.notAfter())) {
            line("FAIL", "validity dates: expired at " + identity.notAfter() + " (reason expired)");
        } else {
            line("pass", "validity dates: " + now + " is within " + identity.notBefore() + " to "
                    + identity.notAfter());
        }
        List<String> names = identity.commonNames();
        if (names.size() > 1) {
            line("FAIL", "CN: " + names.size() + " CNs " + names + "; exactly one is needed (reason multiple-cn)");
        } else if (names.isEmpty() || names.get(0).isEmpty()) {
            line("note", "CN: none; rules that read the CN (any, allowlist, cn:) deny it (reason no-cn), rules"
                    + " on other fields may still allow it");
        } else {
            // The same identity without dates, so that only the CN checks can answer.
            ClientIdentity undated = ClientIdentity.ofSubject(identity.subject());
            if (policy.identityProblem(undated, now) == null) {
                line("pass", "CN: exactly one, \"" + names.get(0) + "\", without control or invisible characters");
            } else {
                line("FAIL", "CN: \"" + escape(names.get(0)) + "\" holds control or invisible formatting characters"
                        + " (reason cn-control-characters)");
            }
        }
    }

    private void printAccessTests(Policy policy, List<Rule> rules, Extraction extraction, Instant now) {
        ClientIdentity identity = extraction instanceof Extraction.Present present ? present.identity() : null;
        Map<String, Rule> distinct = new LinkedHashMap<>();
        for (Rule rule : rules) {
            distinct.putIfAbsent(rule.describe(), rule);
        }
        boolean allOpen = Policy.allOpen(rules);
        for (Rule rule : distinct.values()) {
            Decision decision = allOpen ? null : policy.authorize(List.of(rule), identity, now);
            String verdict = decision == null || decision.allowed() ? "pass" : "FAIL";
            out.println(String.format(Locale.ROOT, "  %-5s %s: %s", verdict, rule.describe(),
                    accessTest(rule, decision, identity)));
        }
    }

    private static String accessTest(Rule rule, Decision decision, ClientIdentity identity) {
        Access access = rule.access();
        if (access instanceof Access.Open) {
            return "open, no certificate needed";
        }
        if (access instanceof Access.Deny deny) {
            return deny.reason() == ReasonCode.METHOD_NOT_COVERED
                    ? "the pattern has rules, but none for this method (reason method-not-covered)"
                    : "deny, nobody gets through (reason " + deny.reason().code() + ")";
        }
        ReasonCode reason = decision.reason();
        if (reason != ReasonCode.ALLOWED && reason != ReasonCode.CN_NOT_ALLOWED) {
            return access + ": " + (identity == null ? "no certificate" : "the identity is unusable for this rule")
                    + " (reason " + reason.code() + ")";
        }
        String outcome = " (reason " + reason.code() + ")";
        if (access instanceof Access.AnyCertificate) {
            return "any valid certificate" + outcome;
        }
        if (access instanceof Access.Allowlist) {
            return "allowlist: CN \"" + identity.commonName() + "\" is " + (decision.allowed() ? "" : "not ")
                    + "in allowed-cns" + outcome;
        }
        Access.Matching matching = (Access.Matching) access;
        List<String> tests = new ArrayList<>();
        for (IdentityMatcher matcher : matching.all()) {
            tests.add(matcher + " " + (matcher.matches(identity) ? "matches" : "does not match") + " "
                    + actual(matcher, identity));
        }
        return String.join("; ", tests) + outcome;
    }

    /** The identity's value a matcher compared, for the explanation. */
    private static String actual(IdentityMatcher matcher, ClientIdentity identity) {
        if (matcher instanceof IdentityMatcher.CommonNameIn) {
            return "CN " + quoted(identity.commonNames());
        }
        if (matcher instanceof IdentityMatcher.SubjectAttributeIn attribute) {
            return attribute.type() + " " + quoted(identity.subject().values(attribute.type()));
        }
        if (matcher instanceof IdentityMatcher.SubjectAltNameIn san) {
            return "SAN " + san.type() + " " + quoted(identity.subjectAltNames().stream()
                    .filter(name -> name.type() == san.type()).map(SubjectAltName::value).toList());
        }
        if (matcher instanceof IdentityMatcher.IssuerIs) {
            return "issuer " + (identity.issuer() == null ? "(unknown)" : "\"" + identity.issuer() + "\"");
        }
        if (matcher instanceof IdentityMatcher.FingerprintIn) {
            return "SHA-256 " + (identity.sha256Fingerprint() == null ? "(unknown)" : identity.sha256Fingerprint());
        }
        BigInteger serial = identity.serialNumber();
        return "serial " + (serial == null ? "(unknown)" : serial.toString(16));
    }

    private static String quoted(List<String> values) {
        return values.isEmpty() ? "(none)" : values.stream().map(value -> "\"" + escape(value) + "\"")
                .collect(Collectors.joining(", "));
    }

    /** Control and invisible characters as {@code \\uXXXX}, so the terminal shows what is there. */
    private static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                out.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private int decide(Decision decision, String detail) {
        out.println();
        if (decision.allowed()) {
            out.println("decision: allowed (reason " + decision.reason().code() + ") by " + decision.rule().describe());
            if (detail != null) {
                out.println("  " + detail);
            }
            return ALLOW;
        }
        out.println("decision: denied (reason " + decision.reason().code() + ") by " + decision.rule().describe());
        if (detail != null) {
            out.println("  detail: " + detail);
        }
        out.println("  the client gets 403 \"" + (decision.reason().certificateMissing() ? DenialResponse.REQUIRED
                : DenialResponse.NOT_ALLOWED) + "\"; the log line says reason=" + decision.reason().code());
        return DENY;
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
