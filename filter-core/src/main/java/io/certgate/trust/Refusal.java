package io.certgate.trust;

import java.util.Objects;

import io.certgate.policy.ReasonCode;

/**
 * Why a certificate was refused: the reason code the denial log and metrics use, and a detail for the
 * operator (which CRL, which issuer), never shown to the client.
 *
 * @param reason the stable reason code
 * @param detail what exactly was wrong, for the log
 */
public record Refusal(ReasonCode reason, String detail) {
    public Refusal {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
