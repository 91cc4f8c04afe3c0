package io.certgate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Sends a request byte for byte, so that tricky request targets reach the server exactly as written
 * (HTTP clients normalize them), and reads the whole response.
 */
final class RawHttps {
    private RawHttps() {
    }

    record Response(int status, String text) {
        String body() {
            int end = text.indexOf("\r\n\r\n");
            return end < 0 ? "" : text.substring(end + 4);
        }
    }

    static Response send(SSLContext context, int port, String method, String target) throws IOException {
        String request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nConnection: close\r\n\r\n";
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            return exchange(socket, request.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    static Response sendPlain(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            return exchange(socket, request.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private static Response exchange(Socket socket, byte[] request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        in.transferTo(response);
        String text = response.toString(StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.1 ")) {
            return new Response(-1, text);
        }
        return new Response(Integer.parseInt(text.substring(9, 12)), text);
    }
}
