package io.github.wsboot.websocket.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.internal.DeadlineTimer;

/**
 * A blocking {@link io.github.wsboot.websocket.Transport} over a Tomcat connection handed over by
 * {@link TomcatUpgradeHandler}, through Tomcat's socket wrapper: used for TLS connections and Tomcat's NIO2
 * connector (plain NIO connections get the cheaper {@link TomcatChannelTransport}).
 *
 * <p>Every read and write goes through Tomcat's socket wrapper in <em>non-blocking</em> mode, so TLS, the bytes
 * that arrived with the HTTP request and Tomcat's buffers are all handled by Tomcat. When the socket has
 * nothing to read (or cannot take more bytes), the calling thread registers interest with Tomcat's poller and
 * parks on a {@link Condition} of the wrapper's own lock; Tomcat's dispatch of {@code OPEN_READ} /
 * {@code OPEN_WRITE} to the handler signals it. Tomcat's blocking mode is not used because it waits in
 * {@code Object.wait} that nothing but the poller can end: {@link #close()} could not wake it, and it pins
 * virtual threads on Java 21 to 23.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>{@link #close()}, from any thread, wakes blocked reads and writes at once (they fail with a
 *       {@link SocketException}) and closes the TCP connection through Tomcat's own close path, so Tomcat
 *       releases the processor, the handler and its connection count.</li>
 *   <li>Reads time out natively ({@link #setReadTimeout} returns true); the transport stays usable.</li>
 *   <li>Tomcat's connection and keep-alive timeouts are off for upgraded connections (Tomcat sets them to
 *       infinite for internal upgrade handlers), so the websocket's deadlines are the only timeouts.</li>
 *   <li>When Tomcat ends the connection itself (peer gone, I/O error, connector stop), parked callers are
 *       released: at once when Tomcat reports it to the handler, otherwise within a second, by a watchdog
 *       task on the shared deadline timer that looks at the socket wrapper's closed flag.</li>
 *   <li>Each I/O call holds the wrapper's lock, the one Tomcat holds while it processes an event for the
 *       socket, and checks the wrapper is open first. So no call overlaps this transport's close or any close
 *       Tomcat makes while processing an event (after which Tomcat may recycle the channel for another
 *       connection). Reads and writes from two threads are serialized only for the duration of a
 *       non-blocking system call.</li>
 * </ul>
 *
 * <p>One thread may read while another writes; {@link #close()} is safe from any thread.
 */
final class TomcatSocketWrapperTransport extends AddressedTransport implements TomcatConnection {

    /**
     * How often the watchdog looks whether Tomcat closed the socket without telling the handler: when the
     * connector stops, Tomcat closes every socket directly, and only connections that happen to be in its
     * waiting list hear about it first ({@link TomcatUpgradeHandler#timeoutAsync}).
     */
    private static final long WATCHDOG_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final SocketWrapperBase<?> wrapper;
    /** The wrapper's lock: Tomcat holds it while it processes any event for this socket. */
    private final ReentrantLock lock;

    private final Condition readable;
    private final Condition writable;

    /** Read interest is registered with the poller and not yet reported back; guarded by {@link #lock}. */
    private boolean readInterest;
    /** Write interest is registered with the poller and not yet reported back; guarded by {@link #lock}. */
    private boolean writeInterest;
    /** {@link #close()} was called; written under {@link #lock}. */
    private volatile boolean closed;
    /** Tomcat ended the connection (peer gone, error, shutdown); written under {@link #lock}. */
    private volatile boolean ended;
    /** Why Tomcat ended it, when it said; guarded by {@link #lock}. */
    private @Nullable IOException endCause;

    private volatile int readTimeoutMillis;
    /** Releases parked callers once Tomcat has closed the socket; runs on the shared deadline timer. */
    private volatile @Nullable ScheduledFuture<?> watchdog;

    TomcatSocketWrapperTransport(
            SocketWrapperBase<?> wrapper, @Nullable SocketAddress local, @Nullable SocketAddress remote) {
        super(local, remote);
        this.wrapper = wrapper;
        this.lock = wrapper.getLock();
        this.readable = lock.newCondition();
        this.writable = lock.newCondition();
    }

    // ------------------------------------------------------------------------------------------------------
    // Events from Tomcat (through TomcatUpgradeHandler, on a Tomcat thread holding the wrapper lock)
    // ------------------------------------------------------------------------------------------------------

