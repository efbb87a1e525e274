package io.github.wsboot.websocket;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Two {@link Transport}s joined in memory: what one end writes the other reads. Reads block until data
 * arrives; closing either end ends both directions, wakes blocked readers (they see end of stream) and makes
 * later writes fail, as closing a socket does. No ports, so thousands of connections can come and go without
 * exhausting ephemeral ports.
 */
final class MemoryPipe {

    private static final int INITIAL = 512;

    private MemoryPipe() {
    }

    /** A joined pair: [0] the server's end, [1] the client's end. */
    static Transport[] pair() {
        Direction toClient = new Direction();
        Direction toServer = new Direction();
        return new Transport[] {new End(toServer, toClient), new End(toClient, toServer)};
    }

    /** One direction: a growable byte queue. */
    private static final class Direction {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition readable = lock.newCondition();
        private byte[] buf = new byte[INITIAL];
        private int start;
        private int end;
        private boolean closed;
        private int blockedReaders;

        void write(byte[] b, int off, int len) throws IOException {
            lock.lock();
            try {
                if (closed) {
                    throw new SocketException("pipe closed");
                }
                if (end + len > buf.length) {
                    int used = end - start;
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

        int read(byte[] b, int off, int len) throws IOException {
            lock.lock();
            try {
                while (start == end && !closed) {
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
                if (start == end) {
                    return -1;
                }
                int n = Math.min(len, end - start);
                System.arraycopy(buf, start, b, off, n);
                start += n;
                if (start == end) {
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
                Arrays.fill(buf, (byte) 0);
                readable.signalAll();
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

    /** One end: reads one direction, writes the other. */
    static final class End implements Transport {
        private final Direction in;
        private final Direction out;

        End(Direction in, Direction out) {
            this.in = in;
            this.out = out;
        }

        /** Whether a thread is blocked reading this end. */
        boolean readerBlocked() {
            return in.hasBlockedReader();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return in.read(buffer, offset, length);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            out.write(buffer, offset, length);
        }

        @Override
        public SocketAddress localAddress() {
            return null;
        }

        @Override
        public SocketAddress remoteAddress() {
            return null;
        }

        @Override
        public void close() {
            in.close();
            out.close();
        }
    }
}
