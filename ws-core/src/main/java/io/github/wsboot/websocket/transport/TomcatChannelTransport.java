package io.github.wsboot.websocket.transport;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketBufferHandler;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * A blocking {@link io.github.wsboot.websocket.Transport} over the plain TCP channel of a Tomcat NIO
 * connection, taken out of Tomcat's poller: after the hand-over, reads and writes are ordinary blocking
 * {@link SocketChannel} calls, one system call each, with no Tomcat thread involved.
 *
 * <p>Taking over: at the hand-over (on Tomcat's thread) the bytes Tomcat had read past the HTTP request are
 * copied out of its read buffer. The first read or write then takes the channel out of the poller's selector
 * in step with the poller ({@link #ensureBlocking}), which takes one or two turns of the poller, and switches
 * it to blocking mode. Tomcat is never asked to poll this socket again, and the {@code SO_TIMEOUT} it set when
 * it accepted the socket is cleared, so its connection and keep-alive timeouts cannot fire. Right after,
 * Tomcat is made to forget the connection ({@link #detachFromTomcat}), which frees its per-connection buffers.
 *
 * <p>Guarantees: {@link #close()} from any thread closes the channel, which makes blocked reads and writes
 * fail at once (the JDK's asynchronous close) and sends FIN; if Tomcat still knows the connection it is then
 * released through Tomcat ({@link TomcatConnection#closeThroughTomcat}). Reads time out natively through
 * {@code SO_TIMEOUT} and the transport stays usable after a timeout. Blocking channel I/O does not pin virtual
 * threads. When the connector stops, a detached connection is closed by {@link DetachedTomcatConnections}
 * within a second; one Tomcat still knows is closed through {@link TomcatUpgradeHandler#timeoutAsync}.
 *
 * <p>One thread may read while another writes; {@link #close()} is safe from any thread.
 */
final class TomcatChannelTransport implements TomcatConnection {

    private static final System.Logger LOG = System.getLogger(TomcatChannelTransport.class.getName());

    /** How long the first I/O call waits for Tomcat's poller to drop the channel. */
    private static final long RELEASE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** First and longest pause between checks of whether the poller has released the channel. */
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    /** An interest bit no selector or Tomcat uses: set on the wrapper, the poller overwrites it when it runs. */
    private static final int POLLER_MARK = 1 << 30;

    /** Largest slice per write: the JDK copies a heap buffer into a temporary direct buffer of its full size. */
    private static final int MAX_WRITE_SLICE = 64 * 1024;

    /** Tomcat's socket wrapper until the connection is detached from Tomcat; null after. */
    private volatile NioEndpoint.NioSocketWrapper wrapper;
    private final SocketChannel channel;
    private final NioEndpoint.Poller poller;
    private final Socket socket;
    private final InputStream in;
    private final SocketAddress local;
    private final SocketAddress remote;
    /** Serializes the one-time switch to blocking mode between the first reader and the first writer. */
    private final ReentrantLock takeOver = new ReentrantLock();
    private volatile boolean blocking;
    /** The poller's selector once the connection has left Tomcat ({@link #detachFromTomcat}), else null. */
    private volatile Selector detachedFrom;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Bytes Tomcat had read past the request; touched only by the reader after construction. */
    private ByteBuffer leftover;
    private int soTimeout;

    private TomcatChannelTransport(NioEndpoint.NioSocketWrapper wrapper, SocketChannel channel, NioEndpoint.Poller poller,
                                   ByteBuffer leftover, SocketAddress local, SocketAddress remote) throws IOException {
        this.wrapper = wrapper;
        this.channel = channel;
        this.poller = poller;
        this.socket = channel.socket();
        // Tomcat set SO_TIMEOUT to its connection timeout when it accepted the socket: Conn owns timeouts now.
        socket.setSoTimeout(0);
        this.in = socket.getInputStream();
        this.leftover = leftover;
        this.local = local;
        this.remote = remote;
    }

    /**
     * Takes the channel of {@code wrapper} out of Tomcat's poller if it is a plain TCP connection of Tomcat's
     * NIO connector; returns null otherwise (TLS, NIO2, Unix domain sockets), leaving the connection to
     * Tomcat. Runs on the Tomcat thread that processes the upgrade, which holds the wrapper's lock.
     */
    static TomcatChannelTransport take(SocketWrapperBase<?> wrapper, SocketAddress local, SocketAddress remote)
            throws IOException {
        if (!(wrapper instanceof NioEndpoint.NioSocketWrapper nio)) {
            return null;
        }
        NioChannel nioChannel = nio.getSocket();
        if (nioChannel == null || nioChannel.getClass() != NioChannel.class) {
            return null; // TLS: the bytes on the wire are Tomcat's SSLEngine's business
        }
        SocketChannel channel = nioChannel.getIOChannel();
        if (channel == null || !(channel.getRemoteAddress() instanceof InetSocketAddress)) {
            return null;
        }
        SocketBufferHandler buffers = wrapper.getSocketBufferHandler();
        if (!buffers.isWriteBufferEmpty()) {
            return null; // not expected after the 101 went out; Tomcat would have to flush it
        }
        return new TomcatChannelTransport(nio, channel, nio.getPoller(), drain(buffers), local, remote);
    }

    /** Copies what Tomcat's read buffer holds (the client's first frames, if they came with the request). */
    private static ByteBuffer drain(SocketBufferHandler buffers) {
        buffers.configureReadBufferForRead();
        ByteBuffer read = buffers.getReadBuffer();
        if (!read.hasRemaining()) {
            return null;
        }
        ByteBuffer copy = ByteBuffer.allocate(read.remaining());
        copy.put(read).flip();
        return copy;
    }

    /**
     * Takes the channel out of Tomcat's poller and switches it to blocking mode, once. The key can only be
     * cancelled safely once the poller is done with the selection that dispatched the upgrade request: right
     * after that dispatch it still looks at the key, and a key cancelled under it makes it close the socket.
     * So first a no-op event is queued for the poller with a mark on the wrapper's interest set, which the
     * poller overwrites when it handles the event, at the start of its next loop. From then on the key (with
     * no interest) is never selected, so it is cancelled, and the channel is switched to blocking mode once
     * the poller's next select has deregistered it.
     */
    private void ensureBlocking() throws IOException {
        if (blocking) {
            return;
        }
        takeOver.lock();
        try {
            if (blocking) {
                return;
            }
            NioEndpoint.NioSocketWrapper w = wrapper;
            ReentrantLock tomcatLock = w.getLock();
            boolean insideTomcat = tomcatLock.isHeldByCurrentThread();
            // Tomcat's own processing of the upgrade request must be over (its processor back on the wrapper)
            // before the poller is touched, so that a close by Tomcat meanwhile finds and releases it.
            tomcatLock.lock();
            try {
                takeOutOfPoller(w, insideTomcat);
            } finally {
                tomcatLock.unlock();
            }
        } finally {
            takeOver.unlock();
        }
    }

    private void takeOutOfPoller(NioEndpoint.NioSocketWrapper w, boolean insideTomcat) throws IOException {
        checkOpen();
        if (w.isClosed()) {
            throw new SocketException("websocket: connection closed by Tomcat");
        }
        long deadline = System.nanoTime() + RELEASE_TIMEOUT_NANOS;
        long pause = FIRST_PAUSE_NANOS;
        w.interestOps(POLLER_MARK);
        poller.add(w, 0);
        while (w.interestOps() == POLLER_MARK) {
            pause = awaitPoller(deadline, pause);
        }
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
        pause = FIRST_PAUSE_NANOS;
        while (channel.isRegistered()) {
            selector.wakeup();
            pause = awaitPoller(deadline, pause);
        }
        channel.configureBlocking(true);
        blocking = true;
        if (standIn != null) {
            detachFromTomcat(w, selector, standIn);
        }
    }

    /**
     * Has Tomcat close its side of the connection without closing the socket, once the poller has let go of it:
     * Tomcat's wrapper was given a {@link TomcatStandInChannel} to close, so Tomcat releases the upgrade
     * processor, counts the connection down, drops it from its table of connections and returns the channel
     * object with its two 8 KiB buffers to its cache. An idle connection then holds none of Tomcat's memory
     * (16 KiB of the 37 KiB measured per idle connection before). From here on Tomcat does not know the
     * connection: {@link DetachedTomcatConnections} closes it when the connector stops, and
     * {@code maxConnections} no longer counts it. The caller holds the wrapper's lock, so this never happens in
     * the middle of Tomcat's own processing of the socket; skipped (the connection stays with Tomcat) when the
     * first I/O happens on the Tomcat thread that processes the upgrade.
     */
    private void detachFromTomcat(NioEndpoint.NioSocketWrapper w, Selector selector, TomcatStandInChannel standIn) {
        detachedFrom = selector;
        DetachedTomcatConnections.add(selector, this);
        if (closed.get()) { // close() ran meanwhile and did not see detachedFrom
            DetachedTomcatConnections.remove(selector, this);
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
     * waking every 50 µs, and on a busy core those wakeups starve the very poller they wait for (seen in the
     * load benchmark: bursts of 2,000 handshakes on one busy core lost a connection to a
     * ClosedChannelException here in 2 of 2 cold runs before, 0 of 8 after).
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

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        checkOpen();
        ByteBuffer pending = leftover;
        if (pending != null && length > 0) {
            int n = Math.min(length, pending.remaining());
            pending.get(buffer, offset, n);
            if (!pending.hasRemaining()) {
                leftover = null;
            }
            return n;
        }
        ensureBlocking();
        try {
            return in.read(buffer, offset, length);
        } catch (IOException e) {
            throw closed.get() ? closedException(e) : e;
        }
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        ensureBlocking();
        int end = offset + length;
        for (int pos = offset; pos < end; ) {
            int n = Math.min(MAX_WRITE_SLICE, end - pos);
            writeFully(ByteBuffer.wrap(buffer, pos, n));
            pos += n;
        }
    }

    /** The frame header goes out in one gathering write with as much payload as fits in a slice. */
    @Override
    public void write(byte[] first, int firstOffset, int firstLength, byte[] second, int secondOffset, int secondLength)
            throws IOException {
        if (firstLength >= MAX_WRITE_SLICE) {
            write(first, firstOffset, firstLength);
            write(second, secondOffset, secondLength);
            return;
        }
        ensureBlocking();
        int together = Math.min(secondLength, MAX_WRITE_SLICE - firstLength);
        writeFully(ByteBuffer.wrap(first, firstOffset, firstLength), ByteBuffer.wrap(second, secondOffset, together));
        write(second, secondOffset + together, secondLength - together);
    }

    private void writeFully(ByteBuffer... buffers) throws IOException {
        try {
            ByteBuffer last = buffers[buffers.length - 1];
            while (last.hasRemaining() || buffers[0].hasRemaining()) {
                channel.write(buffers);
            }
        } catch (IOException e) {
            throw closed.get() ? closedException(e) : e;
        }
    }

    @Override
    public boolean setReadTimeout(int millis) throws IOException {
        if (millis != soTimeout) {
            socket.setSoTimeout(millis);
            soTimeout = millis;
        }
        return true;
    }

    @Override
    public void shutdownOutput() throws IOException {
        if (blocking && !closed.get()) {
            try {
                channel.shutdownOutput();
            } catch (IOException e) {
                // Already reset by the peer or closed: nothing left to half-close.
            }
        }
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    /**
     * Tomcat is done with the connection: close the channel so blocked calls fail now. Ignored once the
     * connection is detached: Tomcat then reports its own close of the stand-in (its per-second scan of waiting
     * processors can still see the wrapper closed by the detach, and would otherwise close a live connection).
     */
    @Override
    public void onEnded(IOException cause) {
        if (detachedFrom != null) {
            return;
        }
        closeChannel();
    }

    @Override
    public boolean isFinished() {
        return closed.get() || !channel.isOpen();
    }

    private void checkOpen() throws SocketException {
        if (closed.get()) {
            throw new SocketException("websocket: connection closed");
        }
    }

    private static SocketException closedException(IOException cause) {
        SocketException e = new SocketException("websocket: connection closed");
        e.initCause(cause);
        return e;
    }

    /** Closes the channel (blocked calls fail at once, FIN goes out), then lets Tomcat release the connection. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        awaitTomcatsProcessing();
        closeChannel();
        Selector poller = detachedFrom;
        if (poller != null) {
            DetachedTomcatConnections.remove(poller, this);
        } else {
            NioEndpoint.NioSocketWrapper w = wrapper;
            if (w != null) {
                TomcatConnection.closeThroughTomcat(w);
            }
        }
    }

    /**
     * Before the channel is taken out of the poller, Tomcat may still be finishing its processing of the upgrade
     * request (the hand-over runs on its thread, and the connection's thread starts before it ends). Closing the
     * channel under it left Tomcat's upgrade processor in its list of waiting processors for good (seen on Java
     * 25 with connections closed right after the handshake); waiting for the wrapper's lock, which that
     * processing holds, lets it end first. Not when called inside that processing.
     */
    private void awaitTomcatsProcessing() {
        NioEndpoint.NioSocketWrapper w = wrapper;
        if (blocking || w == null) {
            return;
        }
        ReentrantLock lock = w.getLock();
        if (!lock.isHeldByCurrentThread()) {
            lock.lock();
            lock.unlock();
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the upgraded channel failed", e);
        }
    }

    @Override
    public String toString() {
        return "TomcatChannelTransport[" + remote + (closed.get() ? ", closed" : "") + "]";
    }
}
