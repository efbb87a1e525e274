package io.github.wsboot.websocket.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketBufferHandler;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.HandOverObserver;

/**
 * A blocking {@link io.github.wsboot.websocket.Transport} over the plain TCP channel of a Tomcat NIO
 * connection, taken out of Tomcat's poller: after the hand-over, reads and writes are ordinary blocking
 * {@link SocketChannel} calls, one system call each, with no Tomcat thread involved.
 *
 * <p>Taking over: at the hand-over (on Tomcat's thread) the bytes Tomcat had read past the HTTP request are
 * copied out of its read buffer. The first read or write then takes the channel out of the poller
 * ({@link TomcatPollerRelease}) and switches it to blocking mode. Tomcat is never asked to poll this socket
 * again, and the {@code SO_TIMEOUT} it set when it accepted the socket is cleared, so its connection and
 * keep-alive timeouts cannot fire. Right after, Tomcat is made to forget the connection, which frees its
 * per-connection buffers. If the poller does not let go of the channel, the connection carries on through
 * Tomcat's socket wrapper ({@link TomcatSocketWrapperTransport}) instead, reported to the observer.
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
final class TomcatChannelTransport implements TomcatConnection, OwnedChannel {

    private static final System.Logger LOG = System.getLogger(TomcatChannelTransport.class.getName());

    private final SocketChannel channel;
    private final Socket socket;
    private final InputStream in;
    private final @Nullable SocketAddress local;
    private final @Nullable SocketAddress remote;
    private final HandOverObserver observer;
    private final TomcatPollerRelease release;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set once when the poller kept the channel: all I/O then goes through Tomcat's wrapper. */
    private volatile @Nullable TomcatSocketWrapperTransport throughTomcat;

    private final ReentrantLock fallBack = new ReentrantLock();
    /** Bytes Tomcat had read past the request; touched only by the reader after construction. */
    private @Nullable ByteBuffer leftover;

    private volatile int soTimeout;
    /** Run once by close(): the event engine's hook ({@link OwnedChannel#onClosed}). */
    private volatile @Nullable Runnable closedListener;

    private TomcatChannelTransport(
            NioEndpoint.NioSocketWrapper wrapper,
            SocketChannel channel,
            @Nullable SocketAddress local,
            @Nullable SocketAddress remote,
            HandOverObserver observer)
            throws IOException {
        this.channel = channel;
        this.socket = channel.socket();
        // Tomcat set SO_TIMEOUT to its connection timeout when it accepted the socket: Conn owns timeouts now.
        socket.setSoTimeout(0);
        this.in = socket.getInputStream();
        this.local = local;
        this.remote = remote;
        this.observer = observer;
        this.release = new TomcatPollerRelease(this, wrapper, channel);
    }

    /**
     * Takes the channel of {@code wrapper} out of Tomcat's poller if it is a plain TCP connection of Tomcat's
     * NIO connector; returns null otherwise (TLS, NIO2, Unix domain sockets), leaving the connection to
     * Tomcat. Runs on the Tomcat thread that processes the upgrade, which holds the wrapper's lock. Everything
     * that can fail happens before Tomcat's read buffer is drained, so a failure leaves the connection intact.
     */
    static @Nullable TomcatChannelTransport take(
            SocketWrapperBase<?> wrapper,
            @Nullable SocketAddress local,
            @Nullable SocketAddress remote,
            HandOverObserver observer)
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
        TomcatChannelTransport t = new TomcatChannelTransport(nio, channel, local, remote, observer);
        t.leftover = drain(buffers);
        return t;
    }

    /** Copies what Tomcat's read buffer holds (the client's first frames, if they came with the request). */
    private static @Nullable ByteBuffer drain(SocketBufferHandler buffers) {
        buffers.configureReadBufferForRead();
        ByteBuffer read = buffers.getReadBuffer();
        if (!read.hasRemaining()) {
            return null;
        }
        ByteBuffer copy = ByteBuffer.allocate(read.remaining());
        copy.put(read).flip();
        return copy;
    }

    boolean isClosed() {
        return closed.get();
    }

    // ---- OwnedChannel: the event engine's hooks ------------------------------------------------------------

    @Override
    public @Nullable SocketChannel releaseNonBlocking() throws IOException {
        return release.ensureReleased(false) ? channel : null;
    }

    @Override
    public @Nullable ByteBuffer takeLeftover() {
        ByteBuffer pending = leftover;
        leftover = null;
        return pending;
    }

    @Override
    public void onClosed(Runnable listener) {
        closedListener = listener;
        if (closed.get()) {
            listener.run();
        }
    }

    /**
     * Takes the channel out of the poller at the first I/O; null once the channel is blocking, or the wrapper
     * transport to go through when the poller kept it.
     */
    private @Nullable TomcatSocketWrapperTransport released() throws IOException {
        TomcatSocketWrapperTransport via = throughTomcat;
        if (via != null || release.isBlocking()) {
            return via;
        }
        if (release.ensureBlocking()) {
            return null;
        }
        fallBack.lock();
        try {
            if (throughTomcat == null) {
                ContainerHandOvers.fellBack(
                        "tomcat",
                        HandOverFaults.Step.POLLER_RELEASE.reason(),
                        "Tomcat's poller did not release the channel",
                        observer);
                TomcatSocketWrapperTransport t = TomcatSocketWrapperTransport.start(
                        Objects.requireNonNull(release.wrapper(), "the poller kept the wrapper"), local, remote);
                t.setReadTimeout(soTimeout);
                throughTomcat = t;
            }
            return throughTomcat;
        } finally {
            fallBack.unlock();
        }
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
        TomcatSocketWrapperTransport via = released();
        if (via != null) {
            return via.read(buffer, offset, length);
        }
        try {
            return in.read(buffer, offset, length);
        } catch (IOException e) {
            throw closed.get() ? TransportErrors.closed(e) : e;
        }
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        TomcatSocketWrapperTransport via = released();
        if (via != null) {
            via.write(buffer, offset, length);
            return;
        }
        SlicedWrites.write(this::writeFully, buffer, offset, length);
    }

    @Override
    public void write(byte[] first, int firstOffset, int firstLength, byte[] second, int secondOffset, int secondLength)
            throws IOException {
        TomcatSocketWrapperTransport via = released();
        if (via != null) {
            via.write(first, firstOffset, firstLength, second, secondOffset, secondLength);
            return;
        }
        SlicedWrites.write(this::writeFully, first, firstOffset, firstLength, second, secondOffset, secondLength);
    }

    private void writeFully(ByteBuffer... buffers) throws IOException {
        try {
            ByteBuffer last = buffers[buffers.length - 1];
            while (last.hasRemaining() || buffers[0].hasRemaining()) {
                channel.write(buffers);
            }
        } catch (IOException e) {
            throw closed.get() ? TransportErrors.closed(e) : e;
        }
    }

    @Override
    public boolean setReadTimeout(int millis) throws IOException {
        TomcatSocketWrapperTransport via = throughTomcat;
        if (via != null) {
            return via.setReadTimeout(millis);
        }
        if (millis != soTimeout) {
            socket.setSoTimeout(millis);
            soTimeout = millis;
        }
        return true;
    }

    @Override
    public void shutdownOutput() throws IOException {
        TomcatSocketWrapperTransport via = throughTomcat;
        if (via != null) {
            via.shutdownOutput();
            return;
        }
        if (release.isBlocking() && !closed.get()) {
            try {
                channel.shutdownOutput();
            } catch (IOException e) {
                // Already reset by the peer or closed: nothing left to half-close.
            }
        }
    }

    @Override
    public @Nullable SocketAddress localAddress() {
        return local;
    }

    @Override
    public @Nullable SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public void onReadable() {
        TomcatSocketWrapperTransport via = throughTomcat;
        if (via != null) {
            via.onReadable();
        }
    }

    @Override
    public void onWritable() {
        TomcatSocketWrapperTransport via = throughTomcat;
        if (via != null) {
            via.onWritable();
        }
    }

    /**
     * Tomcat is done with the connection: close the channel so blocked calls fail now. Ignored once the
     * connection is detached: Tomcat then reports its own close of the stand-in (its per-second scan of waiting
     * processors can still see the wrapper closed by the detach, and would otherwise close a live connection).
     */
    @Override
    public void onEnded(@Nullable IOException cause) {
        TomcatSocketWrapperTransport via = throughTomcat;
        if (via != null) {
            via.onEnded(cause);
            return;
        }
        if (release.detachedFrom() != null) {
            return;
        }
        closeChannel();
    }

    @Override
    public boolean isFinished() {
        TomcatSocketWrapperTransport via = throughTomcat;
        return closed.get() || !channel.isOpen() || (via != null && via.isFinished());
    }

    private void checkOpen() throws IOException {
        if (closed.get()) {
            throw TransportErrors.closed();
        }
    }

    /** Closes the channel (blocked calls fail at once, FIN goes out), then lets Tomcat release the connection. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Runnable listener = closedListener;
        if (listener != null) {
            listener.run();
        }
        TomcatSocketWrapperTransport via = throughTomcat;
        if (via != null) {
            via.close();
            return;
        }
        release.awaitTomcatsProcessing();
        closeChannel();
        Selector poller = release.detachedFrom();
        if (poller != null) {
            DetachedTomcatConnections.remove(poller, this);
        } else {
            NioEndpoint.NioSocketWrapper w = release.wrapper();
            if (w != null) {
                TomcatConnection.closeThroughTomcat(w);
            }
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
