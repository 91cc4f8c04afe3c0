package io.certgate.decision;

import java.lang.System.Logger.Level;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import io.certgate.config.ConfigException;
import io.certgate.config.ReloadFailure;
import io.certgate.identity.IdentityMapper;
import io.certgate.identity.MappedIdentity;
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

    private static final System.Logger LOG = System.getLogger("io.certgate");
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
        return fromParameters(parameters, loader, clock, null);
    }

    /**
     * As {@link #fromParameters(Map, ClassLoader, Clock)}, with an {@link IdentityMapper} given in code.
     *
     * @param mapper names the clients and gives them roles, or null; the {@code identity-mapper} init-param must
     *     not be set too
     */
    public static Gate fromParameters(Map<String, String> parameters, ClassLoader loader, Clock clock,
            IdentityMapper mapper) throws ConfigException {
        return new Gate(GateSettings.parse(parameters, loader, mapper), Objects.requireNonNull(clock, "clock"));
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
            }
            Verdict named = usable(policy, checked, now)
                    ? named(policy, (Identified) checked, Policy.allowedBy(rules), observer) : Verdict.ANONYMOUS;
            if (observer != GateObserver.NONE) {
                if (named instanceof Denial unnamed) {
                    observer.check(GateObserver.Result.NOTE, "the path is open: the request goes on without an"
                            + " identity (reason " + unnamed.reason().code() + " on a guarded path)");
                }
                observer.allowed(Policy.allowReason(rules), Policy.allowedBy(rules).describe());
            }
            return named instanceof Identified ? named : Verdict.ANONYMOUS;
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
            Rule allowedBy = Policy.allowedBy(rules);
            Verdict named = identified == null ? checked : named(policy, identified, allowedBy, observer);
            if (observer != GateObserver.NONE && !(named instanceof Denial)) {
                observer.allowed(Policy.allowReason(rules), allowedBy.describe());
            }
            return named;
        }
        if (identified == null) {
            return denial;
        }
        if (!settings.reportOnly()) {
            return denial.of(identified, usable(policy, identified, now));
        }
        // Report-only lets the request through: hand the application the client only if it can be named.
        Verdict named = usable(policy, identified, now)
                ? named(policy, identified, Policy.firstGuarded(rules), GateObserver.NONE) : denial;
        return named instanceof Identified present ? denial.of(present, true) : denial.of(identified, false);
    }

    /**
     * The allowed client as the application will see it: named by the {@code identity-mapper}, or by the
     * field {@code principal} names; a denial when the mapper refuses or fails, or the field is missing. With
     * neither set, the client itself, so the usual request allocates nothing here.
     */
    private Verdict named(Policy policy, Identified identified, Rule rule, GateObserver observer) {
        IdentityMapper mapper = settings.mapper();
        PrincipalName principal = settings.principal();
        if (mapper != null) {
            return mapped(mapper, policy, identified, rule, observer);
        }
        if (principal.explicit() && principal.of(identified.identity()) == null) {
            return Narration.failed(observer, "principal: ", new Denial(ReasonCode.NO_PRINCIPAL_NAME,
                    rule.describe(), principal.setting() + " is set, and the certificate has no "
                            + principal.field().substring(principal.field().indexOf(' ') + 1), identified, false));
        }
        if (observer != GateObserver.NONE) {
            Narration.named(principal.of(identified.identity()), principal.setting(), observer);
            Narration.roles(policy.roles(), identified.identity(), observer);
        }
        return identified;
    }

    private static Verdict mapped(IdentityMapper mapper, Policy policy, Identified identified, Rule rule,
            GateObserver observer) {
        MappedIdentity mapping;
        try {
            mapping = mapper.map(identified.identity());
        } catch (Exception | LinkageError e) {
            LOG.log(Level.WARNING, "CertGate: identity-mapper " + mapper.getClass().getName() + " failed for "
                    + identified.identity().subject() + "; the request is denied (mapper-failed)", e);
            return Narration.failed(observer, "identity-mapper: ", new Denial(ReasonCode.MAPPER_FAILED,
                    rule.describe(), mapper.getClass().getName() + " threw " + e, identified, false));
        }
        if (mapping == null) {
            LOG.log(Level.WARNING, "CertGate: identity-mapper " + mapper.getClass().getName() + " returned null for "
                    + identified.identity().subject() + "; the request is denied (mapper-failed)");
            return Narration.failed(observer, "identity-mapper: ", new Denial(ReasonCode.MAPPER_FAILED,
                    rule.describe(), mapper.getClass().getName() + " returned null", identified, false));
        }
        if (mapping.isRefused()) {
            return Narration.failed(observer, "identity-mapper: ", new Denial(ReasonCode.MAPPER_REFUSED,
                    rule.describe(), mapping.refusal(), identified, false));
        }
        if (observer != GateObserver.NONE) {
            Narration.named(mapping.name(), "identity-mapper " + mapper.getClass().getName(), observer);
            Narration.roles(policy.roles(), identified.identity(), observer);
            if (!mapping.roles().isEmpty()) {
                observer.check(GateObserver.Result.NOTE, "roles from the identity-mapper: "
                        + String.join(", ", new TreeSet<>(mapping.roles())));
            }
        }
        return identified.mappedAs(mapping);
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

    /**
     * The name the application sees for a client this gate let through ({@code getRemoteUser()}, the
     * principal's name): the {@code identity-mapper}'s, or the field {@code principal} names. Allocates nothing
     * (except for {@code principal=subject}).
     *
     * @param client as {@link #decide} returned it
     * @throws IllegalStateException for a client {@link #decide} would not have let through unnamed
     */
    public String name(Identified client) {
        if (client.mapped() != null) {
            return client.mapped().name();
        }
        if (settings.mapper() != null) {
            throw new IllegalStateException("CertGate: the identity-mapper has not named this client");
        }
        String name = settings.principal().of(client.identity());
        if (name == null) {
            throw new IllegalStateException("CertGate: the certificate has no " + settings.principal().field());
        }
        return name;
    }

    /**
     * Whether the client holds {@code role}: under the {@code roles} in force now, or by the
     * {@code identity-mapper}. Allocates nothing, since an application may ask on every request.
     */
    public boolean hasRole(Identified client, String role) {
        return (client.mapped() != null && role != null && client.mapped().roles().contains(role))
                || settings.policyAt(clock.now()).roles().has(client.identity(), role);
    }

    /**
     * Every role the client holds, under the {@code roles} in force now and by the {@code identity-mapper}, for
     * a container that takes the roles as groups (Jakarta Authentication's {@code GroupPrincipalCallback},
     * Spring's authorities).
     */
    public Set<String> roles(Identified client) {
        Set<String> configured = settings.policyAt(clock.now()).roles().of(client.identity());
        if (client.mapped() == null || client.mapped().roles().isEmpty()) {
            return configured;
        }
        Set<String> all = new HashSet<>(configured);
        all.addAll(client.mapped().roles());
        return Set.copyOf(all);
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
