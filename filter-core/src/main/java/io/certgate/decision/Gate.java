package io.certgate.decision;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.certgate.config.ConfigException;
import io.certgate.config.ReloadFailure;
import io.certgate.identity.ClientIdentity;
import io.certgate.policy.Policy;
import io.certgate.policy.RequestPaths;
import io.certgate.policy.Rule;
import io.certgate.policy.UnreachableRule;
import io.certgate.request.RequestReader;
import io.certgate.source.CertificateSource;
import io.certgate.source.HeaderSource;
import io.certgate.trust.ChainValidator;
import io.certgate.trust.Denylist;
import io.certgate.verdict.Denial;
import io.certgate.verdict.Identified;
import io.certgate.verdict.ReasonCode;
import io.certgate.verdict.Verdict;

/**
 * CertGate's one decision: from a request to "allowed, as this client", "allowed, anonymously" or a
 * {@link Denial}. The servlet filter, the explain command and every container integration call this, and
 * none repeats a step of it.
 *
 * <pre>{@code
 * Gate gate = Gate.fromParameters(Map.of("allowed-cns", "alice", "rules", "/admin/* cn:alice"), loader);
 * boolean trusted = gate.peerIsTrustedProxy(request, reader);
 * Verdict verdict = gate.decide(request, reader, trusted);
 * if (verdict instanceof Denial denial) { ... 403 ... }
 * }</pre>
 *
 * <p>The steps, in order: read the request path (every reading a downstream framework might make; an
 * unreadable one is denied); find the rules; read the certificate from the first source that has one;
 * check it against the denylist and {@code trusted-ca}; let the rules judge the identity. Open paths still
 * read the certificate, so that the application sees who the client is. Configured with exactly the filter's
 * init-params; a bad configuration is a {@link ConfigException} naming the parameter and the fix.
 *
 * <p>An allowed request that was seen before allocates nothing here: the identities are cached by the sources,
 * the rules for a path are lists made when the rules were read, and text for an observer is only built when
 * one is given.
 */
public final class Gate {
    /** The init-param naming a policy file, reloaded on change. */
    public static final String CONFIG_FILE = GateSettings.CONFIG_FILE;

    private static final Denial UNREADABLE_PATH = new Denial(ReasonCode.BAD_PATH, "unreadable path");

    private final GateSettings settings;
    private final RequestClock clock;

    private Gate(GateSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = new RequestClock(clock);
    }

    /**
     * A gate configured by the filter's init-params, deciding by the system clock.
     *
     * @param parameters init-param name to value, e.g. {@code allowed-cns}, {@code rules}, {@code config-file}
     * @param loader where {@code classpath:} locations are looked up
     * @throws ConfigException naming the parameter at fault and the fix
     */
    public static Gate fromParameters(Map<String, String> parameters, ClassLoader loader) throws ConfigException {
        return fromParameters(parameters, loader, Clock.systemUTC());
    }

