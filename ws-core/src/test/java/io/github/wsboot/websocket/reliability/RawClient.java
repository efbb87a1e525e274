package io.github.wsboot.websocket.reliability;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A hostile or misbehaving client on a bare socket: it completes the opening handshake and then writes
 * whatever frames a test wants, byte-exact, and can read the server's frames. Not thread-safe.
 */
final class RawClient implements AutoCloseable {

    /** A frame received from the server. */
    record Frame(int opcode, boolean fin, byte[] payload) {
        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
    }

    final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects and completes the handshake; {@code extraHeaders} are CRLF-terminated lines. */
    static RawClient connect(int port, String extraHeaders) throws IOException {
        return connect(port, "/ws", extraHeaders);
    }

    /** Connects to {@code path} and completes the handshake. */
    static RawClient connect(int port, String path, String extraHeaders) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(20_000);
        RawClient c = new RawClient(s);
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        c.out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n"
                + extraHeaders + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        c.out.flush();
        String head = readHead(c.in);
        if (!head.startsWith("HTTP/1.1 101")) {
            s.close();
            throw new IOException("handshake refused: " + head);
        }
        return c;
    }

    /** Reads an HTTP response head up to its blank line. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Writes a masked frame header announcing {@code length} bytes (any 64-bit value) and returns the mask. */
    byte[] writeHeader(boolean fin, int rsv, int opcode, long length) throws IOException {
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
    void writeFrame(boolean fin, int rsv, int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = header(fin, rsv, opcode, payload.length);
        byte[] h = frame.toByteArray();
        int maskAt = h.length - 4;
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ h[maskAt + (i & 3)]);
        }
        out.write(frame.toByteArray()); // one write: a frame in two small segments would wait on Nagle
    }

    /** Writes raw bytes. */
    void write(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    /** Reads one unmasked server frame. */
    Frame readFrame() throws IOException {
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
    Frame readUntilClose() throws IOException {
        while (true) {
            Frame f = readFrame();
            if (f.opcode() == 0x8) {
                return f;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
