package io.github.wsboot.websocket.transport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.Transport;

/**
 * The transport of a server connection between {@code Upgrader.upgrade} and the moment the servlet container
 * hands the upgraded connection over, which happens only after the request handler has returned. Calls from
 * other threads wait for the hand-over (up to the handshake timeout); calls from the request thread itself
 * would wait forever, so they fail at once with an explanation.
 */
public final class DeferredTransport extends AddressedTransport {

    private final Thread requestThread;
    private final long timeoutNanos;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile @Nullable Transport delegate;
    private volatile boolean closed;
    /** Wraps the handed-over transport before first use (the event engine), or null. */
    private volatile @Nullable UnaryOperator<Transport> adopter;

    /**
     * @param timeoutNanos how long a caller waits for the container's hand-over; 0 or less means 30 seconds
     */
    public DeferredTransport(
            Thread requestThread, long timeoutNanos, @Nullable SocketAddress local, @Nullable SocketAddress remote) {
        super(local, remote);
        this.requestThread = requestThread;
        this.timeoutNanos = timeoutNanos > 0 ? timeoutNanos : TimeUnit.SECONDS.toNanos(30);
    }

    /**
     * Has {@code adopter} wrap the transport the container hands over, before anything uses it (the event
     * engine takes over the channels it can drive). Set before the hand-over.
     */
    public void adoptWith(UnaryOperator<Transport> adopter) {
        this.adopter = adopter;
    }

    /** Called by the container glue once the upgraded connection exists. */
    public void complete(Transport transport) throws IOException {
        UnaryOperator<Transport> a = adopter;
        if (a != null) {
            transport = a.apply(transport);
        }
        delegate = transport;
        ready.countDown();
        if (closed) {
            transport.close(); // closed before the container handed it over
        }
    }

    /** Whether the container has handed the connection over. */
    public boolean isReady() {
        return delegate != null;
    }

    /** The transport the container handed over, or null before that. */
    public @Nullable Transport delegate() {
        return delegate;
    }

    private Transport await() throws IOException {
        Transport t = delegate;
        if (t != null) {
            return t;
        }
        if (closed) {
            throw new IOException("websocket: connection closed before the upgrade completed");
        }
        if (Thread.currentThread() == requestThread) {
            throw new IllegalStateException("websocket: the connection cannot be used on the servlet request thread: "
                    + "the container hands the upgraded connection over only after the request handler returns. "
                    + "Serve it on another thread, e.g. upgrader.upgrade(request, response, headers, conn -> { ... })");
        }
        try {
            if (!ready.await(timeoutNanos, TimeUnit.NANOSECONDS)) {
                throw new IOException(
                        "websocket: the servlet container did not hand over the upgraded connection in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("websocket: interrupted waiting for the upgrade to complete");
        }
        t = delegate;
        if (t == null) {
            throw new IOException("websocket: connection closed before the upgrade completed");
        }
        return t;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        return await().read(buffer, offset, length);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        await().write(buffer, offset, length);
    }

    @Override
    public void write(byte[] first, int firstOffset, int firstLength, byte[] second, int secondOffset, int secondLength)
            throws IOException {
        await().write(first, firstOffset, firstLength, second, secondOffset, secondLength);
    }

    @Override
    public boolean setReadTimeout(int millis) throws IOException {
        return await().setReadTimeout(millis);
    }

    @Override
    public void shutdownOutput() throws IOException {
        Transport t = delegate;
        if (t != null) {
            t.shutdownOutput();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        Transport t = delegate;
        if (t != null) {
            t.close();
        } else {
            ready.countDown(); // wake waiters: they will see it closed
        }
    }
}
