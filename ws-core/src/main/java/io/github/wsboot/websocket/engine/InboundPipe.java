package io.github.wsboot.websocket.engine;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * The bytes an event loop has read for one connection and its reader has not consumed yet: a chain of
 * chunks, empty (and holding no memory) while the connection is idle. The event loop appends; the
 * connection's single reader ({@code Conn}'s frame reader, through {@link EventTransport#read}) takes, and
 * parks while it is empty. Bounded: {@link #append} reports when the pipe holds {@code limit} bytes or more,
 * and the loop then stops reading the socket until the reader has taken the pipe below half of it
 * ({@code onDrained}).
 */
final class InboundPipe {

    /** Smallest chunk allocated: several small frames share one. */
    private static final int MIN_CHUNK = 256;

    private static final class Chunk {
        final byte[] data;
        int start;
        int end;

        @Nullable
        Chunk next;

        Chunk(int capacity) {
            data = new byte[capacity];
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final int limit;
    private final Runnable onDrained;
    /** Guarded by lock. */
    private @Nullable Chunk head;

    private @Nullable Chunk tail;
    private long buffered;
    private boolean full;
    private boolean ended;
    private @Nullable IOException failure;

    /** @param onDrained runs (on the reader's thread, without the lock) when a full pipe falls below half */
    InboundPipe(int limit, Runnable onDrained) {
        this.limit = limit;
        this.onDrained = onDrained;
    }

    /** Appends {@code length} bytes of {@code src}; true when the pipe is now full. */
    boolean append(ByteBuffer src, int length) {
        lock.lock();
        try {
            while (length > 0) {
                Chunk c = room(length);
                int n = Math.min(length, c.data.length - c.end);
                src.get(c.data, c.end, n);
                c.end += n;
                length -= n;
                buffered += n;
            }
            return afterAppend();
        } finally {
            lock.unlock();
        }
    }

    boolean append(byte[] src, int offset, int length) {
        lock.lock();
        try {
            while (length > 0) {
                Chunk c = room(length);
                int n = Math.min(length, c.data.length - c.end);
                System.arraycopy(src, offset, c.data, c.end, n);
                c.end += n;
                offset += n;
                length -= n;
                buffered += n;
            }
            return afterAppend();
        } finally {
            lock.unlock();
        }
    }

    private Chunk room(int wanted) {
        if (tail == null || tail.end == tail.data.length) {
            Chunk c = new Chunk(Math.max(MIN_CHUNK, Math.min(wanted, limit)));
            if (tail == null) {
                head = c;
            } else {
                tail.next = c;
            }
            tail = c;
        }
        return tail;
    }

    private boolean afterAppend() {
        notEmpty.signal();
        if (buffered >= limit) {
            full = true;
        }
        return full;
    }

    /** The peer ended the stream (or {@code failure} ended it): readers get the rest, then -1 or the failure. */
    void end(@Nullable IOException failure) {
        lock.lock();
        try {
            if (!ended) {
                ended = true;
                this.failure = failure;
            }
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Drops what is buffered and fails readers with {@code failure} (the transport was closed). */
    void close(IOException failure) {
        lock.lock();
        try {
            head = null;
            tail = null;
            buffered = 0;
            ended = true;
            this.failure = failure;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    long buffered() {
        lock.lock();
        try {
            return buffered;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes up to {@code len} bytes, parking while the pipe is empty.
     *
     * @param timeoutMillis 0 for no timeout
     * @return bytes taken, or -1 when the peer ended the stream
     * @throws SocketTimeoutException when the timeout passed (the pipe is still usable)
     */
    int read(byte[] dst, int off, int len, int timeoutMillis) throws IOException {
        if (len == 0) {
            return 0;
        }
        boolean resume = false;
        int n = 0;
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (head == null) {
                if (ended) {
                    if (failure != null) {
                        throw failure;
                    }
                    return -1;
                }
                if (timeoutMillis == 0) {
                    notEmpty.awaitUninterruptibly();
                } else {
                    if (nanos <= 0) {
                        throw new SocketTimeoutException("websocket: read timed out");
                    }
                    nanos = notEmpty.awaitNanos(nanos);
                }
            }
            while (n < len && head != null) {
                Chunk c = head;
                int k = Math.min(len - n, c.end - c.start);
                System.arraycopy(c.data, c.start, dst, off + n, k);
                c.start += k;
                n += k;
                if (c.start == c.end) {
                    if (c == tail) {
                        head = null; // an idle connection keeps no chunk
                        tail = null;
                    } else {
                        head = c.next;
                    }
                }
            }
            buffered -= n;
            if (full && buffered < limit / 2) {
                full = false;
                resume = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("websocket: interrupted while reading");
        } finally {
            lock.unlock();
        }
        if (resume) {
            onDrained.run();
        }
        return n;
    }
}
