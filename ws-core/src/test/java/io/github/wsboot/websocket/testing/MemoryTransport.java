package io.github.wsboot.websocket.testing;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.github.wsboot.websocket.Transport;

/**
 * The in-memory {@link Transport} of the tests and the benchmarks: no sockets, no ports.
 *
 * <ul>
 *   <li>{@link #pair()}: two ends joined, what one writes the other reads. Reads block until data arrives.
 *       Closing an end is closing a socket: its own reads see end of stream at once (blocked ones wake), the
 *       other end reads what was already sent and then end of stream, and writes on either end fail.</li>
 *   <li>{@link #reading(byte[])}: serves a fixed byte string, then end of stream, and keeps what is written
 *       ({@link #written()}, at most 1 MiB; more is an {@code IOException}, so a runaway writer ends).</li>
 *   <li>{@link #replaying(byte[])}: reads loop over a byte string forever (a benchmark's endless frame stream);
 *       {@link #sink()}: reads end of stream. Both copy each write into a scratch buffer and drop it, as a
 *       kernel's send() copies into its socket buffer, and count it.</li>
 * </ul>
 *
 * <p>{@link #chunked(int)} cuts every read to a few bytes (gorilla's {@code iotest.OneByteReader} with 1), so
 * frame headers straddle reads; {@link #withZeroReads()} makes every other read return 0 bytes; {@link
 * #recordingReadTargets()} keeps the arrays reads went into. Reads and writes are thread-safe; the options are
 * set before use.
 */
public final class MemoryTransport implements Transport {

    /** What {@link #reading} keeps of the bytes written to it. */
    public static final int WRITTEN_LIMIT = 1 << 20;
    /** The scratch buffer a discarded write is copied into, as into a socket's send buffer. */
    private static final int SEND_BUFFER = 64 * 1024;

    private final Queue in;
    private final Queue out;
    private final byte[] replay;
    private int replayPos;
    private final byte[] scratch;
    private final AtomicLong bytesWritten = new AtomicLong();
    private volatile boolean closed;
    private int chunk = Integer.MAX_VALUE;
    private boolean zeroReads;
    private boolean zeroNext;
    private List<byte[]> readTargets;

    private MemoryTransport(Queue in, Queue out, byte[] replay) {
        this.in = in;
        this.out = out;
        this.replay = replay;
        this.scratch = out == null ? new byte[SEND_BUFFER] : null;
    }

    /** A joined pair: [0] the server's end, [1] the client's end. */
    public static MemoryTransport[] pair() {
        Queue toClient = new Queue(Integer.MAX_VALUE);
        Queue toServer = new Queue(Integer.MAX_VALUE);
        return new MemoryTransport[] {
            new MemoryTransport(toServer, toClient, null), new MemoryTransport(toClient, toServer, null)
        };
    }

    /** Serves {@code input}, then end of stream; keeps what is written. */
    public static MemoryTransport reading(byte[] input) {
        Queue source = new Queue(Integer.MAX_VALUE);
        source.fill(input);
        return new MemoryTransport(source, new Queue(WRITTEN_LIMIT), null);
    }

    /**
     * Reads loop over {@code input} forever (an empty input reads end of stream); writes are copied and dropped.
     * Reads at the wrap point are short, as real sockets' reads are.
     */
    public static MemoryTransport replaying(byte[] input) {
        return new MemoryTransport(null, null, input.clone());
    }

    /** A write-only transport: reads report end of stream; writes are copied and dropped. */
    public static MemoryTransport sink() {
        return replaying(new byte[0]);
    }

    /** Makes every read return at most {@code maxBytes} bytes (at least 1). */
    public MemoryTransport chunked(int maxBytes) {
        this.chunk = Math.max(1, maxBytes);
        return this;
    }

    /** Makes every other read return 0 bytes: a misbehaving stream a reader must tolerate. */
    public MemoryTransport withZeroReads() {
        this.zeroReads = true;
        return this;
    }

    /** Keeps the array each read went into ({@link #readTargets()}), to see which buffer a reader filled. */
    public MemoryTransport recordingReadTargets() {
        this.readTargets = new ArrayList<>();
        return this;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (readTargets != null) {
            readTargets.add(buffer);
        }
        if (zeroReads && length > 0) {
            zeroNext = !zeroNext;
            if (zeroNext) {
                return 0;
            }
        }
        int max = Math.min(length, chunk);
        return replay != null ? replay(buffer, offset, max) : in.take(buffer, offset, max);
    }

