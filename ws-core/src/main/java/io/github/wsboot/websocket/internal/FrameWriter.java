package io.github.wsboot.websocket.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.BufferPool;
import io.github.wsboot.websocket.Transport;

/**
 * Encodes and writes frames: headers, masking (client side), permessage-deflate of whole messages, the write
 * locks and deadlines.
 *
 * <p>Two locks: the <b>message lock</b> is held for a whole data message (from a stream writer's opening to
 * its close, or for one {@link #writeMessage}); the <b>frame lock</b> for one frame on the wire. Control
 * frames take only the frame lock, so they can go out between the frames of a streamed message. Both are
 * {@link ReentrantLock}s, waited for no longer than the write deadline.
 *
 * <p>A write that times out leaves half a frame on the wire: the writer then closes the transport and every
 * later write fails with the same exception.
 */
public final class FrameWriter {

    /** Where a frame's payload starts in a write buffer: room for the largest header before it. */
    public static final int START = WebSocketProtocol.MAX_HEADER_SIZE;

    /** What the writer needs from its connection. */
    public interface Owner {
        /** Why nothing may be written any more (close sent, or the connection closed without one). */
        IOException notWritable();

        /** Closes the transport: after a write timeout, nothing more can be written safely. */
        void closeTransport();
    }

    private final Transport transport;
    private final boolean server;
    private final CloseState closeState;
    private final Owner owner;
    /** Shared by every connection: creating a SecureRandom per connection costs its seeding on each handshake. */
    private static final SecureRandom MASK_RANDOM = new SecureRandom();

    private final Random maskRandom;

    private final ReentrantLock messageLock = new ReentrantLock();
    private final ReentrantLock frameLock = new ReentrantLock();

    private final byte[] controlBuf = new byte[START + WebSocketProtocol.MAX_CONTROL_PAYLOAD]; // frameLock
    /** A batch of random mask keys; allocated at a client's first frame (a server never masks). */
    private byte @Nullable [] maskKeys; // frameLock

    private int maskKeyPos; // frameLock

    private final int bufferSize;
    private final @Nullable BufferPool pool;
    private byte @Nullable [] buf; // messageLock
    private @Nullable Closeable openWriter; // messageLock
    private final @Nullable MessageDeflater deflater; // messageLock; null without compression
    private byte[] compressBuf = new byte[0]; // messageLock
    private final int[] compressedLength = new int[1]; // messageLock
    private volatile boolean compress = true;

    private volatile @Nullable IOException writeErr;
    private volatile long deadline = Deadlines.NONE;
    private volatile long timeoutNanos;
    private volatile boolean deadlineFired;
    private final DeadlineWatch watch;

    /**
     * @param pool write buffers are borrowed from it per message; null for a buffer owned by this writer
     * @param deflater compresses messages, or null when compression was not negotiated
     */
    public FrameWriter(
            Transport transport,
            boolean server,
            CloseState closeState,
            int bufferSize,
            @Nullable BufferPool pool,
            @Nullable MessageDeflater deflater,
            Owner owner) {
        this(transport, server, closeState, bufferSize, pool, deflater, owner, MASK_RANDOM);
    }

    /**
     * @param maskRandom the source of mask keys (RFC 6455 section 5.3: unpredictable; a test may fix it); unused,
     *                   and may be null, for a server
     */
    public FrameWriter(
            Transport transport,
            boolean server,
            CloseState closeState,
            int bufferSize,
            @Nullable BufferPool pool,
            @Nullable MessageDeflater deflater,
            Owner owner,
            Random maskRandom) {
        this.transport = transport;
        this.server = server;
        this.closeState = closeState;
        this.bufferSize = bufferSize;
        this.pool = pool;
        this.deflater = deflater;
        this.owner = owner;
        this.maskRandom = maskRandom;
        this.watch = new DeadlineWatch(() -> {
            deadlineFired = true;
            owner.closeTransport();
        });
        if (pool == null) {
            buf = new byte[START + bufferSize];
        }
    }

    // ---- whole messages --------------------------------------------------------------------------------

    /** Writes one data message as one frame, compressed when compression is on; returns the payload length. */
    public int writeMessage(int opcode, byte[] data, int off, int len) throws IOException {
        lockMessage();
        try {
            byte[] b = buffer();
            int b0 = WebSocketProtocol.B0_FLAG_FIN | opcode;
            if (compressing()) {
                compressBuf = Objects.requireNonNull(deflater, "deflater")
                        .compress(data, off, len, compressBuf, compressedLength);
                data = compressBuf;
                off = 0;
                len = compressedLength[0];
                b0 |= WebSocketProtocol.B0_FLAG_RSV1;
            }
            if (len <= b.length - START) {
                System.arraycopy(data, off, b, START, len);
                writeFrame(b, b0, len);
            } else {
                writeLargeFrame(b, b0, data, off, len);
            }
            if (compressBuf.length > b.length) {
                // Not kept: one large message would otherwise pin its compressed copy for the connection's life.
                compressBuf = new byte[0];
            }
            return len;
        } finally {
            unlockMessage();
        }
    }

