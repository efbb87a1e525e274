package io.github.wsboot.websocket.engine;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.Transport;
import io.github.wsboot.websocket.transport.OwnedChannel;

/**
 * A connection on the event engine: its channel, taken from the container in non-blocking mode, is driven by
 * one {@link EventLoop}. Reads come from the connection's {@link InboundPipe}, filled by the loop through the
 * {@link FrameScanner}; a reader parks there while the pipe is empty, holding no buffer. Writes go straight
 * to the socket; what it does not take is queued ({@link OutboundQueue}) and flushed by the loop on
 * write-readiness, so no writer waits for the network unless its connection has {@link #WRITE_QUEUE_LIMIT}
 * bytes queued already. Ping and pong frames go to the connection's {@link SerialDispatch}.
 *
 * <p>The channel is taken from the container at the first read or write, or by {@link #start()}: on the
 * calling thread, never on the loop (the container's poller must let go of it first). When the container keeps
 * it, everything goes through the container's transport instead, blocking, as without the engine.
 *
 * <p>One thread reads while others write (writes are serialized by {@code Conn}, and again here);
 * {@link #close()} is safe from any thread and wakes parked readers and writers.
 */
final class EventTransport implements Transport, EventLoop.Channel, FrameScanner.Sink {

    /** Bytes a connection may have queued for writing before a writer waits for the socket. */
    static final int WRITE_QUEUE_LIMIT = 64 * 1024;

    private final OwnedChannel source;
    private final EventLoop loop;
    private final InboundPipe pipe;
    private final FrameScanner scanner;
    private final SerialDispatch dispatch;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Runs once when the transport closes (the engine's count of connections). */
    private final Runnable onClosed;

    private final ReentrantLock startLock = new ReentrantLock();
    private volatile boolean started;
    /** The container kept the channel: all I/O goes through {@link #source}, blocking. */
    private volatile boolean fallback;

    private volatile @Nullable SocketChannel channel;
    private volatile int readTimeoutMillis;

    private final ReentrantLock writeLock = new ReentrantLock();
    private final Condition written = writeLock.newCondition();
    /** Guarded by writeLock. */
    private final OutboundQueue outbound = new OutboundQueue();

    private boolean writeRequested;
    private boolean shutdownPending;
    private @Nullable IOException writeFailure;

    // Loop thread only.
    private @Nullable SelectionKey key;
    private boolean readPaused;
    private boolean inputEnded;
    private boolean pipeFull;

    EventTransport(
            OwnedChannel source,
            EventLoop loop,
            int inboundLimit,
            boolean server,
            boolean compression,
            SerialDispatch dispatch,
            Runnable onClosed) {
        this.source = source;
        this.loop = loop;
        this.dispatch = dispatch;
        this.onClosed = onClosed;
        this.pipe = new InboundPipe(inboundLimit, this::resumeReading);
        this.scanner = new FrameScanner(server, compression);
        source.onClosed(this::close);
    }

    SerialDispatch dispatch() {
        return dispatch;
    }

    /**
     * Takes the channel from the container and registers it with the loop, once; false when the container
     * kept it (the transport then works through the container, blocking).
     */
    boolean start() throws IOException {
        if (started) {
            return !fallback;
        }
        startLock.lock();
        try {
            if (!started) {
                checkOpen();
                SocketChannel ch = source.releaseNonBlocking();
                if (ch == null) {
                    fallback = true;
                } else {
                    channel = ch;
                    ByteBuffer leftover = source.takeLeftover();
                    loop.execute(() -> register(leftover));
                }
                started = true;
            }
            return !fallback;
        } finally {
            startLock.unlock();
        }
    }

    // ---- reading ----------------------------------------------------------------------------------------

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (!start()) {
            return source.read(buffer, offset, length);
        }
        int n = pipe.read(buffer, offset, length, readTimeoutMillis);
        dispatch.runPendingControls();
        return n;
    }

    @Override
    public boolean setReadTimeout(int millis) throws IOException {
        if (started && fallback) {
            return source.setReadTimeout(millis);
        }
        readTimeoutMillis = millis;
        return true;
    }

    private void register(@Nullable ByteBuffer leftover) {
        if (closed.get()) {
            return;
        }
        try {
            key = ch().register(loop.selector(), interestOps(), this);
        } catch (ClosedChannelException | RuntimeException e) {
            close();
            return;
        }
        if (leftover != null) {
            scanner.scan(leftover, this);
            afterScan();
        }
    }

    @Override
    public void onReadable(ByteBuffer buffer) {
        for (int reads = 0; reads < 4 && !readPaused; reads++) {
            int n;
            try {
                n = ch().read(buffer);
            } catch (IOException e) {
                endInput(e);
                return;
            }
            if (n < 0) {
                endInput(null);
                return;
            }
            if (n == 0) {
                return;
            }
            buffer.flip();
            scanner.scan(buffer, this);
            buffer.clear();
            afterScan();
            if (n < buffer.capacity()) {
                return; // the socket is drained, most likely
            }
        }
    }

    private void afterScan() {
        if (pipeFull) {
            pipeFull = false;
            // Stop reading until the reader has taken half; let the reader of an unfinished message begin.
            readPaused = true;
            updateInterest();
            scanner.announceEarly(this);
        }
    }

