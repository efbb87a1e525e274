package io.github.wsboot.websocket.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.Transport;

/**
 * The Jetty {@link Connection} that takes over an upgraded {@link EndPoint}, presented to {@code Conn} as a
 * blocking {@link Transport}.
 *
 * <p>Jetty's endpoints are non-blocking: {@link #read} fills directly from the endpoint and, when nothing is
 * available, registers fill interest and parks the reading thread until Jetty reports the endpoint
 * readable (or failed, or closed); {@link #write} hands the bytes to the endpoint and parks until Jetty's
 * write callback completes. Reads time out natively ({@link #setReadTimeout}). Jetty's own idle timeout is
 * switched off when the connection opens, so the websocket's deadlines and keepalive are the only timeouts.
 * Bytes that arrived together with the HTTP request are handed over by Jetty ({@link #onUpgradeTo}) and
 * returned by the first reads.
 *
 * <p>One thread may read while another writes; {@link #close()} is safe from any thread.
 */
final class JettyTransport extends AbstractConnection implements Connection.UpgradeTo, Transport {

    private static final System.Logger LOG = System.getLogger(JettyTransport.class.getName());

    private final Consumer<JettyTransport> onOpen;
    private final Callback fillable = new FillableCallback();
    /** Conn lets one writer in at a time, so one reusable blocking callback serves all writes. */
    private final Blocker.Shared writeBlocker = new Blocker.Shared();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    /** Set by Jetty when the endpoint became readable since the reader last looked; guarded by {@link #lock}. */
    private boolean fillableSignalled;
    /** Why the endpoint can no longer be read; guarded by {@link #lock}. */
    private @Nullable Throwable fillFailure;
    /** Whether the connection has closed; guarded by {@link #lock}. */
    private boolean closed;

    /** Bytes that arrived with the HTTP request; set before {@link #onOpen}, then touched only by the reader. */
    private @Nullable ByteBuffer leftover;

    private volatile int readTimeoutMillis;

    /**
     * @param onOpen runs once Jetty has installed this connection on the endpoint; it must not block
     */
    JettyTransport(EndPoint endPoint, Executor executor, Consumer<JettyTransport> onOpen) {
        super(endPoint, executor);
        this.onOpen = onOpen;
    }

    // ------------------------------------------------------------------------------------------------------
    // Jetty side
    // ------------------------------------------------------------------------------------------------------

    @Override
    public void onUpgradeTo(ByteBuffer buffer) {
        // What the HTTP parser read past the request: the client's first frames. Copied, because the buffer
        // belongs to the connection being replaced.
        ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
        copy.put(buffer).flip();
        leftover = copy;
    }

    @Override
    public void onOpen() {
        super.onOpen();
        // The HTTP connector's idle timeout would cut quiet websockets off; Conn owns timeouts from here on.
        getEndPoint().setIdleTimeout(0);
        onOpen.accept(this);
    }

    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        return false; // in case something re-enables the endpoint idle timeout: never close for idleness
    }

    @Override
    public void onFillable() {
        lock.lock();
        try {
            fillableSignalled = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onFillInterestedFailed(Throwable cause) {
        lock.lock();
        try {
            if (fillFailure == null) {
                fillFailure = cause;
            }
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onClose(Throwable cause) {
        lock.lock();
        try {
            closed = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
        super.onClose(cause);
    }

    /** Wakes the parked reader from the selector thread itself: it only signals, so no dispatch is needed. */
    private final class FillableCallback implements Callback {
        @Override
        public void succeeded() {
            onFillable();
        }

        @Override
        public void failed(Throwable x) {
            onFillInterestedFailed(x);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // Transport side
    // ------------------------------------------------------------------------------------------------------

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        ByteBuffer pending = leftover;
        if (pending != null) {
            int n = Math.min(length, pending.remaining());
            pending.get(buffer, offset, n);
            if (!pending.hasRemaining()) {
                leftover = null;
            }
            return n;
        }
        // EndPoint.fill appends after the limit up to the capacity: give it exactly the caller's region.
        ByteBuffer target = ByteBuffer.wrap(buffer, offset, length).slice();
        target.limit(0);
        int timeout = readTimeoutMillis;
        long deadline = timeout > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout) : 0;
        while (true) {
            lock.lock();
            try {
                // Cleared before filling so that a signal arriving between fill and await is not lost.
                fillableSignalled = false;
            } finally {
                lock.unlock();
            }
            int n = getEndPoint().fill(target);
            if (n != 0) {
                return n; // bytes, or -1 at end of stream
            }
            getEndPoint().tryFillInterested(fillable); // false when a timed-out read left one registered
            awaitReadable(deadline);
        }
    }

    private void awaitReadable(long deadline) throws IOException {
        lock.lock();
        try {
            while (!fillableSignalled) {
                if (fillFailure != null) {
                    throw readFailed(fillFailure);
                }
                if (closed) {
                    throw new EOFException("websocket: connection closed");
                }
                if (deadline == 0) {
                    readable.await();
                } else {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        throw new SocketTimeoutException("Read timed out");
                    }
                    readable.awaitNanos(remaining);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("websocket: interrupted while reading");
        } finally {
            lock.unlock();
        }
    }

    private static IOException readFailed(Throwable cause) {
        return cause instanceof IOException io ? io : new IOException("websocket: read failed: " + cause, cause);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        SlicedWrites.write(this::writeBlocking, buffer, offset, length);
    }

    @Override
    public void write(byte[] first, int firstOffset, int firstLength, byte[] second, int secondOffset, int secondLength)
            throws IOException {
        SlicedWrites.write(this::writeBlocking, first, firstOffset, firstLength, second, secondOffset, secondLength);
    }

    private void writeBlocking(ByteBuffer... buffers) throws IOException {
        try (Blocker.Callback callback = writeBlocker.callback()) {
            getEndPoint().write(callback, buffers);
            callback.block();
        }
    }

    @Override
    public boolean setReadTimeout(int millis) {
        readTimeoutMillis = millis;
        return true;
    }

    @Override
    public void shutdownOutput() {
        getEndPoint().shutdownOutput();
    }

    @Override
    public SocketAddress localAddress() {
        return getEndPoint().getLocalSocketAddress();
    }

    @Override
    public SocketAddress remoteAddress() {
        return getEndPoint().getRemoteSocketAddress();
    }

    @Override
    public void close() {
        LOG.log(System.Logger.Level.DEBUG, "closing {0}", this);
        getEndPoint().close();
    }
}
