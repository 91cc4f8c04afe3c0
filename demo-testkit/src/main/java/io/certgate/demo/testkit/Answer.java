package io.certgate.demo.testkit;

/** What a bypass test looks at in a response, whether it came over HTTP/1.1 ({@link RawHttp}) or HTTP/2 ({@link RawHttp2}). */
public interface Answer {
    /** The status of the (first final) response, -1 when none came. */
    int status();

    /** Whether {@code marker} is anywhere in what the server sent for the request. */
    boolean contains(String marker);
}
