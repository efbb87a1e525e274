package io.github.wsboot.websocket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

import io.github.wsboot.websocket.internal.WebSocketProtocol;

/**
 * One outgoing message as a stream (gorilla's message writer), returned by {@link Conn#nextWriter(int)}.
 * Bytes collect in the connection's write buffer; each time it fills, a frame goes out, so a message of any
 * size streams in constant memory. {@link #close()} sends the final frame and releases the write side; it
 * must be called by the thread that opened the writer.
 */
public final class MessageOutputStream extends OutputStream {

    private final Conn conn;
    private final int type;
    /** The connection's write buffer, payload from {@code start}; null for a control message. */
    private final byte[] buf;
    private final int start;
    private ByteArrayOutputStream control;
    private int pos;
    private boolean firstFrame = true;
    private boolean closed;

    MessageOutputStream(Conn conn, int type, byte[] buf, int start) {
        this.conn = conn;
        this.type = type;
        this.buf = buf;
        this.start = start;
        this.pos = start;
        if (buf == null) {
            control = new ByteArrayOutputStream(WebSocketProtocol.MAX_CONTROL_PAYLOAD);
        }
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (buf == null) {
            writeControlBytes(new byte[] {(byte) b}, 0, 1);
            return;
        }
        if (pos == buf.length) {
            flushFrame(false);
        }
        buf[pos++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        if (buf == null) {
            writeControlBytes(b, off, len);
            return;
        }
        int capacity = buf.length - start;
        while (len > 0) {
            if (pos == buf.length) {
                flushFrame(false);
            }
            if (pos == start && len > capacity) {
                // Nothing buffered and more than a buffer's worth: send it as one frame without copying it whole.
                conn.writeLargeFrame(buf, frameB0(false), b, off, len);
                firstFrame = false;
                return;
            }
            int n = Math.min(len, buf.length - pos);
            System.arraycopy(b, off, buf, pos, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    /** Sends the final frame and releases the connection's write side. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        if (buf == null) {
            closed = true;
            conn.writeMessage(type, control.toByteArray());
            return;
        }
        if (!conn.ownsMessageLock()) {
            throw new IllegalStateException("websocket: a message writer must be closed by the thread that opened it");
        }
        closed = true;
        try {
            flushFrame(true);
        } finally {
            conn.releaseMessageLock();
        }
    }

    private void flushFrame(boolean fin) throws IOException {
        int length = pos - start;
        pos = start;
        conn.writeFrame(buf, frameB0(fin), length);
        firstFrame = false;
    }

    private int frameB0(boolean fin) {
        int opcode = firstFrame ? type : WebSocketProtocol.OPCODE_CONTINUATION;
        return fin ? opcode | WebSocketProtocol.B0_FLAG_FIN : opcode;
    }

    private void writeControlBytes(byte[] b, int off, int len) throws IOException {
        if (control.size() + len > WebSocketProtocol.MAX_CONTROL_PAYLOAD) {
            throw new IOException("websocket: control message payload longer than 125 bytes");
        }
        control.write(b, off, len);
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("websocket: write to a closed message writer");
        }
    }
}