    private void endInput(@Nullable IOException failure) {
        scanner.endOfInput(this);
        inputEnded = true;
        readPaused = true;
        updateInterest();
        pipe.end(failure);
        dispatch.inputEnded();
    }

    /** The reader took a full pipe below half: read the socket again (on the loop). */
    private void resumeReading() {
        loop.execute(() -> {
            if (!inputEnded) {
                readPaused = false;
                updateInterest();
            }
        });
    }

    @Override
    public void append(ByteBuffer src, int length) {
        int limit = src.limit();
        src.limit(src.position() + length);
        pipeFull |= pipe.append(src, length);
        src.limit(limit);
    }

    @Override
    public void append(byte[] src, int offset, int length) {
        pipeFull |= pipe.append(src, offset, length);
    }

    @Override
    public void unitReady() {
        dispatch.unitReady();
    }

    @Override
    public void control(int opcode, byte[] payload) {
        dispatch.control(opcode, payload);
    }

    // ---- writing ----------------------------------------------------------------------------------------

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        write(buffer, offset, length, buffer, offset + length, 0);
    }

    @Override
    public void write(byte[] first, int firstOffset, int firstLength, byte[] second, int secondOffset, int secondLength)
            throws IOException {
        if (!start()) {
            source.write(first, firstOffset, firstLength, second, secondOffset, secondLength);
            return;
        }
        ByteBuffer a = ByteBuffer.wrap(first, firstOffset, firstLength);
        ByteBuffer b = ByteBuffer.wrap(second, secondOffset, secondLength);
        writeLock.lock();
        try {
            checkWritable();
            if (outbound.isEmpty()) {
                ByteBuffer[] both = {a, b};
                try {
                    while (b.hasRemaining() || a.hasRemaining()) {
                        if (ch().write(both) == 0) {
                            break;
                        }
                    }
                } catch (IOException e) {
                    throw closed.get() ? closedException() : e;
                }
                if (!a.hasRemaining() && !b.hasRemaining()) {
                    return;
                }
            }
            int rest = a.remaining() + b.remaining();
            if (outbound.queued() + rest <= WRITE_QUEUE_LIMIT) {
                outbound.copy(a);
                outbound.copy(b);
                requestWrite();
                return;
            }
            // Too much for the queue: the loop writes these bytes from the caller's arrays while it waits.
            outbound.share(a);
            long end = outbound.share(b);
            requestWrite();
            while (outbound.writtenTotal() < end) {
                checkWritable();
                written.awaitUninterruptibly();
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void requestWrite() {
        if (!writeRequested) {
            writeRequested = true;
            loop.execute(this::updateInterest);
        }
    }

    @Override
    public void onWritable() {
        writeLock.lock();
        try {
            if (outbound.flush(ch())) {
                writeRequested = false;
                if (shutdownPending) {
                    shutdownPending = false;
                    ch().shutdownOutput();
                }
            }
        } catch (IOException e) {
            writeFailure = e;
            outbound.clear();
            writeRequested = false;
        } finally {
            written.signalAll();
            writeLock.unlock();
        }
        updateInterest();
    }

    @Override
    public void shutdownOutput() throws IOException {
        if (!started || fallback) {
            source.shutdownOutput();
            return;
        }
        writeLock.lock();
        try {
            if (closed.get()) {
                return;
            }
            if (outbound.isEmpty()) {
                try {
                    ch().shutdownOutput();
                } catch (IOException e) {
                    // Already reset by the peer or closed: nothing left to half-close.
                }
            } else {
                shutdownPending = true;
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void checkWritable() throws IOException {
        checkOpen();
        if (writeFailure != null) {
            throw writeFailure;
        }
    }

    // ---- interest, close --------------------------------------------------------------------------------

    private int interestOps() {
        boolean wantWrite;
        writeLock.lock();
        try {
            wantWrite = writeRequested;
        } finally {
            writeLock.unlock();
        }
        return (readPaused ? 0 : SelectionKey.OP_READ) | (wantWrite ? SelectionKey.OP_WRITE : 0);
    }

    /** On the loop: applies the wanted interest set to the key. */
    private void updateInterest() {
        SelectionKey k = key;
        if (k != null && k.isValid()) {
            k.interestOps(interestOps());
        }
    }

    private void checkOpen() throws IOException {
        if (closed.get()) {
            throw closedException();
        }
    }

    /** The channel, once the engine drives it (after {@code releaseNonBlocking} succeeded). */
    private SocketChannel ch() {
        return Objects.requireNonNull(channel, "channel");
    }

    private static IOException closedException() {
        return new SocketException("websocket: connection closed");
    }

    @Override
    public @Nullable SocketAddress localAddress() {
        return source.localAddress();
    }

    @Override
    public @Nullable SocketAddress remoteAddress() {
        return source.remoteAddress();
    }

    /** Closes the channel (through the container's transport), fails parked readers and writers. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        pipe.close(closedException());
        writeLock.lock();
        try {
            outbound.clear();
            written.signalAll();
        } finally {
            writeLock.unlock();
        }
        try {
            source.close();
        } catch (IOException e) {
            System.getLogger(EventTransport.class.getName()).log(System.Logger.Level.DEBUG, "close failed", e);
        }
        dispatch.inputEnded();
        onClosed.run();
    }

    @Override
    public String toString() {
        return "EventTransport[" + source.remoteAddress() + (closed.get() ? ", closed" : "") + "]";
    }
}