    /** As {@link #fromParameters(Map, ClassLoader)}, judging validity dates by {@code clock}. */
    public static Gate fromParameters(Map<String, String> parameters, ClassLoader loader, Clock clock)
            throws ConfigException {
        return new Gate(GateSettings.parse(parameters, loader), Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Whether the request's peer is a trusted proxy, whose certificate headers count. Asked once per request,
     * by the caller, since it also decides whether those headers are hidden from the application.
     */
    public <R> boolean peerIsTrustedProxy(R request, RequestReader<R> reader) {
        HeaderSource headers = settings.headerSource();
        return headers != null && headers.trusts(request, reader);
    }

    /**
     * Where certificates come from, in order of preference, each as {@code name: what it believes} (the
     * {@code sources}, and for {@code header} its {@code proxy-format}, headers, {@code trusted-proxies} and
     * {@code trusted-proxy-certs}), as the explain command prints them.
     */
    public List<String> describeSources() {
        return settings.sources().stream().map(source -> source.name() + ": " + source.describe()).toList();
    }

    /** The certificate headers the header source reads (to hide from untrusted peers); empty without one. */
    public Set<String> proxyHeaderNames() {
        HeaderSource headers = settings.headerSource();
        return headers == null ? Set.of() : headers.headerNames();
    }

    /**
     * Decides a request.
     *
     * @param peerIsTrustedProxy as {@link #peerIsTrustedProxy} answered for this request
     * @return the client's {@link Identified} identity when the request may go on with it; {@link
     *     Verdict#ANONYMOUS} when it may go on without one (an open path, and no usable certificate); or the
     *     {@link Denial}
     */
    public <R> Verdict decide(R request, RequestReader<R> reader, boolean peerIsTrustedProxy) {
        return decide(request, reader, null, peerIsTrustedProxy, GateObserver.NONE);
    }

    /**
     * The time the latest decision was made at, to the millisecond, without reading the clock again: for what
     * a caller does beside a decision it has just made (expiry warnings). A decision on another thread since
     * then may have moved it on by a few milliseconds.
     */
    public Instant decidedAt() {
        return clock.latest();
    }

    /**
     * Decides a request whose certificate was read elsewhere (the explain command reads it from a file),
     * reporting every step to {@code observer}. Everything after reading the certificate is what
     * {@link #decide(Object, RequestReader, boolean)} does.
     *
     * @param presented what the client presented, as a source would have read it
     */
    public <R> Verdict decide(R request, RequestReader<R> reader, Verdict presented, GateObserver observer) {
        return decide(request, reader, Objects.requireNonNull(presented, "presented"), false, observer);
    }

    private <R> Verdict decide(R request, RequestReader<R> reader, Verdict given, boolean peerIsTrustedProxy,
            GateObserver observer) {
        Instant now = clock.now();
        Policy policy = settings.policyAt(now);
        List<Rule> rules = rulesFor(policy, request, reader, observer);
        if (rules == null) {
            observer.unreadablePath();
            return UNREADABLE_PATH;
        }
        Verdict presented = given != null ? given : extract(request, reader, peerIsTrustedProxy);
        Verdict checked = validated(presented, now, observer);
        if (observer != GateObserver.NONE) {
            Narration.identityChecks(policy, checked, now, observer);
        }
        if (Policy.allOpen(rules)) {
            if (observer != GateObserver.NONE) {
                Narration.accessTests(policy, rules, checked, now, observer);
                observer.allowed(Policy.allowReason(rules), Policy.allowedBy(rules).describe());
            }
            return usable(policy, checked, now) ? checked : Verdict.ANONYMOUS;
        }
        if (checked instanceof Denial refused) {
            observer.check(GateObserver.Result.SKIP, "access tests: not made, the certificate was refused first");
            return refused.underRule(Policy.firstGuarded(rules).describe());
        }
        if (observer != GateObserver.NONE) {
            Narration.accessTests(policy, rules, checked, now, observer);
        }
        Identified identified = checked instanceof Identified present ? present : null;
        Denial denial = policy.denial(rules, identified == null ? null : identified.identity(), now);
        if (denial == null) {
            if (observer != GateObserver.NONE) {
                observer.allowed(Policy.allowReason(rules), Policy.allowedBy(rules).describe());
            }
            return checked;
        }
        return identified == null ? denial : denial.of(identified, usable(policy, identified, now));
    }

    /** The rules for the request's path, or null when the path cannot be read safely. */
    private static <R> List<Rule> rulesFor(Policy policy, R request, RequestReader<R> reader,
            GateObserver observer) {
        String rawUri = reader.requestUri(request);
        if (rawUri == null) {
            return null;
        }
        String method = reader.method(request);
        String path = RequestPaths.joined(reader.servletPath(request), reader.pathInfo(request));
        if (observer == GateObserver.NONE && RequestPaths.isOnlyReading(path, reader.deployedContextPath(request),
                rawUri)) {
            return policy.rulesFor(path, method);
        }
        RequestPaths readings = RequestPaths.of(path, reader.contextPath(request), rawUri);
        if (readings == null) {
            return null;
        }
        if (observer != GateObserver.NONE) {
            Narration.pathReadings(policy, readings.paths(), method, observer);
        }
        return policy.rulesFor(readings.paths(), method);
    }

    private <R> Verdict extract(R request, RequestReader<R> reader, boolean peerIsTrustedProxy) {
        for (CertificateSource source : settings.sources()) {
            Verdict found = source.extract(request, reader, peerIsTrustedProxy);
            if (found != Verdict.ANONYMOUS) {
                return found;
            }
        }
        return Verdict.ANONYMOUS;
    }

    /**
     * A denylisted certificate, or with {@code trusted-ca} one that does not validate or is revoked, becomes a
     * denial that names it.
     */
    private Verdict validated(Verdict presented, Instant now, GateObserver observer) {
        if (!(presented instanceof Identified identified)) {
            if (observer != GateObserver.NONE) {
                Narration.nothingToValidate(presented, observer);
            }
            return presented;
        }
        Denylist denylist = settings.denylist();
        ChainValidator validator = settings.validator();
        if (denylist == null && validator == null) {
            observer.check(GateObserver.Result.SKIP, "denied-fingerprints, denied-serials: not configured");
            observer.check(GateObserver.Result.SKIP, Narration.NO_TRUSTED_CA);
            return presented;
        }
        X509Certificate certificate = identified.identity().certificate();
        if (certificate == null) {
            String detail = (validator != null ? "trusted-ca" : "denied-fingerprints or denied-serials")
                    + " is set, so the proxy must pass the whole certificate, not only its DN";
            return Narration.failed(observer, "certificate needed: ",
                    new Denial(ReasonCode.CERTIFICATE_NOT_PASSED, null, detail, identified, false));
        }
        if (denylist == null) {
            observer.check(GateObserver.Result.SKIP, "denied-fingerprints, denied-serials: not configured");
        } else if (denylist.denies(identified.identity())) {
            return Narration.failed(observer, "denylist: ", new Denial(ReasonCode.DENYLISTED, null,
                    "listed in denied-fingerprints or denied-serials", identified, false));
        } else {
            observer.check(GateObserver.Result.PASS, "denylist: not in denied-fingerprints or denied-serials");
        }
        if (validator == null) {
            observer.check(GateObserver.Result.SKIP, Narration.NO_TRUSTED_CA);
            return presented;
        }
        Denial refusal = validator.check(certificate, identified.intermediates(), now);
        if (refusal != null) {
            return Narration.failed(observer, "trusted-ca: ", refusal.of(identified, false));
        }
        observer.check(GateObserver.Result.PASS, "trusted-ca: chains to a trusted CA within max-chain-depth;"
                + " dates, key usage, basic constraints and the configured revocation checks pass");
        return presented;
    }

    /** Whether an identity may be handed to the application: readable, trusted, within its dates. */
    private static boolean usable(Policy policy, Verdict checked, Instant now) {
        return checked instanceof Identified identified
                && policy.identityProblem(identified.identity(), now) == null;
    }

    /** The init-param names a gate accepts; any other name is a configuration error. */
    public static Set<String> parameterNames() {
        return GateSettings.PARAMETERS;
    }

    /** The time this gate decides at now, to the millisecond; for expiry warnings beside a decision. */
    public Instant now() {
        return clock.now();
    }

    /** Whether {@code identity} holds {@code role} under the {@code roles} in force now. */
    public boolean hasRole(ClientIdentity identity, String role) {
        return settings.policyAt(clock.now()).roles().has(identity.displayName(), role);
    }

    /**
     * Every role {@code identity} holds under the {@code roles} in force now, for a container that takes the
     * roles as groups (Jakarta Authentication's {@code GroupPrincipalCallback}, Spring's authorities).
     */
    public Set<String> roles(ClientIdentity identity) {
        return settings.policyAt(clock.now()).roles().of(identity.displayName());
    }

    /**
     * The files CertGate reloads on change ({@code config-file}, {@code trusted-ca}, {@code crl}) that changed
     * but could not be used, so that CertGate still decides with what it loaded before; empty when every one
     * in force is the file on disk. Looks at the files first, as the next request would (at most once a second
     * each), so a broken edit shows here without waiting for traffic. For a health check.
     */
    public List<ReloadFailure> reloadFailures() {
        Instant now = clock.now();
        List<ReloadFailure> failures = new ArrayList<>(3);
        if (settings.configFile() != null) {
            settings.configFile().current(now);
            if (settings.configFile().failure() != null) {
                failures.add(settings.configFile().failure());
            }
        }
        if (settings.validator() != null) {
            failures.addAll(settings.validator().reloadFailures(now));
        }
        return List.copyOf(failures);
    }

    /** Whether denials are only logged ({@code mode=report-only}), so the caller lets them through. */
    public boolean reportOnly() {
        return settings.reportOnly();
    }

    /** The context-relative page HTML clients are forwarded to when denied ({@code denied-page}), or null. */
    public String deniedPage() {
        return settings.deniedPage();
    }

    /** How many days before expiry a certificate is warned about ({@code expiry-warning-days}); 0 for never. */
    public int expiryWarningDays() {
        return settings.expiryWarningDays();
    }

    /** Whether {@code allowed-cns} is empty, so paths under {@code allowlist} rules deny everyone. */
    public boolean allowlistEmpty() {
        return settings.policyAt(clock.now()).allowlistEmpty();
    }

    /**
     * Reports the rules in force and those that can never match, as {@code explain --check} prints them.
     *
     * @return whether every rule decides some request
     */
    public boolean checkConfiguration(GateObserver observer) {
        Policy policy = settings.policyAt(clock.now());
        for (Rule rule : policy.rules()) {
            observer.rule(rule.describe());
        }
        List<UnreachableRule> unreachable = policy.unreachableRules();
        for (UnreachableRule hidden : unreachable) {
            observer.unreachableRule(hidden.rule().describe(), hidden.shadowedBy().describe(), hidden.why());
        }
        return unreachable.isEmpty();
    }
}
