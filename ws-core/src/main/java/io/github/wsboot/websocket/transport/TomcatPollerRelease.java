package io.github.wsboot.websocket.transport;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.net.SocketException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * Takes the channel of a {@link TomcatChannelTransport} out of Tomcat's poller, once, at its first read or
 * write, switches it to blocking mode and then makes Tomcat forget the connection ({@link #detachFromTomcat}).
 *
 * <p>If the poller does not let go of the channel before anything irreversible happened (the key is not
 * cancelled yet), {@link #ensureBlocking} reports it and the connection stays with Tomcat: the transport then
 * carries on through Tomcat's socket wrapper.
 */
final class TomcatPollerRelease {

    private static final System.Logger LOG = System.getLogger(TomcatPollerRelease.class.getName());

    /** How long the first I/O call waits for Tomcat's poller to drop the channel. */
    private static final long RELEASE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** First and longest pause between checks of whether the poller has released the channel. */
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    /** An interest bit no selector or Tomcat uses: set on the wrapper, the poller overwrites it when it runs. */
    private static final int POLLER_MARK = 1 << 30;

    private final TomcatChannelTransport owner;
    private final SocketChannel channel;
    private final NioEndpoint.Poller poller;
    /** Tomcat's socket wrapper until the connection is detached from Tomcat; null after. */
    private volatile NioEndpoint.@Nullable NioSocketWrapper wrapper;
    /** Serializes the one-time switch to blocking mode between the first reader and the first writer. */
    private final ReentrantLock takeOver = new ReentrantLock();

    private volatile boolean blocking;
    /** The poller would not let go of the channel: it stays with Tomcat. */
    private volatile boolean keptByTomcat;
    /** The poller's selector once the connection has left Tomcat ({@link #detachFromTomcat}), else null. */
    private volatile @Nullable Selector detachedFrom;

    TomcatPollerRelease(TomcatChannelTransport owner, NioEndpoint.NioSocketWrapper wrapper, SocketChannel channel) {
        this.owner = owner;
        this.wrapper = wrapper;
        this.channel = channel;
        this.poller = wrapper.getPoller();
    }

    /** Tomcat's wrapper until the connection is detached, then null. */
    NioEndpoint.@Nullable NioSocketWrapper wrapper() {
        return wrapper;
    }

    boolean isBlocking() {
        return blocking;
    }

    /** The poller's selector once the connection has left Tomcat, else null. */
    @Nullable
    Selector detachedFrom() {
        return detachedFrom;
    }

    /**
     * Takes the channel out of Tomcat's poller and switches it to blocking mode, once. The key can only be
     * cancelled safely once the poller is done with the selection that dispatched the upgrade request: right
     * after that dispatch it still looks at the key, and a key cancelled under it makes it close the socket.
     * So first a no-op event is queued for the poller with a mark on the wrapper's interest set, which the
     * poller overwrites when it handles the event, at the start of its next loop. From then on the key (with
     * no interest) is never selected, so it is cancelled, and the channel is switched to blocking mode once
     * the poller's next select has deregistered it.
     *
     * @return true once the channel is blocking; false when the poller would not let go of it before anything
     *         irreversible happened, so the connection is still Tomcat's (the caller serves it through Tomcat)
     */
    boolean ensureBlocking() throws IOException {
        return ensureReleased(true);
    }

    /**
     * {@link #ensureBlocking()}, or with {@code toBlocking} false the same release leaving the channel in
     * non-blocking mode, for the event engine ({@link OwnedChannel#releaseNonBlocking()}).
     */
    boolean ensureReleased(boolean toBlocking) throws IOException {
        if (blocking) {
            return true;
        }
        takeOver.lock();
        try {
            if (blocking || keptByTomcat) {
                return blocking;
            }
            NioEndpoint.NioSocketWrapper w = Objects.requireNonNull(wrapper, "set when the transport was taken");
            ReentrantLock tomcatLock = w.getLock();
            boolean insideTomcat = tomcatLock.isHeldByCurrentThread();
            // Tomcat's own processing of the upgrade request must be over (its processor back on the wrapper)
            // before the poller is touched, so that a close by Tomcat meanwhile finds and releases it.
            tomcatLock.lock();
            try {
                if (!awaitPollersTurn(w)) {
                    keptByTomcat = true;
                    return false;
                }
                takeOutOfPoller(w, insideTomcat, toBlocking);
                return true;
            } finally {
                tomcatLock.unlock();
            }
        } finally {
            takeOver.unlock();
        }
    }

    /**
     * Queues the no-op event and waits until the poller has handled it. False when that failed for another
     * reason than a close (the poller did not run in time, or Tomcat's methods are not what they were): nothing
     * irreversible has happened, the key is still registered.
     */
    private boolean awaitPollersTurn(NioEndpoint.NioSocketWrapper w) throws IOException {
        checkOpen();
        if (w.isClosed()) {
            throw new SocketException("websocket: connection closed by Tomcat");
        }
        try {
            HandOverFaults.check(HandOverFaults.Step.POLLER_RELEASE);
            long deadline = System.nanoTime() + RELEASE_TIMEOUT_NANOS;
            long pause = FIRST_PAUSE_NANOS;
            w.interestOps(POLLER_MARK);
            poller.add(w, 0);
            while (w.interestOps() == POLLER_MARK) {
                pause = awaitPoller(deadline, pause);
            }
            return true;
        } catch (SocketException closed) {
            throw closed;
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "Tomcat's poller did not release the channel", e);
            return false;
        }
    }

    private void takeOutOfPoller(NioEndpoint.NioSocketWrapper w, boolean insideTomcat, boolean toBlocking)
            throws IOException {
        long deadline = System.nanoTime() + RELEASE_TIMEOUT_NANOS;
        // The poller sets the wrapper's interest set, then the key's: cancelled in between, the key throws and
        // the poller closes the wrapper. With the stand-in in place first, that close only detaches the
        // connection (as detachFromTomcat would) instead of closing the socket (a connection lost with a
        // ClosedChannelException here, about once in 10,000 handshakes on Java 25).
        TomcatStandInChannel standIn = null;
        if (!insideTomcat) {
            NioChannel nioChannel = w.getSocket();
            if (nioChannel.getIOChannel() == channel) {
                standIn = new TomcatStandInChannel(channel);
                nioChannel.reset(standIn, w);
            }
        }
        Selector selector = poller.getSelector();
        SelectionKey key = channel.keyFor(selector);
        if (key != null) {
            key.cancel();
        }
        long pause = FIRST_PAUSE_NANOS;
        while (channel.isRegistered()) {
            selector.wakeup();
            pause = awaitPoller(deadline, pause);
        }
        if (toBlocking) {
            channel.configureBlocking(true);
        }
        blocking = true; // released from the poller (in non-blocking mode for the event engine)
        if (standIn != null) {
            detachFromTomcat(w, selector, standIn);
        }
    }

    /**
     * Has Tomcat close its side of the connection without closing the socket, once the poller has let go of it:
     * Tomcat's wrapper was given a {@link TomcatStandInChannel} to close, so Tomcat releases the upgrade
     * processor, counts the connection down, drops it from its table of connections and returns the channel
     * object with its two 8 KiB buffers to its cache. An idle connection then holds none of Tomcat's memory.
     * From here on Tomcat does not know the connection: {@link DetachedTomcatConnections} closes it when the
     * connector stops, and {@code maxConnections} no longer counts it. The caller holds the wrapper's lock, so
     * this never happens in the middle of Tomcat's own processing of the socket; skipped (the connection stays
     * with Tomcat) when the first I/O happens on the Tomcat thread that processes the upgrade.
     */
    private void detachFromTomcat(NioEndpoint.NioSocketWrapper w, Selector selector, TomcatStandInChannel standIn) {
        detachedFrom = selector;
        DetachedTomcatConnections.add(selector, owner);
        if (owner.isClosed()) { // close() ran meanwhile and did not see detachedFrom
            DetachedTomcatConnections.remove(selector, owner);
        }
        try {
            w.close(); // nothing if Tomcat has closed it already (it then closed the stand-in)
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Tomcat failed to release the detached connection", e);
        }
        standIn.forget();
        wrapper = null;
    }

    /**
     * Waits {@code pause} for the poller and returns the next, longer pause. The pause doubles up to
     * {@link #MAX_PAUSE_NANOS}: a burst of new connections would otherwise have every connection thread
     * waking every 50 µs, and on a busy core those wakeups starve the very poller they wait for.
     */
    private long awaitPoller(long deadline, long pause) throws IOException {
        checkOpen();
        if (!channel.isOpen()) {
            throw new SocketException("websocket: connection closed by Tomcat");
        }
        if (System.nanoTime() - deadline > 0) {
            throw new IOException("websocket: Tomcat's poller did not release the upgraded connection");
        }
        LockSupport.parkNanos(pause);
        VarHandle.acquireFence(); // the poller writes the wrapper's interest set without a lock we share
        return Math.min(pause * 2, MAX_PAUSE_NANOS);
    }

    /**
     * Before the channel is taken out of the poller, Tomcat may still be finishing its processing of the upgrade
     * request (the hand-over runs on its thread, and the connection's thread starts before it ends). Closing the
     * channel under it left Tomcat's upgrade processor in its list of waiting processors for good (seen on Java
     * 25 with connections closed right after the handshake); waiting for the wrapper's lock, which that
     * processing holds, lets it end first. Not when called inside that processing.
     */
    void awaitTomcatsProcessing() {
        NioEndpoint.NioSocketWrapper w = wrapper;
        if (blocking || w == null) {
            return;
        }
        ReentrantLock lock = w.getLock();
        if (!lock.isHeldByCurrentThread()) {
            lock.lock(); // a barrier: waits for the Tomcat thread that holds it, then lets go at once
            try {
                // nothing to do under the lock
            } finally {
                lock.unlock();
            }
        }
    }

    private void checkOpen() throws SocketException {
        if (owner.isClosed()) {
            throw TransportErrors.closed();
        }
    }
}
