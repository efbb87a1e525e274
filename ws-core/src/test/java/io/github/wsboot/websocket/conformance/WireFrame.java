package io.github.wsboot.websocket.conformance;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A frame as the endpoint under test put it on the wire, read by the fuzzing peer with its own parser (not
 * the library's). Validation against the protocol happens in {@link FuzzSession}.
 */
record WireFrame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {

    /** Larger frames are treated as garbage: no case makes the endpoint send more than 16 MiB. */
    private static final long MAX_PAYLOAD = 64L << 20;

    /** The bytes on the wire cannot be a frame at all. */
    static final class MalformedFrameException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedFrameException(String message) {
            super(message);
        }
    }

    /**
     * Reads one frame.
     *
     * @throws EOFException when the stream ends, before or inside a frame
     */
    static WireFrame read(InputStream in) throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            throw new EOFException("end of stream");
        }
        int b1 = readByte(in);
        long length = b1 & 0x7f;
        if (length == 126) {
            length = (readByte(in) << 8) | readByte(in);
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByte(in);
            }
            if (length < 0 || length > MAX_PAYLOAD) {
                throw new MalformedFrameException(
                        "frame payload length " + Long.toUnsignedString(length) + " is absurd");
            }
        }
        boolean masked = (b1 & 0x80) != 0;
        byte[] key = masked ? readFully(in, 4) : null;
        byte[] payload = readFully(in, (int) length);
        if (masked) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= key[i & 3];
            }
        }
        return new WireFrame((b0 & 0x80) != 0, (b0 >> 4) & 7, b0 & 0x0f, masked, payload);
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("end of stream inside a frame header");
        }
        return b;
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException("end of stream inside a frame");
        }
        return b;
    }
}
