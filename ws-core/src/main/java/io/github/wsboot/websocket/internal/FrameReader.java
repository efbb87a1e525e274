package io.github.wsboot.websocket.internal;

import java.io.EOFException;
import java.io.IOException;

import io.github.wsboot.websocket.Transport;

/**
 * Parses frames from a transport through one read buffer: a read call usually brings several small frames
 * at once, and headers are decoded from the buffer without allocation. Payload that is larger than the buffer
 * goes straight from the transport into the caller's array. Unmasking happens here; validation of what the
 * header says is the caller's job ({@code Conn.advanceFrame}).
 *
 * <p>Not thread-safe: owned by the connection's single reader.
 */
public final class FrameReader {

    /** Hook that runs before each blocking read of the transport (deadline handling). */
    public interface ReadGuard {
        void beforeRead() throws IOException;

        void afterRead();
    }

    private final Transport transport;
    private final ReadGuard guard;
    private final byte[] buf;
    private int pos;
    private int limit;

    // The current frame, valid after readHeader().
    private int b0;
    private boolean masked;
    private int maskKey;
    private int maskPos;
    private long remaining;
    private long payloadLength;

    public FrameReader(Transport transport, int bufferSize, ReadGuard guard) {
        this.transport = transport;
        this.guard = guard;
        this.buf = new byte[Math.max(bufferSize, WebSocketProtocol.MAX_HEADER_SIZE)];
    }

    /** Bytes read from the transport but not yet consumed. */
    public int buffered() {
        return limit - pos;
    }

    /**
     * Primes the buffer with bytes that arrived before this reader existed (read together with the HTTP
     * handshake).
     */
    public void prime(byte[] data, int off, int len) {
        if (len > buf.length - limit) {
            throw new IllegalArgumentException("more pre-read bytes than the read buffer holds");
        }
        System.arraycopy(data, off, buf, limit, len);
        limit += len;
    }

