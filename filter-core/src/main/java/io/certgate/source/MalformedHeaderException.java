package io.certgate.source;

/**
 * A certificate header that CertGate refuses to interpret. The message is for the log; it never carries
 * more than a short excerpt of the header, which came from the network.
 */
public final class MalformedHeaderException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedHeaderException(String message) {
        super(message);
    }
}