    /** Writes frames encoded elsewhere (a prepared message), atomically with respect to other messages. */
    public void writeEncoded(byte[] frames) throws IOException {
        lockMessage();
        try {
            long d = deadline();
            lockFrame(d);
            try {
                checkWritable();
                timedWrite(frames, 0, frames.length, null, 0, 0, d);
            } finally {
                frameLock.unlock();
            }
        } finally {
            unlockMessage();
        }
    }

    /**
     * Writes a control frame with its own deadline; safe from any thread at any time. A close frame moves the
     * close state to output-shut (or closed), under the frame lock, so that no frame can follow it.
     *
     * @param nanoDeadline a {@link System#nanoTime} deadline, or {@link Deadlines#NONE}
     */
    public void writeControl(int opcode, byte[] data, long nanoDeadline) throws IOException {
        lockFrame(nanoDeadline);
        try {
            if (opcode == WebSocketProtocol.OPCODE_CLOSE) {
                try {
                    closeState.onCloseSent();
                } catch (IllegalStateException e) {
                    throw owner.notWritable();
                }
            } else {
                checkWritable();
            }
            IOException err = writeErr;
            if (err != null) {
                throw err;
            }
            System.arraycopy(data, 0, controlBuf, START, data.length);
            int start = encodeHeader(controlBuf, WebSocketProtocol.B0_FLAG_FIN | opcode, data.length);
            timedWrite(controlBuf, start, START - start + data.length, null, 0, 0, nanoDeadline);
        } finally {
            frameLock.unlock();
        }
    }

    // ---- streamed messages: the caller holds the message lock ------------------------------------------

    /**
     * Takes the write side for one message, waiting no longer than the write deadline. If this thread still
     * has a stream writer open, that writer is closed first.
     */
    public void lockMessage() throws IOException {
        if (messageLock.isHeldByCurrentThread() && openWriter != null) {
            openWriter.close();
        }
        if (!tryLock(messageLock, deadline())) {
            throw new SocketTimeoutException("websocket: write deadline exceeded waiting for another writer");
        }
    }

    /** Records the stream writer that holds the message lock, so that the next {@link #lockMessage} can close it. */
    public void setOpenWriter(Closeable writer) {
        this.openWriter = writer;
    }

    /** Ends a message: returns a pooled buffer and lets the next writer in. */
    public void unlockMessage() {
        if (messageLock.getHoldCount() == 1) {
            if (deflater != null && closeState.state() == CloseState.State.CLOSED) {
                deflater.release(); // closed while this message was being written
            }
            openWriter = null;
            if (pool != null && buf != null) {
                pool.put(buf);
                buf = null;
            }
        }
        messageLock.unlock();
    }

    public boolean ownsMessageLock() {
        return messageLock.isHeldByCurrentThread();
    }

    /** The write buffer for the current message, its payload from {@link #START}. */
    public byte[] buffer() {
        if (buf == null) {
            byte[] b = Objects.requireNonNull(pool, "pool").get(); // without a pool buf is never null
            buf = b != null && b.length == START + bufferSize ? b : new byte[START + bufferSize];
        }
        return buf;
    }

    /** The deflater for the current message, or null when it goes uncompressed. */
    public @Nullable MessageDeflater messageDeflater() {
        return compressing() ? deflater : null;
    }

    /** Writes one frame whose payload sits in {@code b} from {@link #START}. */
    public void writeFrame(byte[] b, int b0, int payloadLength) throws IOException {
        long d = deadline();
        lockFrame(d);
        try {
            checkWritable();
            int start = encodeHeader(b, b0, payloadLength);
            timedWrite(b, start, START - start + payloadLength, null, 0, 0, d);
        } finally {
            frameLock.unlock();
        }
    }

    /**
     * Writes a payload larger than the write buffer as one frame: a server sends it straight from the
     * caller's array; a client masks it through the buffer {@code b}, chunk by chunk.
     */
    public void writeLargeFrame(byte[] b, int b0, byte[] data, int off, int len) throws IOException {
        long d = deadline();
        lockFrame(d);
        try {
            checkWritable();
            if (server) {
                int start = WebSocketProtocol.writeHeader(b, START, b0, len, false, 0);
                timedWrite(b, start, START - start, data, off, len, d);
                return;
            }
            int key = nextMaskKey();
            int start = WebSocketProtocol.writeHeader(b, START, b0, len, true, key);
            int capacity = b.length - START;
            int first = Math.min(capacity, len);
            int keyPos = Masking.maskCopy(key, 0, data, off, b, START, first);
            timedWrite(b, start, START - start + first, null, 0, 0, d);
            for (int done = first; done < len; ) {
                int n = Math.min(capacity, len - done);
                keyPos = Masking.maskCopy(key, keyPos, data, off + done, b, START, n);
                timedWrite(b, START, n, null, 0, 0, d);
                done += n;
            }
        } finally {
            frameLock.unlock();
        }
    }