    /**
     * Reads the next frame header.
     *
     * @throws EOFException when the stream ends cleanly before the first header byte
     * @throws IOException when it ends inside a header, or on a transport error
     */
    public void readHeader() throws IOException {
        if (limit - pos < 2) {
            ensure(2, true);
        }
        int b0 = buf[pos] & 0xff;
        int b1 = buf[pos + 1] & 0xff;
        boolean masked = (b1 & WebSocketProtocol.B1_FLAG_MASK) != 0;
        int len7 = b1 & WebSocketProtocol.B1_MASK_LENGTH;
        int need = 2
                + (len7 == WebSocketProtocol.PAYLOAD_SHORT ? 2 : len7 == WebSocketProtocol.PAYLOAD_LONG ? 8 : 0)
                + (masked ? 4 : 0);
        if (limit - pos < need) {
            ensure(need, false);
        }
        int p = pos + 2;
        long length;
        if (len7 == WebSocketProtocol.PAYLOAD_SHORT) {
            length = ((buf[p] & 0xffL) << 8) | (buf[p + 1] & 0xffL);
            p += 2;
        } else if (len7 == WebSocketProtocol.PAYLOAD_LONG) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | (buf[p + i] & 0xff);
            }
            p += 8;
        } else {
            length = len7;
        }
        int key = 0;
        if (masked) {
            key = ((buf[p] & 0xff) << 24)
                    | ((buf[p + 1] & 0xff) << 16)
                    | ((buf[p + 2] & 0xff) << 8)
                    | (buf[p + 3] & 0xff);
            p += 4;
        }
        pos = p;
        this.b0 = b0;
        this.masked = masked;
        this.maskKey = key;
        this.maskPos = 0;
        this.payloadLength = length;
        this.remaining = length;
    }

    /** The header's first byte: FIN, RSV1–3 and the opcode. */
    public int header0() {
        return b0;
    }

    public boolean fin() {
        return (b0 & WebSocketProtocol.B0_FLAG_FIN) != 0;
    }

    public boolean rsv1() {
        return (b0 & WebSocketProtocol.B0_FLAG_RSV1) != 0;
    }

    /** RSV2 and RSV3 bits, non-zero when either is set. */
    public int rsv23() {
        return b0 & (WebSocketProtocol.B0_FLAG_RSV2 | WebSocketProtocol.B0_FLAG_RSV3);
    }

    public int opcode() {
        return b0 & WebSocketProtocol.B0_MASK_OPCODE;
    }

    public boolean masked() {
        return masked;
    }

    /** The payload length the header announced; negative when the 64-bit length had its top bit set. */
    public long payloadLength() {
        return payloadLength;
    }

    /** Payload bytes of the current frame not yet read. */
    public long remaining() {
        return remaining;
    }

    /**
     * Reads up to {@code len} payload bytes of the current frame into {@code dst}, unmasked, blocking until
     * at least one is available.
     *
     * @return the number of bytes read; 0 when the frame's payload is exhausted (or {@code len} is 0)
     */
    public int readPayload(byte[] dst, int off, int len) throws IOException {
        // A negative remaining (a 64-bit length with its top bit set) must not be narrowed to an int first:
        // its low 32 bits can be a large positive count.
        if (remaining <= 0 || len <= 0) {
            return 0;
        }
        int n = (int) Math.min(len, remaining);
        int avail = limit - pos;
        if (avail > 0) {
            n = Math.min(n, avail);
            System.arraycopy(buf, pos, dst, off, n);
            pos += n;
        } else if (n >= buf.length) {
            // Large read: bypass the buffer.
            n = readTransport(dst, off, n);
            if (n < 0) {
                throw unexpectedEof();
            }
        } else {
            fill();
            n = Math.min(n, limit - pos);
            System.arraycopy(buf, pos, dst, off, n);
            pos += n;
        }
        if (masked) {
            maskPos = Masking.mask(maskKey, maskPos, dst, off, n);
        }
        remaining -= n;
        return n;
    }

    /** Reads the rest of the current frame's payload fully (for control frames, at most 125 bytes). */
    public byte[] readPayloadFully() throws IOException {
        byte[] out = new byte[(int) remaining];
        int off = 0;
        while (off < out.length) {
            off += readPayload(out, off, out.length - off);
        }
        return out;
    }

    /** Skips the rest of the current frame's payload. */
    public void skipPayload() throws IOException {
        while (remaining > 0) {
            int avail = limit - pos;
            if (avail == 0) {
                fill();
                avail = limit - pos;
            }
            int n = (int) Math.min(avail, remaining);
            pos += n;
            remaining -= n;
        }
    }

    private void ensure(int need, boolean atFrameStart) throws IOException {
        if (pos > 0) {
            // Move the partial header to the front so that it can be completed in place.
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        while (limit < need) {
            int n = readTransport(buf, limit, buf.length - limit);
            if (n < 0) {
                if (atFrameStart && limit == 0) {
                    throw new EOFException("websocket: end of stream");
                }
                throw unexpectedEof();
            }
            limit += n;
        }
    }

    private void fill() throws IOException {
        pos = 0;
        limit = 0;
        int n = readTransport(buf, 0, buf.length);
        if (n < 0) {
            throw unexpectedEof();
        }
        limit = n;
    }

    private int readTransport(byte[] dst, int off, int len) throws IOException {
        guard.beforeRead();
        try {
            int n;
            do {
                n = transport.read(dst, off, len);
            } while (n == 0);
            return n;
        } finally {
            guard.afterRead();
        }
    }

    private static IOException unexpectedEof() {
        return new UnexpectedEofException();
    }

    /** The stream ended inside a frame. */
    public static final class UnexpectedEofException extends EOFException {
        private static final long serialVersionUID = 1L;

        UnexpectedEofException() {
            super("websocket: unexpected end of stream inside a frame");
        }
    }
}