    private int replay(byte[] buffer, int offset, int length) {
        if (replay.length == 0) {
            return -1;
        }
        int n = Math.min(length, replay.length - replayPos);
        System.arraycopy(replay, replayPos, buffer, offset, n);
        replayPos = (replayPos + n) % replay.length;
        return n;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        if (out != null) {
            out.put(buffer, offset, length);
        } else {
            if (closed) {
                throw new SocketException("transport closed");
            }
            for (int done = 0; done < length; done += SEND_BUFFER) {
                System.arraycopy(buffer, offset + done, scratch, 0, Math.min(SEND_BUFFER, length - done));
            }
        }
        bytesWritten.addAndGet(length);
    }

    /** The bytes written and kept (a {@link #reading} transport's, or what a pair's other end has not read). */
    public byte[] written() {
        return out == null ? new byte[0] : out.snapshot();
    }

    /** Forgets the bytes written and kept so far. */
    public void clearWritten() {
        if (out != null) {
            out.clear();
        }
    }

    /** All bytes written, kept or not. */
    public long bytesWritten() {
        return bytesWritten.get();
    }

    /** Bytes waiting to be read (always 0 for {@link #replaying}). */
    public int unread() {
        return in == null ? 0 : in.size();
    }

    /** Whether a thread is blocked in {@link #read}, waiting for data. */
    public boolean readerBlocked() {
        return in != null && in.hasBlockedReader();
    }

    public boolean isClosed() {
        return closed;
    }

    /** The arrays reads went into, in order; see {@link #recordingReadTargets()}. */
    public List<byte[]> readTargets() {
        return readTargets == null ? List.of() : readTargets;
    }

    @Override
    public SocketAddress localAddress() {
        return null;
    }

    @Override
    public SocketAddress remoteAddress() {
        return null;
    }

    /** Closes both directions: what was not read is dropped; for a pair, the other end reads what was sent. */
    @Override
    public void close() {
        closed = true;
        if (in != null) {
            in.discard();
        }
        if (out != null) {
            out.close();
        }
    }

    /** One direction: a growable byte queue, bounded by {@code limit}. */
    private static final class Queue {
        private static final int INITIAL = 512;
        private final int limit;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition readable = lock.newCondition();
        private byte[] buf = new byte[INITIAL];
        private int start;
        private int end;
        /** No more bytes will be put: readers get what is queued, then end of stream. */
        private boolean closed;
        /** The reading end is closed: reads see end of stream at once. */
        private boolean discarded;

        private int blockedReaders;

        Queue(int limit) {
            this.limit = limit;
        }

        /** Queues {@code input} and closes: a fixed stream. */
        void fill(byte[] input) {
            buf = input.clone();
            end = buf.length;
            closed = true;
        }

        void put(byte[] b, int off, int len) throws IOException {
            lock.lock();
            try {
                if (closed || discarded) {
                    throw new SocketException("transport closed");
                }
                int used = end - start;
                if ((long) used + len > limit) {
                    throw new IOException("memory transport: more than " + limit + " bytes written");
                }
                if (end + len > buf.length) {
                    byte[] next = used + len > buf.length ? new byte[Math.max(buf.length * 2, used + len)] : buf;
                    System.arraycopy(buf, start, next, 0, used);
                    buf = next;
                    start = 0;
                    end = used;
                }
                System.arraycopy(b, off, buf, end, len);
                end += len;
                readable.signalAll();
            } finally {
                lock.unlock();
            }
        }

        int take(byte[] b, int off, int len) throws IOException {
            lock.lock();
            try {
                while (start == end && !closed && !discarded) {
                    blockedReaders++;
                    try {
                        readable.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException();
                    } finally {
                        blockedReaders--;
                    }
                }
                if (discarded || start == end) {
                    return -1;
                }
                int n = Math.min(len, end - start);
                System.arraycopy(buf, start, b, off, n);
                start += n;
                if (start == end && !closed) {
                    start = 0;
                    end = 0;
                    if (buf.length > INITIAL) {
                        buf = new byte[INITIAL]; // drained: an idle pipe must not count as a connection's memory
                    }
                }
                return n;
            } finally {
                lock.unlock();
            }
        }

        void close() {
            lock.lock();
            try {
                closed = true;
                readable.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void discard() {
            lock.lock();
            try {
                discarded = true;
                closed = true;
                readable.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void clear() {
            lock.lock();
            try {
                start = 0;
                end = 0;
            } finally {
                lock.unlock();
            }
        }

        int size() {
            lock.lock();
            try {
                return end - start;
            } finally {
                lock.unlock();
            }
        }

        byte[] snapshot() {
            lock.lock();
            try {
                byte[] copy = new byte[end - start];
                System.arraycopy(buf, start, copy, 0, copy.length);
                return copy;
            } finally {
                lock.unlock();
            }
        }

        boolean hasBlockedReader() {
            lock.lock();
            try {
                return blockedReaders > 0;
            } finally {
                lock.unlock();
            }
        }
    }
}
