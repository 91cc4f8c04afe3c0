package io.certgate.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.certgate.config.ConfigException;
import io.certgate.servlet.ServletRequestReader;
import io.certgate.verdict.Denial;
import io.certgate.verdict.Identified;
import io.certgate.verdict.ReasonCode;
import io.certgate.verdict.Verdict;

/** Header sources built as {@code init} builds them, and assertions that say what came out instead. */
final class ExtractionAssertions {
    private ExtractionAssertions() {
    }

    /** The source for {@code proxy-format=format} behind the proxy at 127.0.0.2, plus extra init-params. */
    static HeaderSource source(String format, String... extraParameters) {
        Map<String, String> parameters = new java.util.HashMap<>();
        parameters.put(HeaderSourceConfig.TRUSTED_PROXIES, ProxyRequest.PROXY + "/32");
        parameters.put(HeaderSourceConfig.PROXY_FORMAT, format);
        for (int i = 0; i < extraParameters.length; i += 2) {
            parameters.put(extraParameters[i], extraParameters[i + 1]);
        }
        try {
            return HeaderSourceConfig.from(parameters);
        } catch (ConfigException e) {
            throw new AssertionError("test configuration refused: " + e.getMessage(), e);
        }
    }

    /** Extracts, turning any exception into a test failure that says extraction must never throw. */
    static Verdict extract(HeaderSource source, HttpServletRequest request) {
        try {
            return source.extract(request, ServletRequestReader.INSTANCE, source.trusts(request, ServletRequestReader.INSTANCE));
        } catch (RuntimeException e) {
            throw new AssertionError("extract must never throw, but threw " + e, e);
        }
    }

    static Identified assertPresent(Verdict extraction) {
        if (extraction instanceof Identified present) {
            assertEquals("header", present.source());
            return present;
        }
        return fail("expected a certificate identity, got " + extraction);
    }

    static Denial assertRejected(ReasonCode reason, Verdict extraction) {
        if (extraction instanceof Denial rejected) {
            assertEquals(reason, rejected.reason(), () -> "wrong reason; detail: " + rejected.detail());
            return rejected;
        }
        return fail("expected Rejected(" + reason.code() + "), got " + extraction);
    }

    static void assertAbsent(Verdict extraction) {
        assertSame(Verdict.ANONYMOUS, extraction, () -> "expected ABSENT, got " + extraction);
    }
}
