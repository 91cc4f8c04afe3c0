package io.certgate.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What a denied client is told: to present a certificate only when it presented none. */
class ReasonCodeTest {
    @ParameterizedTest(name = "{0}")
    @EnumSource(ReasonCode.class)
    void onlyAMissingCertificateAsksTheClientForOne(ReasonCode reason) {
        boolean missing = reason == ReasonCode.NO_CERTIFICATE;
        assertEquals(missing, reason.certificateMissing());
        assertEquals(missing ? "client certificate required" : "client certificate not allowed",
                reason.clientMessage());
    }
}
