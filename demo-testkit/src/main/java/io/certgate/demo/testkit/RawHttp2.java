package io.certgate.demo.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.hpack.HpackDecoder;
import org.eclipse.jetty.http2.hpack.HpackException;

/**
 * One HTTP/2 request written frame by frame, its header block exactly as given: the HTTP/2 counterpart of
 * {@link RawHttp}. Over TLS it offers only {@code h2} by ALPN and fails unless the server picks it; over
 * plain TCP it opens with the connection preface ({@code h2c} with prior knowledge).
 *
 * <pre>{@code
 * RawHttp2.Response response = RawHttp2.tls(context, port, List.of(
 *         new RawHttp2.Header(":method", "GET"), new RawHttp2.Header(":scheme", "https"),
 *         new RawHttp2.Header(":authority", "localhost"), new RawHttp2.Header(":path", "/admin/ x#")), "");
 * }</pre>
 *
 * <p>HTTP clients check what an HTTP/2 header block may hold ({@code java.net.http} will not send a
 * {@code :path} with a space; Jetty's client parses it as a URI and drops {@code #}), and HTTP/1.1 parsers
 * refuse much of what a {@code :path} can carry, since HTTP/2 frames it by length, not by spaces and CRLF. So
 * each header is sent as an HPACK literal without indexing and without Huffman coding: name and value go on
 * the wire byte for byte, one Latin-1 {@code char} per byte, in the order given, pseudo-headers or not,
 * duplicates and upper case included. The response is decoded with Jetty's HPACK decoder.
 */
public final class RawHttp2 {
    /** The client connection preface (RFC 9113 3.4). */
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final int DATA = 0x0;
    private static final int HEADERS = 0x1;
    private static final int RST_STREAM = 0x3;
    private static final int SETTINGS = 0x4;
    private static final int PUSH_PROMISE = 0x5;
    private static final int PING = 0x6;
    private static final int GOAWAY = 0x7;
    private static final int WINDOW_UPDATE = 0x8;
    private static final int CONTINUATION = 0x9;
    private static final int END_STREAM = 0x1;
    private static final int ACK = 0x1;
    private static final int END_HEADERS = 0x4;
    private static final int PADDED = 0x8;
    private static final int PRIORITY = 0x20;
    /** The default SETTINGS_MAX_FRAME_SIZE, which the client never raises. */
    private static final int MAX_FRAME = 16_384;
    /** Window offered to the server, so that no response waits on flow control. */
    private static final int WINDOW = 1 << 24;
    private static final int READ_TIMEOUT_MILLIS = 3000;
    private static final int MAX_RESPONSE_BYTES = 1 << 20;
    private static final String[] ERRORS = {"NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR",
        "SETTINGS_TIMEOUT", "STREAM_CLOSED", "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR",
        "CONNECT_ERROR", "ENHANCE_YOUR_CALM", "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED"};

    private RawHttp2() {
    }

