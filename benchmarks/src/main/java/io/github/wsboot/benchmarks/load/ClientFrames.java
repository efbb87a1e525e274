package io.github.wsboot.benchmarks.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes the load client sends, encoded once before a run: the opening handshake request and masked
 * client frames. A run then only copies these bytes to sockets, so the client spends its core on system
 * calls, not on encoding or masking.
 */
final class ClientFrames {

    /** The key of RFC 6455 section 1.3's example; the server's answer must carry {@link #EXPECTED_ACCEPT}. */
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    static final String EXPECTED_ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    static final int TEXT = 1;
    static final int BINARY = 2;

    private static final byte[] MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};

    private ClientFrames() {}

    /** The opening handshake for {@code path} on {@code host:port}. */
    static byte[] handshake(String host, int port, String path) {
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        return request.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * One final, masked frame of {@code opcode} carrying {@code payload}. The mask key is fixed: servers
     * cannot tell, and a fixed key keeps the run reproducible.
     */
    static byte[] maskedFrame(int opcode, byte[] payload) {
        int len = payload.length;
        int ext = len < 126 ? 0 : len <= 0xFFFF ? 2 : 8;
        byte[] frame = new byte[2 + ext + 4 + len];
        frame[0] = (byte) (0x80 | opcode);
        int p = 2;
        if (ext == 0) {
            frame[1] = (byte) (0x80 | len);
        } else if (ext == 2) {
            frame[1] = (byte) (0x80 | 126);
            frame[p++] = (byte) (len >>> 8);
            frame[p++] = (byte) len;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame[p++] = (byte) ((long) len >>> shift);
            }
        }
        System.arraycopy(MASK, 0, frame, p, 4);
        p += 4;
        for (int i = 0; i < len; i++) {
            frame[p + i] = (byte) (payload[i] ^ MASK[i & 3]);
        }
        return frame;
    }

    /** A payload of {@code size} bytes: printable ASCII (valid UTF-8) for text and binary alike. */
    static byte[] payload(int size) {
        byte[] p = new byte[size];
        for (int i = 0; i < size; i++) {
            p[i] = (byte) ('a' + i % 26);
        }
        return p;
    }

    /**
     * {@code copies} copies of {@code frame} back to back in one direct buffer. Any window of it that starts
     * inside the first copy is a valid sequence of frames, so one write can send several queued frames.
     */
    static ByteBuffer repeated(byte[] frame, int copies) {
        ByteBuffer b = ByteBuffer.allocateDirect(frame.length * copies);
        for (int i = 0; i < copies; i++) {
            b.put(frame);
        }
        return b.flip();
    }

    /** A masked close frame with code 1000. */
    static byte[] close() {
        return maskedFrame(8, new byte[] {0x03, (byte) 0xe8});
    }
}
