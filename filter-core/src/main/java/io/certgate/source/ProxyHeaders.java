package io.certgate.source;

import java.util.Enumeration;

import io.certgate.request.RequestReader;

/**
 * Reads one certificate header, refusing what a proxy that overwrites its headers never sends: the same
 * header twice, or a value longer than {@value #MAX_VALUE_LENGTH} characters.
 */
final class ProxyHeaders {
    /** Longest header value accepted; a PEM certificate with a long chain stays well below. */
    static final int MAX_VALUE_LENGTH = 16 * 1024;

    private ProxyHeaders() {
    }

    /** The single value of header {@code name}, or null when absent. */
    static <R> String single(R request, RequestReader<R> reader, String name) throws MalformedHeaderException {
        Enumeration<String> values = reader.headers(request, name);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String value = values.nextElement();
        if (values.hasMoreElements()) {
            throw new MalformedHeaderException(name + " sent more than once");
        }
        if (value == null) {
            return null;
        }
        return bounded(name, value);
    }

    /**
     * All field lines of a list-valued header joined with {@code ", "}, as RFC 9110 section 5.3 combines
     * them, or null when absent; the joined value is bounded like a single one.
     */
    static <R> String combined(R request, RequestReader<R> reader, String name) throws MalformedHeaderException {
        Enumeration<String> values = reader.headers(request, name);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String first = values.nextElement();
        if (first != null && !values.hasMoreElements()) {
            // The usual single field line needs no joining, and so no copy on every request.
            return bounded(name, first);
        }
        StringBuilder joined = new StringBuilder().append(first);
        bounded(name, joined);
        while (values.hasMoreElements()) {
            String value = values.nextElement();
            if (joined.length() > 0) {
                joined.append(", ");
            }
            bounded(name, joined.append(value));
        }
        return joined.toString();
    }

    private static <T extends CharSequence> T bounded(String name, T value) throws MalformedHeaderException {
        if (value.length() > MAX_VALUE_LENGTH) {
            throw new MalformedHeaderException(name + " is longer than " + MAX_VALUE_LENGTH + " characters");
        }
        return value;
    }
}