    // ---- settings ---------------------------------------------------------------------------------------

    /** Sets the write deadline ({@link Deadlines#NONE} for none); it takes precedence over the timeout. */
    public void setDeadline(long nanoDeadline) {
        this.deadline = nanoDeadline;
    }

    /** Sets the time each write may take when no deadline is set; 0 for none. */
    public void setTimeout(long nanos) {
        this.timeoutNanos = nanos;
    }

    /** The deadline for a write starting now: the explicit deadline, else now plus the timeout. */
    public long deadline() {
        long d = deadline;
        if (d != Deadlines.NONE) {
            return d;
        }
        long t = timeoutNanos;
        return t <= 0 ? Deadlines.NONE : Deadlines.after(t);
    }

    /** Turns compression of later messages on or off; no effect without a deflater. */
    public void enableCompression(boolean enable) {
        this.compress = enable;
    }

    /** Sets the deflate level of later messages, between messages. */
    public void setCompressionLevel(int level) {
        if (deflater != null) {
            messageLock.lock();
            try {
                deflater.setLevel(level);
            } finally {
                messageLock.unlock();
            }
        }
    }

    /**
     * The connection closed: stops watching deadlines and frees the deflater's native memory, unless a
     * writer is inside a message (it frees it when the message ends).
     */
    public void close() {
        watch.cancel();
        if (deflater != null && !messageLock.isHeldByCurrentThread() && messageLock.tryLock()) {
            try {
                deflater.release();
            } finally {
                messageLock.unlock();
            }
        }
    }

    // ---- the wire ---------------------------------------------------------------------------------------

    private boolean compressing() {
        return deflater != null && compress;
    }

    /** Writes the header before the payload at {@link #START}, masking the payload for a client; returns its start. */
    private int encodeHeader(byte[] b, int b0, int payloadLength) {
        if (server) {
            return WebSocketProtocol.writeHeader(b, START, b0, payloadLength, false, 0);
        }
        int key = nextMaskKey();
        Masking.mask(key, 0, b, START, payloadLength);
        return WebSocketProtocol.writeHeader(b, START, b0, payloadLength, true, key);
    }

    /** A fresh mask key, drawn from a batch of random bytes. Caller holds the frame lock. */
    private int nextMaskKey() {
        byte[] k = maskKeys;
        if (k == null) {
            k = new byte[256];
            maskKeys = k;
            maskKeyPos = k.length;
        }
        if (maskKeyPos == k.length) {
            maskRandom.nextBytes(k);
            maskKeyPos = 0;
        }
        int p = maskKeyPos;
        maskKeyPos = p + 4;
        return ((k[p] & 0xff) << 24) | ((k[p + 1] & 0xff) << 16) | ((k[p + 2] & 0xff) << 8) | (k[p + 3] & 0xff);
    }

    private void timedWrite(byte[] b, int off, int len, byte @Nullable [] b2, int off2, int len2, long d)
            throws IOException {
        if (d != Deadlines.NONE) {
            if (d - System.nanoTime() <= 0) {
                throw failed(new SocketTimeoutException("websocket: write deadline exceeded"));
            }
            watch.begin(d);
        }
        try {
            if (b2 == null) {
                transport.write(b, off, len);
            } else {
                transport.write(b, off, len, b2, off2, len2);
            }
        } catch (IOException e) {
            throw failed(deadlineFired ? new SocketTimeoutException("websocket: write deadline exceeded") : e);
        } finally {
            if (d != Deadlines.NONE) {
                watch.end();
            }
        }
    }

    /** Records {@code e} as the permanent write error and returns the first one. */
    private IOException failed(IOException e) {
        IOException err = writeErr;
        if (err == null) {
            writeErr = e;
            err = e;
        }
        if (e instanceof SocketTimeoutException) {
            owner.closeTransport();
        }
        return err;
    }

    private void checkWritable() throws IOException {
        IOException err = writeErr;
        if (err != null) {
            throw err;
        }
        if (!closeState.isOutputOpen()) {
            throw owner.notWritable();
        }
    }

    private void lockFrame(long d) throws IOException {
        if (!tryLock(frameLock, d)) {
            throw new SocketTimeoutException(
                    "websocket: write deadline exceeded while another frame was being written");
        }
    }

    private static boolean tryLock(ReentrantLock lock, long d) throws IOException {
        try {
            if (d == Deadlines.NONE) {
                lock.lockInterruptibly();
                return true;
            }
            return lock.tryLock(d - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("websocket: interrupted waiting to write");
        }
    }
}
