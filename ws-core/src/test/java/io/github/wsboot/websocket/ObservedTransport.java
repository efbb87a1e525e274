package io.github.wsboot.websocket;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A transport wrapper that lets tests see what the connection does with its transport: whether a read or a
 * write is in progress (blocked), how many bytes went out, whether it was closed. It can also pretend to have
 * no read timeouts, like a servlet container's stream.
 */
final class ObservedTransport implements Transport {

    private final Transport delegate;
    private final boolean readTimeouts;
    final AtomicInteger readsInProgress = new AtomicInteger();
    final AtomicInteger writesInProgress = new AtomicInteger();
    final AtomicLong bytesWritten = new AtomicLong();
    final AtomicBoolean closed = new AtomicBoolean();

    ObservedTransport(Transport delegate) {
        this(delegate, true);
    }

    /** @param readTimeouts false to answer {@link #setReadTimeout} with false (no native read timeouts) */
    ObservedTransport(Transport delegate, boolean readTimeouts) {
        this.delegate = delegate;
        this.readTimeouts = readTimeouts;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        readsInProgress.incrementAndGet();
        try {
            return delegate.read(buffer, offset, length);
        } finally {
            readsInProgress.decrementAndGet();
        }
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        writesInProgress.incrementAndGet();
        try {
            delegate.write(buffer, offset, length);
            bytesWritten.addAndGet(length);
        } finally {
            writesInProgress.decrementAndGet();
        }
    }

    @Override
    public boolean setReadTimeout(int millis) throws IOException {
        return readTimeouts && delegate.setReadTimeout(millis);
    }

    @Override
    public SocketAddress localAddress() {
        return delegate.localAddress();
    }

    @Override
    public SocketAddress remoteAddress() {
        return delegate.remoteAddress();
    }

    @Override
    public void close() throws IOException {
        closed.set(true);
        delegate.close();
    }

    /** Waits until a thread is inside {@link #read}. */
    void awaitBlockedRead(long timeoutMillis) throws InterruptedException {
        awaitPositive(readsInProgress, timeoutMillis, "read");
    }

    /** Waits until a thread is inside {@link #write}. */
    void awaitBlockedWrite(long timeoutMillis) throws InterruptedException {
        awaitPositive(writesInProgress, timeoutMillis, "write");
    }

    private static void awaitPositive(AtomicInteger counter, long timeoutMillis, String what)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (counter.get() == 0) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no " + what + " in progress after " + timeoutMillis + " ms");
            }
            Thread.sleep(1);
        }
    }
}
