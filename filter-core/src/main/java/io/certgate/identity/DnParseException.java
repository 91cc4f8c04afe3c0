package io.certgate.identity;

/**
 * A distinguished name that CertGate refuses to interpret. The message says what is wrong and where; it
 * never contains the whole input, which came from the network.
 */
public final class DnParseException extends Exception {
    private static final long serialVersionUID = 1L;

    public DnParseException(String message) {
        super(message);
    }
}
