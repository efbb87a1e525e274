package io.github.wsboot.websocket.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a bare socket, for what a real client cannot do: arbitrary handshake headers (Origin),
 * reading a refusal's status, writing whatever frames a test wants byte-exact (a hostile or misbehaving peer),
 * and never answering a close frame. Reads unmasked server frames. Not thread-safe.
 */
public final class RawWsClient implements AutoCloseable {

    /** One frame from the server. */
    public record Frame(int opcode, boolean fin, byte[] payload) {

        /** The close code of a close frame; 1005 (no status) when it has none. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final int status;
    private final Map<String, String> headers;

    private RawWsClient(Socket socket, DataInputStream in, int status, Map<String, String> headers) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = in;
        this.status = status;
        this.headers = headers;
    }

    /**
     * Sends a WebSocket handshake for {@code path} to {@code localhost} with extra headers and reads the response
     * head, whatever its status.
     */
    public static RawWsClient handshake(int port, String path, Map<String, String> extraHeaders) throws IOException {
        return handshake(null, port, path, extraHeaders);
    }

    /**
     * As {@link #handshake(int, String, Map)}, from the local address {@code from} (for example 127.0.0.2, so a
     * server on loopback sees another client address); null for any.
     */
    public static RawWsClient handshake(String from, int port, String path, Map<String, String> extraHeaders)
            throws IOException {
        return open(from, from != null ? "127.0.0.1" : "localhost", "localhost", port, path, extraHeaders, 10_000);
    }

    /** The status of a handshake for {@code path} with extra headers. */
    public static int status(int port, String path, Map<String, String> extraHeaders) throws IOException {
        try (RawWsClient c = handshake(port, path, extraHeaders)) {
            return c.status();
        }
    }

    /** Connects to 127.0.0.1 at {@code /ws} and completes the handshake; {@code extraHeaders} are CRLF-terminated lines. */
    public static RawWsClient connect(int port, String extraHeaders) throws IOException {
        return connect(port, "/ws", extraHeaders);
    }

    /** Connects to 127.0.0.1 at {@code path} and completes the handshake; a refusal is an {@code IOException}. */
    public static RawWsClient connect(int port, String path, String extraHeaders) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : extraHeaders.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(
                        line.substring(0, colon).trim(),
                        line.substring(colon + 1).trim());
            }
        }
        RawWsClient c = open(null, "127.0.0.1", "127.0.0.1", port, path, headers, 20_000);
        if (c.status != 101) {
            c.close();
            throw new IOException("handshake refused: " + c.status + " " + c.headers);
        }
        return c;
    }

    private static RawWsClient open(
            String from,
            String connectTo,
            String host,
            int port,
            String path,
            Map<String, String> extraHeaders,
            int timeoutMillis)
            throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        if (from != null) {
            socket.bind(new InetSocketAddress(from, 0));
        }
        socket.connect(new InetSocketAddress(connectTo, port), 5000);
        socket.setSoTimeout(timeoutMillis);
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n")
                .append("Host: ")
                .append(host)
                .append(':')
                .append(port)
                .append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ")
                .append(Base64.getEncoder().encodeToString(key))
                .append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        extraHeaders.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        request.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        String[] head = readHead(in).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            if (colon > 0) {
                headers.put(
                        head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        head[i].substring(colon + 1).trim());
            }
        }
        String[] statusLine = head[0].split(" ");
        int status = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : -1;
        return new RawWsClient(socket, in, status, headers);
    }

    /** Reads an HTTP response head up to and including its blank line (less if the stream ends first). */
    public static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1
                    : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The handshake response's status. */
    public int status() {
        return status;
    }

    /** The handshake response's headers, names in lower case. */
    public Map<String, String> headers() {
        return headers;
    }

    /** Reads the response body of a refused handshake ({@code Content-Length} bytes). */
    public String body() throws IOException {
        byte[] body = new byte[Integer.parseInt(headers.getOrDefault("content-length", "0"))];
        in.readFully(body);
        return new String(body, StandardCharsets.UTF_8);
    }

    public Socket socket() {
        return socket;
    }

    /** Writes a masked frame header announcing {@code length} bytes (any 64-bit value) and returns the mask. */
    public byte[] writeHeader(boolean fin, int rsv, int opcode, long length) throws IOException {
        ByteArrayOutputStream h = header(fin, rsv, opcode, length);
        out.write(h.toByteArray());
        byte[] mask = new byte[4];
        System.arraycopy(h.toByteArray(), h.size() - 4, mask, 0, 4);
        return mask;
    }

    private static ByteArrayOutputStream header(boolean fin, int rsv, int opcode, long length) {
        ByteArrayOutputStream h = new ByteArrayOutputStream(14);
        h.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
        if (length >= 0 && length < 126) {
            h.write(0x80 | (int) length);
        } else if (length >= 0 && length < 65536) {
            h.write(0x80 | 126);
            h.write((int) (length >>> 8));
            h.write((int) length);
        } else {
            h.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                h.write((int) (length >>> shift));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        h.write(mask, 0, 4);
        return h;
    }

    /** Writes a complete masked frame. */
    public void writeFrame(boolean fin, int rsv, int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = header(fin, rsv, opcode, payload.length);
        byte[] h = frame.toByteArray();
        int maskAt = h.length - 4;
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ h[maskAt + (i & 3)]);
        }
        out.write(frame.toByteArray()); // one write: a frame in two small segments would wait on Nagle
    }

    /** Sends a masked text frame. */
    public void sendText(String text) throws IOException {
        writeFrame(true, 0, 0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes raw bytes. */
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    /** Reads the next frame. */
    public Frame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7f;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        return new Frame(b0 & 0x0f, (b0 & 0x80) != 0, payload);
    }

    /** Reads frames until a close frame arrives (pongs and data in between are dropped). */
    public Frame readUntilClose() throws IOException {
        while (true) {
            Frame f = readFrame();
            if (f.opcode() == 0x8) {
                return f;
            }
        }
    }

    /** Whether the server has closed the TCP connection (reads end of stream within the socket timeout). */
    public boolean awaitEof() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset by the server: closed as well
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
