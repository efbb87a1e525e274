package io.github.wsboot.websocket.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * Bounds one client handshake: a deadline over connect, TLS handshake and HTTP exchange, and cancellation
 * from another thread. A blocking socket has no other way to abort a connect or a write than being closed,
 * so both act by closing the watched socket under the blocked call; reads additionally get {@code SO_TIMEOUT}
 * from {@link #soTimeoutMillis()} so that they time out by themselves.
 *
 * <p>Used by the dialing thread, except {@link #cancel()}, which any thread may call at any time.
 */
public final class HandshakeGuard {

    /** Go's net.Dialer never gives one address less than this of a longer remaining budget. */
    private static final long MIN_ADDRESS_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final @Nullable Duration timeout;
    private final long deadline; // System.nanoTime() based; meaningless when timeout is null
    private final ReentrantLock lock = new ReentrantLock();
    private @Nullable Socket socket; // lock
    private @Nullable ScheduledFuture<?> watchdog; // lock
    private boolean cancelled; // lock
    private boolean expired; // lock
    private boolean finished; // lock

    /** A guard whose deadline is {@code timeout} from now; null or zero means no deadline. */
    public HandshakeGuard(@Nullable Duration timeout) {
        this.timeout = timeout == null || timeout.isZero() || timeout.isNegative() ? null : timeout;
        this.deadline = this.timeout == null ? 0 : System.nanoTime() + saturatedNanos(this.timeout);
    }

    /** The overall timeout, or null when the handshake is unbounded. */
    private long timeoutMillis() {
        Duration t = timeout;
        return t == null ? 0 : t.toMillis();
    }

    public @Nullable Duration timeout() {
        return timeout;
    }

    /**
     * The time left, or null when there is no deadline.
     *
     * @throws SocketTimeoutException when the deadline has passed
     * @throws InterruptedIOException when the handshake was cancelled
     */
    public @Nullable Duration remaining() throws IOException {
        checkLive();
        if (timeout == null) {
            return null;
        }
        return Duration.ofNanos(remainingNanos());
    }

    /**
     * A value for {@link Socket#setSoTimeout}: the time left in milliseconds (at least 1), or 0 when there is
     * no deadline.
     *
     * @throws SocketTimeoutException when the deadline has passed
     * @throws InterruptedIOException when the handshake was cancelled
     */
    public int soTimeoutMillis() throws IOException {
        checkLive();
        return timeout == null ? 0 : toMillis(remainingNanos());
    }

    /**
     * The connect timeout for one of {@code addressesLeft} addresses still to try, splitting the time left
     * between them as Go's dialer does; 0 when there is no deadline.
     */
    public int connectTimeoutMillis(int addressesLeft) throws IOException {
        checkLive();
        if (timeout == null) {
            return 0;
        }
        long left = remainingNanos();
        long share = left / Math.max(1, addressesLeft);
        if (share < MIN_ADDRESS_BUDGET_NANOS) {
            share = Math.min(left, MIN_ADDRESS_BUDGET_NANOS);
        }
        return toMillis(share);
    }

    /**
     * Makes {@code s} the socket that a deadline or a cancellation closes; the first call starts the
     * deadline's watchdog. Call it before blocking on the socket (before {@code connect} for a socket of our
     * own).
     *
     * @throws InterruptedIOException when the handshake was already cancelled (the socket is then closed)
     * @throws SocketTimeoutException when the deadline already passed (the socket is then closed)
     */
    public void watch(Socket s) throws IOException {
        lock.lock();
        try {
            socket = s;
            if (cancelled || expired || deadlinePassed()) {
                closeQuietly(s);
                checkLive(); // throws
            }
            if (timeout != null && watchdog == null) {
                watchdog = DeadlineTimer.schedule(this::expire, deadline - System.nanoTime());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Aborts the handshake: closes the watched socket, and every later call of this guard fails. */
    public void cancel() {
        lock.lock();
        try {
            if (finished || cancelled) {
                return;
            }
            cancelled = true;
            closeQuietly(socket);
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #cancel()} was called before {@link #finish()}. */
    public boolean isCancelled() {
        lock.lock();
        try {
            return cancelled;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the guard after a successful handshake: from now on neither the deadline nor a cancellation
     * touches the socket.
     *
     * @throws IOException when the deadline or a cancellation struck first (the socket is closed by then)
     */
    public void finish() throws IOException {
        lock.lock();
        try {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            // Only an abort that closed the socket fails the handshake; a reply that made it just past the
            // deadline is still good.
            if (cancelled) {
                throw new InterruptedIOException("websocket: dial cancelled");
            }
            if (expired) {
                throw new SocketTimeoutException("websocket: handshake timed out after " + timeoutMillis() + " ms");
            }
            finished = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the watchdog after a failure and explains it: an error caused by the deadline or by a
     * cancellation (typically "Socket closed" from under a blocked call) is replaced by a
     * {@link SocketTimeoutException} or an {@link InterruptedIOException} that names the step, with the
     * original as its cause; other errors are returned unchanged.
     */
    public IOException failure(IOException e, String step) {
        boolean timedOut;
        boolean wasCancelled;
        lock.lock();
        try {
            stop();
            wasCancelled = cancelled;
            timedOut = expired || (timeout != null && e instanceof SocketTimeoutException);
        } finally {
            lock.unlock();
        }
        IOException replaced;
        if (wasCancelled) {
            replaced = new InterruptedIOException("websocket: dial cancelled while " + step);
        } else if (timedOut) {
            replaced = new SocketTimeoutException(
                    "websocket: handshake timed out after " + timeoutMillis() + " ms while " + step);
        } else {
            return e;
        }
        replaced.initCause(e);
        return replaced;
    }

    /** Ends the guard after a failure: the watchdog stops, and a later cancellation does nothing. */
    public void stop() {
        lock.lock();
        try {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            finished = true;
        } finally {
            lock.unlock();
        }
    }

    private void expire() {
        lock.lock();
        try {
            if (finished || cancelled) {
                return;
            }
            expired = true;
            closeQuietly(socket);
        } finally {
            lock.unlock();
        }
    }

    private void checkLive() throws IOException {
        lock.lock();
        try {
            if (cancelled) {
                throw new InterruptedIOException("websocket: dial cancelled");
            }
            if (expired || deadlinePassed()) {
                expired = true;
                throw new SocketTimeoutException("websocket: handshake timed out after " + timeoutMillis() + " ms");
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean deadlinePassed() {
        return timeout != null && deadline - System.nanoTime() <= 0;
    }

    private long remainingNanos() {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static int toMillis(long nanos) {
        long ms = TimeUnit.NANOSECONDS.toMillis(nanos + 999_999);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ms));
    }

    private static long saturatedNanos(Duration d) {
        try {
            return Math.min(d.toNanos(), Long.MAX_VALUE / 4);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    private static void closeQuietly(@Nullable Socket s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (IOException e) {
            System.getLogger(HandshakeGuard.class.getName()).log(System.Logger.Level.DEBUG, "error closing socket", e);
        }
    }
}
