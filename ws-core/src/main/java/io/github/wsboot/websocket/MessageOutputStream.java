package io.github.wsboot.websocket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.zip.Deflater;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.internal.FrameWriter;
import io.github.wsboot.websocket.internal.MessageDeflater;
import io.github.wsboot.websocket.internal.WebSocketProtocol;

/**
 * One outgoing message as a stream, returned by {@link Conn#nextWriter(int)}.
 * Bytes collect in the connection's write buffer; each time it fills, a frame goes out, so a message of any
 * size streams in constant memory. {@link #close()} sends the final frame and releases the write side; it
 * must be called by the thread that opened the writer.
 */
public final class MessageOutputStream extends OutputStream {

    private final Conn conn;
    private final @Nullable FrameWriter writer;
    private final int type;
    /** The connection's write buffer, payload from {@code start}; null for a control message. */
    private final byte @Nullable [] buf;

    private final int start;
    private static final int SYNC_TAIL = 4;
    private @Nullable ByteArrayOutputStream control;
    private int pos;
    private boolean firstFrame = true;
    private boolean closed;
    private @Nullable IOException failure;
    /** Compresses the message, or null; deflate output goes straight into {@code buf}. */
    private final @Nullable Deflater deflater;

    private final @Nullable MessageDeflater messageDeflater;
    /** Payload bytes handed to the connection so far, for {@link ConnObserver#messageSent}. */
    private long sent;

    /** @param writer the connection's frame writer, whose message lock the caller holds; null for a control message */
    MessageOutputStream(Conn conn, @Nullable FrameWriter writer, int type) throws IOException {
        this.conn = conn;
        this.writer = writer;
        this.type = type;
        this.start = FrameWriter.START;
        this.pos = start;
        if (writer == null) {
            this.buf = null;
            this.deflater = null;
            this.messageDeflater = null;
            control = new ByteArrayOutputStream(WebSocketProtocol.MAX_CONTROL_PAYLOAD);
        } else {
            this.buf = writer.buffer();
            this.messageDeflater = writer.messageDeflater();
            this.deflater = messageDeflater != null ? messageDeflater.begin() : null;
        }
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (buf == null) {
            writeControlBytes(new byte[] {(byte) b}, 0, 1);
            return;
        }
        if (deflater != null) {
            write(new byte[] {(byte) b}, 0, 1);
            return;
        }
        if (pos == buf.length) {
            try {
                flushFrame(false);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
        buf[pos++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        try {
            writeChecked(b, off, len);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    private void writeChecked(byte[] b, int off, int len) throws IOException {
        if (buf == null) {
            writeControlBytes(b, off, len);
            return;
        }
        if (deflater != null) {
            sent += len;
            deflate(b, off, len, Deflater.NO_FLUSH);
            return;
        }
        int capacity = buf.length - start;
        while (len > 0) {
            if (pos == buf.length) {
                flushFrame(false);
            }
            if (pos == start && len > capacity) {
                // Nothing buffered and more than a buffer's worth: send it as one frame without copying it whole.
                Objects.requireNonNull(writer, "data message").writeLargeFrame(buf, frameB0(false), b, off, len);
                sent += len;
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
            conn.writeMessage(
                    type, Objects.requireNonNull(control, "control message").toByteArray());
            return;
        }
        FrameWriter writer = Objects.requireNonNull(this.writer, "data message");
        if (!writer.ownsMessageLock()) {
            throw new IllegalStateException("websocket: a message writer must be closed by the thread that opened it");
        }
        closed = true;
        if (failure != null) {
            // A write already failed and reported it; rethrowing that same exception here would break
            // try-with-resources ("self-suppression"), so just give the write side back.
            if (messageDeflater != null) {
                messageDeflater.end();
            }
            writer.unlockMessage();
            return;
        }
        try {
            if (deflater != null && sent == 0) {
                buf[pos++] = MessageDeflater.EMPTY_MESSAGE; // zlib would emit nothing for a flush without input
                Objects.requireNonNull(messageDeflater, "deflater").end();
            } else if (deflater != null) {
                deflate(new byte[0], 0, 0, Deflater.SYNC_FLUSH);
                pos -= SYNC_TAIL; // RFC 7692 7.2.1: the sender drops the flush's 00 00 ff ff
                Objects.requireNonNull(messageDeflater, "deflater").end();
            }
            flushFrame(true);
        } finally {
            writer.unlockMessage();
        }
        conn.observer().messageSent(type, sent);
    }

    private void flushFrame(boolean fin) throws IOException {
        FrameWriter writer = Objects.requireNonNull(this.writer, "data message");
        byte[] buf = Objects.requireNonNull(this.buf, "data message");
        if (deflater != null && !fin) {
            // Keep the last bytes back: they may turn out to be the sync-flush tail that close() must drop.
            int length = pos - start - SYNC_TAIL;
            writer.writeFrame(buf, frameB0(false), length);
            System.arraycopy(buf, start + length, buf, start, SYNC_TAIL);
            pos = start + SYNC_TAIL;
            firstFrame = false;
            return;
        }
        int length = pos - start;
        pos = start;
        writer.writeFrame(buf, frameB0(fin), length);
        if (deflater == null) {
            sent += length;
        }
        firstFrame = false;
    }

    /** Runs the deflater over the input, sending a frame whenever the buffer fills. */
    private void deflate(byte[] b, int off, int len, int flush) throws IOException {
        Deflater deflater = Objects.requireNonNull(this.deflater, "deflater");
        byte[] buf = Objects.requireNonNull(this.buf, "data message");
        deflater.setInput(b, off, len);
        while (true) {
            if (pos == buf.length) {
                flushFrame(false);
            }
            int space = buf.length - pos;
            int n = deflater.deflate(buf, pos, space, flush);
            pos += n;
            // Done when all input is taken; a sync flush also needs its output to have ended with room to
            // spare (a changed level or strategy may first cost a call that moves nothing).
            if (deflater.needsInput()
                    && (flush == Deflater.NO_FLUSH || (n < space && MessageDeflater.endsWithSyncTail(buf, pos)))) {
                return;
            }
        }
    }

    private int frameB0(boolean fin) {
        int opcode = firstFrame ? type : WebSocketProtocol.OPCODE_CONTINUATION;
        if (firstFrame && deflater != null) {
            opcode |= WebSocketProtocol.B0_FLAG_RSV1;
        }
        return fin ? opcode | WebSocketProtocol.B0_FLAG_FIN : opcode;
    }

    private void writeControlBytes(byte[] b, int off, int len) throws IOException {
        ByteArrayOutputStream control = Objects.requireNonNull(this.control, "control message");
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