    /**
     * One header field, pseudo-header ({@code :path}) or not, sent exactly as given.
     *
     * @param name the name; HTTP/2 wants lower case, which is the caller's choice here
     * @param value the value, one Latin-1 char per byte
     */
    public record Header(String name, String value) {
        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return name + ": " + value;
        }
    }

    /**
     * What came back on the request's stream: the status of the final response (-1 if none came), and as text its header
     * fields, its DATA (Latin-1) and what ended it early: {@code RST_STREAM} or {@code GOAWAY} with their
     * error codes, or nothing but a closed connection.
     */
    public record Response(int status, String text) implements Answer {
        @Override
        public boolean contains(String marker) {
            return text.contains(marker);
        }

        @Override
        public String toString() {
            String shown = text.length() > 600 ? text.substring(0, 600) + "..." : text;
            return "status " + status + " (HTTP/2):\n" + shown;
        }
    }

    /** Over TLS to 127.0.0.1 (SNI {@code localhost}, ALPN {@code h2}), with the certificate {@code context} holds. */
    public static Response tls(SSLContext context, int port, List<Header> headers, String body) throws IOException {
        try (Connection connection = Connection.tls(context, port)) {
            return connection.send(headers, body);
        }
    }

    /** {@code h2c} with prior knowledge over plain TCP, the client socket bound to {@code localAddress}. */
    public static Response plain(String localAddress, int port, List<Header> headers, String body)
            throws IOException {
        try (Connection connection = Connection.plain(localAddress, port)) {
            return connection.send(headers, body);
        }
    }

    /**
     * One HTTP/2 connection for many requests, one stream at a time, for tests that send hundreds: a TLS
     * handshake costs more than a request. Once the server has sent {@code GOAWAY} or closed the connection
     * (many malformed requests are connection errors), {@link #isOpen()} is false and a new one is needed.
     */
    public static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final DataInputStream in;
        /** The server's dynamic table lives as long as the connection. */
        private final HpackDecoder decoder = new HpackDecoder(1 << 16, System::nanoTime);
        private int nextStream = 1;
        private boolean open = true;

        private Connection(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            this.out = socket.getOutputStream();
            this.in = new DataInputStream(socket.getInputStream());
            decoder.setMaxTableCapacity(4096);
            ByteArrayOutputStream opening = new ByteArrayOutputStream();
            opening.write(PREFACE);
            // SETTINGS_ENABLE_PUSH 0, SETTINGS_INITIAL_WINDOW_SIZE; then the connection window to match.
            frame(opening, SETTINGS, 0, 0, ByteBuffer.allocate(12).putShort((short) 0x2).putInt(0)
                    .putShort((short) 0x4).putInt(WINDOW).array());
            frame(opening, WINDOW_UPDATE, 0, 0, ByteBuffer.allocate(4).putInt(WINDOW - 65_535).array());
            out.write(opening.toByteArray());
        }

        /** Over TLS to 127.0.0.1 (SNI {@code localhost}), offering only {@code h2} by ALPN. */
        public static Connection tls(SSLContext context, int port) throws IOException {
            Socket plain = new Socket();
            try {
                plain.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 10_000);
                SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", port, true);
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setApplicationProtocols(new String[] {"h2"});
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                if (!"h2".equals(socket.getApplicationProtocol())) {
                    throw new IOException("the server did not pick h2 by ALPN (it picked \""
                            + socket.getApplicationProtocol() + "\"); is HTTP/2 on?");
                }
                return new Connection(socket);
            } catch (IOException | RuntimeException e) {
                plain.close();
                throw e;
            }
        }

        /** {@code h2c} with prior knowledge, the client socket bound to {@code localAddress}. */
        public static Connection plain(String localAddress, int port) throws IOException {
            Socket socket = new Socket();
            try {
                socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
                socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 10_000);
                return new Connection(socket);
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }

        /** Whether another request may go on this connection. */
        public boolean isOpen() {
            return open;
        }

        /** Sends one request on a new stream and reads until its response ends, or the stream or connection does. */
        public Response send(List<Header> headers, String body) throws IOException {
            if (!open) {
                throw new IOException("the connection is closed; open another");
            }
            int stream = nextStream;
            nextStream += 2;
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            byte[] block = headerBlock(headers);
            byte[] content = body.getBytes(StandardCharsets.ISO_8859_1);
            int endStream = content.length == 0 ? END_STREAM : 0;
            int first = Math.min(block.length, MAX_FRAME);
            frame(request, HEADERS, endStream | (first == block.length ? END_HEADERS : 0), stream,
                    slice(block, 0, first));
            for (int at = first; at < block.length; at += MAX_FRAME) {
                int end = Math.min(block.length, at + MAX_FRAME);
                frame(request, CONTINUATION, end == block.length ? END_HEADERS : 0, stream, slice(block, at, end));
            }
            if (content.length > 0) {
                frame(request, DATA, END_STREAM, stream, content);
            }
            try {
                out.write(request.toByteArray());
                out.flush();
            } catch (IOException e) {
                open = false;
                return new Response(-1, "[connection reset while sending: " + e.getMessage() + "]\n");
            }
            return read(stream);
        }

        private Response read(int ours) throws IOException {
            StringBuilder text = new StringBuilder();
            ByteArrayOutputStream block = new ByteArrayOutputStream();
            int status = -1;
            int received = 0;
            try {
                while (received < MAX_RESPONSE_BYTES) {
                    int length = in.readUnsignedShort() << 8 | in.readUnsignedByte();
                    int type = in.readUnsignedByte();
                    int flags = in.readUnsignedByte();
                    int stream = in.readInt() & 0x7fffffff;
                    byte[] payload = new byte[length];
                    in.readFully(payload);
                    received += 9 + length;
                    if (type == DATA && length > 0) {
                        // Gives back to the connection window what this frame took, whoever's it was.
                        frame(out, WINDOW_UPDATE, 0, 0, ByteBuffer.allocate(4).putInt(length).array());
                    }
                    if (type == SETTINGS && (flags & ACK) == 0) {
                        frame(out, SETTINGS, ACK, 0, new byte[0]);
                    } else if (type == PING && (flags & ACK) == 0) {
                        frame(out, PING, ACK, 0, payload);
                    } else if (type == GOAWAY) {
                        open = false;
                        ByteBuffer goaway = ByteBuffer.wrap(payload);
                        int last = goaway.getInt() & 0x7fffffff;
                        text.append("[GOAWAY ").append(error(goaway.getInt())).append(' ')
                                .append(new String(payload, 8, payload.length - 8, StandardCharsets.ISO_8859_1))
                                .append("]\n");
                        if (last < ours) {
                            break;
                        }
                    } else if (stream == ours && type == RST_STREAM) {
                        text.append("[RST_STREAM ").append(error(ByteBuffer.wrap(payload).getInt())).append("]\n");
                        break;
                    } else if (stream == ours && (type == HEADERS || type == CONTINUATION)) {
                        block.write(type == HEADERS ? headersFragment(flags, payload) : payload);
                        if ((flags & END_HEADERS) != 0) {
                            int decoded = decode(decoder, block.toByteArray(), text);
                            status = status == -1 || status < 200 ? decoded : status;
                            block.reset();
                        }
                        if (type == HEADERS && (flags & END_STREAM) != 0) {
                            break;
                        }
                    } else if (stream == ours && type == DATA) {
                        text.append(new String(unpadded(flags, payload, 0), StandardCharsets.ISO_8859_1));
                        if ((flags & END_STREAM) != 0) {
                            break;
                        }
                    } else if (type == PUSH_PROMISE) {
                        text.append("[PUSH_PROMISE, though SETTINGS_ENABLE_PUSH is 0]\n");
                    }
                }
            } catch (EOFException e) {
                open = false;
                text.append("[connection closed]\n");
            } catch (SocketTimeoutException e) {
                open = false;
                text.append("[no more frames for ").append(READ_TIMEOUT_MILLIS).append(" ms]\n");
            } catch (IOException e) {
                open = false;
                text.append("[connection reset: ").append(e.getMessage()).append("]\n");
            }
            return new Response(status, text.toString());
        }

        @Override
        public void close() throws IOException {
            open = false;
            socket.close();
        }
    }

    /** Decodes one header block into {@code text}; returns its {@code :status}, or -1. */
    private static int decode(HpackDecoder decoder, byte[] block, StringBuilder text) {
        try {
            MetaData metaData = decoder.decode(ByteBuffer.wrap(block));
            int status = metaData instanceof MetaData.Response response ? response.getStatus() : -1;
            text.append(status == -1 ? "[trailers]\n" : ":status: " + status + "\n");
            for (HttpField field : metaData) {
                text.append(field.getName()).append(": ").append(field.getValue()).append('\n');
            }
            text.append('\n');
            return status;
        } catch (HpackException e) {
            text.append("[undecodable header block: ").append(e.getMessage()).append("]\n");
            return -1;
        }
    }

    /** A HEADERS payload without its padding and priority fields. */
    private static byte[] headersFragment(int flags, byte[] payload) {
        return unpadded(flags, payload, (flags & PRIORITY) != 0 ? 5 : 0);
    }

    private static byte[] unpadded(int flags, byte[] payload, int skip) {
        if ((flags & PADDED) == 0) {
            return slice(payload, skip, payload.length);
        }
        int padding = payload[0] & 0xff;
        return slice(payload, 1 + skip, payload.length - padding);
    }

    /** Each field as "literal header field without indexing, new name", no Huffman (RFC 7541 6.2.2). */
    private static byte[] headerBlock(List<Header> headers) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        for (Header header : headers) {
            block.write(0x00);
            string(block, header.name());
            string(block, header.value());
        }
        return block.toByteArray();
    }

    private static void string(ByteArrayOutputStream block, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
        integer(block, bytes.length, 7);
        block.writeBytes(bytes);
    }

    /** RFC 7541 5.1, the H bit (Huffman) left 0. */
    private static void integer(ByteArrayOutputStream block, int value, int prefixBits) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            block.write(value);
            return;
        }
        block.write(max);
        for (value -= max; value >= 128; value >>= 7) {
            block.write(value % 128 + 128);
        }
        block.write(value);
    }

    private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(9);
        header.put((byte) (payload.length >>> 16)).putShort((short) payload.length).put((byte) type)
                .put((byte) flags).putInt(stream);
        out.write(header.array());
        out.write(payload);
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        return Arrays.copyOfRange(bytes, from, Math.max(from, to));
    }

    private static String error(int code) {
        return code >= 0 && code < ERRORS.length ? ERRORS[code] : "error " + code;
    }
}
