package io.certgate.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.time.Duration;
import java.time.Instant;

import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;

import io.certgate.TestPki;
import io.certgate.identity.ClientIdentity;
import io.certgate.pki.HeldCertificate;

/** The gauge of certificates near expiry: what counts, and for how long. */
class ExpiryWarningsTest {
    private static final TestPki PKI = new TestPki();

    @Test
    void countsDistinctCertificatesWithinTheWindowSeenInTheLastDay() throws Exception {
        ClientIdentity alice = ClientIdentity.of(PKI.alice.certificate());
        ClientIdentity bob = ClientIdentity.of(PKI.bob.certificate());
        Instant notAfter = alice.notAfter();
        Instant threeDaysBefore = notAfter.minus(Duration.ofDays(3));
        ExpiryWarnings warnings = new ExpiryWarnings(14);

        assertEquals(0, warnings.expiringSoon(threeDaysBefore));
        warnings.check(alice, threeDaysBefore, mock(HttpServletResponse.class));
        warnings.check(alice, threeDaysBefore.plusSeconds(60), mock(HttpServletResponse.class));
        assertEquals(1, warnings.expiringSoon(threeDaysBefore.plusSeconds(60)), "alice, counted once");
        warnings.check(bob, bob.notAfter().minus(Duration.ofDays(3)), mock(HttpServletResponse.class));
        assertEquals(2, warnings.expiringSoon(threeDaysBefore.plusSeconds(120)));

        assertEquals(0, warnings.expiringSoon(threeDaysBefore.plus(Duration.ofHours(25))),
                "not seen for more than a day");
        assertEquals(0, warnings.expiringSoon(notAfter.plusSeconds(1)), "expired: no longer about to");
    }

    @Test
    void aCertificateFarFromExpiryOrAWindowOfZeroCountsNothing() throws Exception {
        HeldCertificate held = PKI.alice;
        ClientIdentity alice = ClientIdentity.of(held.certificate());
        Instant farAway = alice.notAfter().minus(Duration.ofDays(100));
        ExpiryWarnings warnings = new ExpiryWarnings(14);
        HttpServletResponse response = mock(HttpServletResponse.class);
        warnings.check(alice, farAway, response);
        verify(response, never()).setHeader(eq(ExpiryWarnings.HEADER), anyString());
        assertEquals(0, warnings.expiringSoon(farAway));

        ExpiryWarnings off = new ExpiryWarnings(0);
        Instant nearExpiry = alice.notAfter().minus(Duration.ofDays(1));
        off.check(alice, nearExpiry, mock(HttpServletResponse.class));
        assertEquals(0, off.expiringSoon(nearExpiry));
    }
}