    @Override
    public void onReadable() {
        lock.lock();
        try {
            readInterest = false;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onWritable() {
        lock.lock();
        try {
            writeInterest = false;
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A transport over {@code wrapper}, its watchdog running: call once Tomcat has handed the connection over. */
    static TomcatSocketWrapperTransport start(
            SocketWrapperBase<?> wrapper, @Nullable SocketAddress local, @Nullable SocketAddress remote) {
        TomcatSocketWrapperTransport t = new TomcatSocketWrapperTransport(wrapper, local, remote);
        t.startWatchdog();
        return t;
    }

    private void startWatchdog() {
        watchdog = DeadlineTimer.scheduleAtFixedRate(
                () -> {
                    if (wrapper.isClosed()) {
                        onEnded(null);
                    }
                },
                WATCHDOG_PERIOD_NANOS);
    }

    private void stopWatchdog() {
        ScheduledFuture<?> w = watchdog;
        if (w != null) {
            w.cancel(false);
        }
    }

    /** Wakes every parked caller: reads then see the end of the stream (or {@code cause}), writes fail. */
    @Override
    public void onEnded(@Nullable IOException cause) {
        stopWatchdog();
        lock.lock();
        try {
            if (!ended) {
                ended = true;
                endCause = cause;
            }
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isFinished() {
        return closed || ended || wrapper.isClosed();
    }

    // ------------------------------------------------------------------------------------------------------
    // Transport
    // ------------------------------------------------------------------------------------------------------

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int timeout = readTimeoutMillis;
        long deadline = timeout > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout) : 0;
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    throw TransportErrors.closed();
                }
                if (ended || wrapper.isClosed()) {
                    if (endCause != null) {
                        throw new IOException("websocket: the connection failed: " + endCause, endCause);
                    }
                    return -1;
                }
                int n;
                try {
                    n = wrapper.read(false, buffer, offset, length);
                } catch (EOFException e) {
                    return -1; // Tomcat reports the end of the stream this way in non-blocking mode
                }
                if (n != 0) {
                    return n;
                }
                if (!readInterest) {
                    readInterest = true;
                    wrapper.registerReadInterest();
                }
                park(readable, deadline);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        lock.lock();
        try {
            hand(buffer, offset, length);
            flush();
        } finally {
            lock.unlock();
        }
    }

    /** Both regions go into Tomcat's write buffer before one flush: a small frame leaves in one system call. */
    @Override
    public void write(byte[] first, int firstOffset, int firstLength, byte[] second, int secondOffset, int secondLength)
            throws IOException {
        lock.lock();
        try {
            hand(first, firstOffset, firstLength);
            hand(second, secondOffset, secondLength);
            flush();
        } finally {
            lock.unlock();
        }
    }

    /** Hands bytes to Tomcat in slices, flushing between slices so Tomcat never copies more than one. */
    private void hand(byte[] buffer, int offset, int length) throws IOException {
        int pos = offset;
        int end = offset + length;
        while (pos < end) {
            int n = Math.min(SlicedWrites.MAX_SLICE, end - pos);
            checkWritable();
            wrapper.write(false, buffer, pos, n);
            pos += n;
            if (pos < end) {
                flush();
            }
        }
    }

    /** Returns once Tomcat has handed every byte to the network, parking while the socket is full. */
    private void flush() throws IOException {
        while (true) {
            checkWritable();
            if (!wrapper.flush(false)) {
                return;
            }
            if (!writeInterest) {
                writeInterest = true;
                wrapper.registerWriteInterest();
            }
            park(writable, 0);
        }
    }

    private void checkWritable() throws SocketException {
        if (closed || ended || wrapper.isClosed()) {
            throw TransportErrors.closed();
        }
    }

    /**
     * Waits on {@code condition} (the lock is held) until signalled or the deadline (0: none) passes;
     * callers re-check the state in a loop.
     */
    @SuppressWarnings("WaitNotInLoop") // the callers loop: they re-check their condition after each wake-up
    private void park(Condition condition, long deadline) throws IOException {
        try {
            if (deadline == 0) {
                condition.await();
            } else {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new SocketTimeoutException("Read timed out");
                }
                condition.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("websocket: interrupted while waiting for the socket");
        }
    }

    @Override
    public boolean setReadTimeout(int millis) {
        readTimeoutMillis = millis;
        return true;
    }

    /**
     * Wakes every parked caller (their calls fail with a {@link SocketException}), then has Tomcat close the
     * connection ({@link TomcatConnection#closeThroughTomcat}).
     */
    @Override
    public void close() {
        stopWatchdog();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
        TomcatConnection.closeThroughTomcat(wrapper);
    }

    @Override
    public String toString() {
        return "TomcatSocketWrapperTransport[" + remoteAddress() + (closed ? ", closed" : ended ? ", ended" : "") + "]";
    }
}
