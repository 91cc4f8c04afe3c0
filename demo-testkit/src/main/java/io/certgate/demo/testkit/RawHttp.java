package io.certgate.demo.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Sends a request exactly as written, byte for byte, over a plain {@link Socket} or an {@link SSLSocket},
 * and returns every byte the server answers until it closes the connection.
 *
 * <p>Every HTTP client normalizes what it sends ({@code java.net.URI} refuses {@code %zz}, resolves
 * {@code ..}, drops {@code #}; {@code HttpClient} refuses a second {@code Host}), which is exactly what a
 * bypass test must not do. The request text is Latin-1 so that any byte (a raw NUL, a bare CR, 0xA0) can
 * be written as a {@code char}.
 */
public final class RawHttp {
    /** How long to wait for more bytes before deciding the server has said all it will. */
    private static final int READ_TIMEOUT_MILLIS = 3000;
    private static final int MAX_RESPONSE_BYTES = 1 << 20;

    private RawHttp() {
    }

    /**
     * What came back: the raw bytes as Latin-1 text, and the status of the first response (-1 when the
     * server closed the connection without one).
     */
    public record Response(int status, String text) implements Answer {
        /** Whether the server sent anything containing {@code marker}, in any of its responses. */
        @Override
        public boolean contains(String marker) {
            return text.contains(marker);
        }

        @Override
        public String toString() {
            String shown = text.length() > 600 ? text.substring(0, 600) + "..." : text;
            return "status " + status + ":\n" + shown;
        }
    }

    /** Over plain TCP from 127.0.0.1. */
    public static Response plain(int port, String request) throws IOException {
        return plain("127.0.0.1", port, request);
    }

    /** Over plain TCP, the client socket bound to {@code localAddress} (any 127.0.0.0/8 address on Linux). */
    public static Response plain(String localAddress, int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 10_000);
            return exchange(socket, request);
        }
    }

    /** Over TLS to 127.0.0.1 (SNI {@code localhost}), with whatever client certificate {@code context} holds. */
    public static Response tls(SSLContext context, int port, String request) throws IOException {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 10_000);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", port, true)) {
                socket.startHandshake();
                return exchange(socket, request);
            }
        }
    }

    private static Response exchange(Socket socket, String request) throws IOException {
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0 && received.size() < MAX_RESPONSE_BYTES; ) {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // The server keeps the connection open; everything it meant to send has arrived by now.
        } catch (IOException e) {
            // A reset after a refusal: keep what arrived before it.
        }
        String text = received.toString(StandardCharsets.ISO_8859_1);
        return new Response(status(text), text);
    }

    private static int status(String text) {
        if (!text.startsWith("HTTP/1.") || text.length() < 12) {
            return -1;
        }
        try {
            return Integer.parseInt(text.substring(9, 12));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
