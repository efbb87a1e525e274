package io.github.wsboot.websocket;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.lang.reflect.Type;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.internal.CloseListeners;
import io.github.wsboot.websocket.internal.CloseState;
import io.github.wsboot.websocket.internal.Deadlines;
import io.github.wsboot.websocket.internal.FrameReader;
import io.github.wsboot.websocket.internal.FrameWriter;
import io.github.wsboot.websocket.internal.MessageDeflater;
import io.github.wsboot.websocket.internal.MessageInflater;
import io.github.wsboot.websocket.internal.MessageReader;
import io.github.wsboot.websocket.internal.PerMessageDeflate;
import io.github.wsboot.websocket.internal.PingTracker;
import io.github.wsboot.websocket.internal.ReadDeadline;
import io.github.wsboot.websocket.internal.SingleReader;
import io.github.wsboot.websocket.internal.WebSocketProtocol;

/**
 * A WebSocket connection. Obtain one from {@link Upgrader#upgrade} on the server or {@link Dialer#dial} on the
 * client.
 *
 * <h2>Concurrency</h2>
 * <ul>
 *   <li><b>One reader.</b> {@link #nextReader()}, {@link #readMessage()}, {@link #readJson(Type)} and the
 *       returned stream's {@code read} must be called by one thread at a time. A second thread that calls
 *       them while a read is in progress gets an {@link IllegalStateException} at once; it is never silently
 *       interleaved.</li>
 *   <li><b>Any number of writers.</b> Whole-message writes ({@link #writeMessage}, {@link #writeJson},
 *       {@link #writePreparedMessage}) are atomic and may be called from any thread. A writer opened with
 *       {@link #nextWriter(int)} owns the write side until it is closed; other writers wait, bounded by the
 *       write deadline. The writer must be closed by the thread that opened it.</li>
 *   <li>{@link #writeControl}, {@link #close()}, {@link #closeNow()} and all setters may be called from any
 *       thread at any time. Control frames may go out between the frames of a streamed message.</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * Read errors are permanent: once a read method throws, every later read throws the same exception. The same
 * holds for write errors. A protocol violation by the peer makes the connection send the matching close frame
 * (1002, 1007 or 1009) and close the transport before the read raises {@link ProtocolViolationException}.
 */
public final class Conn implements Closeable {

    private static final System.Logger LOG = System.getLogger(Conn.class.getName());

    private final Transport transport;
    private final boolean server;
    private final String subprotocol;
    private final @Nullable HandshakeResponse handshakeResponse;
    private final @Nullable JsonCodec jsonCodec;
    private final PerMessageDeflate.@Nullable Agreement compression; // null when not negotiated
    private final CloseState closeState = new CloseState();
    private final FrameWriter writer;

    // ---- read side: owned by the single reader ----
    private final SingleReader readers = new SingleReader();
    private final MessageReader reader;
    private final ReadDeadline readDeadline;
    private volatile @Nullable IOException readErr;
    private @Nullable MessageInputStream currentReader;

    private final PingTracker pings = new PingTracker();
    private final ControlDispatch control = new ControlDispatch(this, pings, closeState);
    private volatile @Nullable Keepalive keepalive;
    private volatile boolean keepaliveDead;
    private volatile @Nullable ControlHandler pingHandler;
    private volatile @Nullable ControlHandler pongHandler;
    private volatile @Nullable CloseHandler closeHandler;
    private volatile ConnObserver observer = ConnObserver.NONE;
    private final CloseListeners closeListeners = new CloseListeners();
    private final CountDownLatch transportClosed = new CountDownLatch(1);
    private volatile int compressionLevel = 1;
    private final Duration closeTimeout;

    /**
     * @param compression the negotiated permessage-deflate parameters, or null
     * @param preRead bytes read together with the handshake, which belong to the first frames
     */
    Conn(
            Transport transport,
            boolean server,
            ConnectionOptions options,
            @Nullable String subprotocol,
            @Nullable HandshakeResponse handshakeResponse,
            byte @Nullable [] preRead,
            PerMessageDeflate.@Nullable Agreement compression) {
        this.transport = transport;
        this.server = server;
        this.subprotocol = subprotocol == null ? "" : subprotocol;
        this.handshakeResponse = handshakeResponse;
        this.jsonCodec = options.jsonCodec();
        this.closeTimeout = options.closeTimeout();
        this.compression = compression;
        MessageInflater inflater = null;
        MessageDeflater deflater = null;
        if (compression != null) {
            inflater = new MessageInflater(compression.decompressorNoContextTakeover(server));
            deflater = new MessageDeflater(
                    compression.compressorNoContextTakeover(server),
                    compression.compressorWindowLimited(server),
                    options.compressionLevel());
            this.compressionLevel = options.compressionLevel();
        }
        this.writer = new FrameWriter(
                transport,
                server,
                closeState,
                options.writeBufferSize(),
                options.writeBufferPool(),
                deflater,
                new WriterOwner());
        this.readDeadline = new ReadDeadline(transport, this::closeTransportQuietly);
        FrameReader frames = new FrameReader(transport, options.readBufferSize(), readDeadline);
        if (preRead != null && preRead.length > 0) {
            frames.prime(preRead, 0, preRead.length);
        }
        this.reader = new MessageReader(
                frames,
                server,
                inflater,
                compression != null && !compression.decompressorNoContextTakeover(server),
                control);
    }

    // ---- reading -----------------------------------------------------------------------------------------

    /**
     * Returns the next data message as a stream. Read it to end of stream (-1); control frames that arrive
     * meanwhile are handled by the handlers. A message that was not read to its end is discarded by the next
     * call; its stream then returns end of stream.
     *
     * @throws CloseException when the peer sent a close frame, or vanished (code 1006)
     * @throws ProtocolViolationException when the peer broke the protocol (the close frame has been sent)
     * @throws IllegalStateException when another thread is reading this connection
     */
    public MessageInputStream nextReader() throws IOException {
        readers.enter();
        try {
            int type = nextMessageStart();
            currentReader = new MessageInputStream(this, type);
            return currentReader;
        } finally {
            readers.exit();
        }
    }

    /**
     * Reads the next whole data message. The buffer grows as data arrives rather than trusting the announced
     * length; set a {@link #setReadLimit read limit} to bound it.
     *
     * @throws CloseException when the peer sent a close frame, or vanished (code 1006)
     * @throws ProtocolViolationException when the peer broke the protocol (the close frame has been sent); with
     *         code 1009 also for a message larger than a Java array, which only {@link #nextReader()} can read
     * @throws IllegalStateException when another thread is reading this connection
     */
    public Message readMessage() throws IOException {
        readers.enter();
        try {
            int type = nextMessageStart();
            try {
                return new Message(type, reader.readMessage());
            } catch (IOException e) {
                throw readFailed(e);
            }
        } finally {
            readers.exit();
        }
    }

    /** Reads the next message and decodes it as JSON into a value of {@code type} (a class or a generic type). */
    public <T> T readJson(Type type) throws IOException {
        MessageInputStream in = nextReader();
        return codec().read(in, type);
    }

    /** Same as {@link #readJson(Type)} with a class, typed for convenience. */
    public <T> T readJson(Class<T> type) throws IOException {
        return readJson((Type) type);
    }

    /** Discards data until the start of the next data message and returns its type. */
    private int nextMessageStart() throws IOException {
        IOException err = readErr;
        if (err != null) {
            throw err;
        }
        if (currentReader != null) {
            currentReader.detach();
            currentReader = null;
        }
        try {
            return reader.nextMessage();
        } catch (IOException e) {
            throw readFailed(e);
        }
    }

    /** Entry point for {@link MessageInputStream}: reads under the single-reader check; -1 at the end. */
    int streamRead(MessageInputStream stream, byte[] b, int off, int len) throws IOException {
        readers.enter();
        try {
            if (currentReader != stream) {
                return -1; // a later nextReader() discarded this message
            }
            IOException err = readErr;
            if (err != null) {
                throw err;
            }
            int n = reader.read(b, off, len);
            if (n < 0) {
                currentReader = null;
            }
            return n;
        } catch (IOException e) {
            throw readFailed(e);
        } finally {
            readers.exit();
        }
    }

    /**
     * Records {@code e} as the permanent read error, translated to what the API promises. A protocol violation
     * sends its close frame and closes the transport here.
     */
    private IOException readFailed(IOException e) {
        IOException err = readErr;
        if (err != null) {
            return err;
        }
        if (readDeadline.fired()) {
            err = new SocketTimeoutException("websocket: read deadline exceeded");
        } else if (keepaliveDead) {
            err = new SocketTimeoutException("websocket: peer did not answer keepalive ping (connection closed)");
        } else if (e instanceof EOFException && !(e instanceof ProtocolViolationException)) {
            err = new CloseException(CloseCodes.ABNORMAL_CLOSURE, "unexpected EOF", e);
        } else {
            err = e;
        }
        readErr = err;
        reader.release(); // errors are permanent: nothing will be decompressed any more
        if (err instanceof ProtocolViolationException violation) {
            control.sendCloseAndAbort(violation);
        } else if (err instanceof CloseException close && close.code() == CloseCodes.ABNORMAL_CLOSURE) {
            closeState.onAbort();
        }
        return err;
    }

    /**
     * The handlers of ping, pong and close frames for the event engine, which takes ping and pong frames out
     * of the byte stream before this connection's reader sees it.
     */
    MessageReader.ControlFrames controlFrames() {
        return reader.controlFrames();
    }

    /**
     * Sets the maximum size in bytes of a message read from the peer; 0, the default, means no limit. A
     * message over the limit makes the connection send close code 1009 and raise {@link ReadLimitException}.
     */
    public void setReadLimit(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("read limit must not be negative: " + limit);
        }
        reader.setReadLimit(limit);
    }

    /** The read limit in bytes; 0 means none. */
    public long readLimit() {
        return reader.readLimit();
    }

    /**
     * Sets the read deadline: a read still blocked at {@code deadline} fails with
     * {@link SocketTimeoutException}. After a read has timed out, the connection's read side is corrupt and
     * every later read fails. Null means reads do not time out.
     */
    public void setReadDeadline(Instant deadline) {
        readDeadline.set(Deadlines.fromInstant(deadline));
    }

    // ---- handlers ----------------------------------------------------------------------------------------

    /** Sets the handler for pings from the peer; null restores the default, which answers with a pong. */
    public void setPingHandler(ControlHandler handler) {
        this.pingHandler = handler;
    }

    /** The current ping handler. */
    public ControlHandler pingHandler() {
        ControlHandler h = pingHandler;
        return h != null ? h : control::defaultPingHandler;
    }

    /** Sets the handler for pongs from the peer; null restores the default, which does nothing. */
    public void setPongHandler(ControlHandler handler) {
        this.pongHandler = handler;
    }

    /** The current pong handler. */
    public ControlHandler pongHandler() {
        ControlHandler h = pongHandler;
        return h != null ? h : data -> {};
    }

    /**
     * Sets the handler for close frames from the peer; null restores the default, which answers with a close
     * frame that echoes the code. A custom handler is called before the read raises {@link CloseException}.
     */
    public void setCloseHandler(CloseHandler handler) {
        this.closeHandler = handler;
    }

    /** The current close handler. */
    public CloseHandler closeHandler() {
        CloseHandler h = closeHandler;
        return h != null ? h : control::defaultCloseHandler;
    }

    /** Sets the observer of this connection's traffic (for metrics); null means none. */
    public void setObserver(ConnObserver observer) {
        this.observer = observer != null ? observer : ConnObserver.NONE;
    }

    /** The current traffic observer; {@link ConnObserver#NONE} when none was set. */
    public ConnObserver observer() {
        return observer;
    }

    // ---- writing -----------------------------------------------------------------------------------------

    /**
     * Writes a whole message. Data messages are written atomically with respect to other writers; control
     * types are sent through {@link #writeControl} with the write deadline.
     *
     * @throws CloseSentException when a close frame was already sent
     * @throws java.net.SocketException when the connection was closed without one ("connection closed")
     * @throws SocketTimeoutException when the write deadline passed (the write side is then corrupt)
     */
    public void writeMessage(int messageType, byte[] data) throws IOException {
        writeMessage(messageType, data, 0, data.length);
    }

    /** Writes {@code len} bytes of {@code data} from {@code off} as one message; see {@link #writeMessage(int, byte[])}. */
    public void writeMessage(int messageType, byte[] data, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, data.length);
        if (MessageType.isControl(messageType)) {
            writeControl(messageType, Arrays.copyOfRange(data, off, off + len), Deadlines.toInstant(writer.deadline()));
            return;
        }
        checkDataType(messageType);
        int sent = writer.writeMessage(messageType, data, off, len);
        observer.messageSent(messageType, sent);
    }

    /** Writes {@code text} as a text message. */
    public void writeText(String text) throws IOException {
        writeMessage(MessageType.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Opens a writer for the next message. Closing the writer sends the final frame; until then this thread
     * owns the write side and other writers wait. If this thread still has an open writer, it is closed
     * first. Large messages stream out in frames of the write buffer's size.
     */
    public MessageOutputStream nextWriter(int messageType) throws IOException {
        if (MessageType.isControl(messageType)) {
            return new MessageOutputStream(this, null, messageType);
        }
        checkDataType(messageType);
        writer.lockMessage();
        try {
            MessageOutputStream out = new MessageOutputStream(this, writer, messageType);
            writer.setOpenWriter(out);
            return out;
        } catch (IOException | RuntimeException | Error e) {
            writer.unlockMessage();
            throw e;
        }
    }

    /** Writes {@code value} as a JSON text message with the connection's {@link JsonCodec}. */
    public void writeJson(Object value) throws IOException {
        try (MessageOutputStream out = nextWriter(MessageType.TEXT)) {
            codec().write(value, out);
        }
    }

    /** Writes a message prepared once for many connections: the server form of its frame is encoded once. */
    public void writePreparedMessage(PreparedMessage message) throws IOException {
        if (!server || MessageType.isControl(message.type())) {
            writeMessage(message.type(), message.data());
            return;
        }
        boolean compress = writer.messageDeflater() != null;
        if (compress && !Objects.requireNonNull(compression, "compression").compressorNoContextTakeover(server)) {
            // Context takeover: the compressed bytes depend on this connection's history, so nothing to share.
            writeMessage(message.type(), message.data());
            return;
        }
        writer.writeEncoded(
                compress
                        ? message.compressedServerFrame(
                                compressionLevel,
                                Objects.requireNonNull(compression, "compression")
                                        .compressorWindowLimited(server))
                        : message.serverFrame());
        observer.messageSent(message.type(), message.data().length);
    }

    /**
     * Writes a control message (close, ping or pong) with its own deadline. Safe from any thread at any time;
     * it may go out between the frames of a message being streamed.
     *
     * @param data the payload, at most 125 bytes; for close, build it with
     *             {@link WebSockets#formatCloseMessage(int, String)}
     * @param deadline when to give up waiting for the wire; null means wait without limit
     * @throws CloseSentException when a close frame was already sent
     * @throws java.net.SocketException when the connection was closed without one ("connection closed")
     * @throws IllegalArgumentException for a data type or a payload over 125 bytes
     */
    public void writeControl(int messageType, byte[] data, @Nullable Instant deadline) throws IOException {
        if (!MessageType.isControl(messageType)) {
            throw new IllegalArgumentException(
                    "websocket: not a control message type: " + MessageType.name(messageType));
        }
        if (data == null) {
            data = new byte[0];
        }
        if (data.length > WebSocketProtocol.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException(
                    "websocket: control frame payload longer than 125 bytes: " + data.length);
        }
        try {
            writer.writeControl(messageType, data, Deadlines.fromInstant(deadline));
            if (messageType == MessageType.CLOSE) {
                observer.closeSent(
                        data.length >= 2 ? ((data[0] & 0xff) << 8) | (data[1] & 0xff) : CloseCodes.NO_STATUS_RECEIVED);
            }
        } finally {
            if (messageType == MessageType.CLOSE && closeState.state() == CloseState.State.CLOSED) {
                closeTransportQuietly(); // ours answered the peer's: the handshake is complete
            }
        }
    }

    /**
     * Sets the write deadline: a write still blocked at {@code deadline} fails with
     * {@link SocketTimeoutException}, and so does waiting for another writer past it. After a write has timed
     * out, the connection is closed and every later write fails. Null means no deadline.
     */
    public void setWriteDeadline(@Nullable Instant deadline) {
        writer.setDeadline(Deadlines.fromInstant(deadline));
    }

    /**
     * Sets a write timeout: every write (a message, a frame of a streamed message, waiting for another
     * writer) that cannot finish within {@code timeout} fails with {@link SocketTimeoutException}, and the
     * connection is closed as after a write deadline. A deadline set with {@link #setWriteDeadline} takes
     * precedence. Null or zero means no timeout.
     */
    public void setWriteTimeout(@Nullable Duration timeout) {
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException("write timeout must not be negative: " + timeout);
        }
        writer.setTimeout(timeout == null ? 0 : timeout.toNanos());
    }

    /** Enables or disables compression of subsequent messages; a no-op unless permessage-deflate was negotiated. */
    public void enableWriteCompression(boolean enable) {
        writer.enableCompression(enable);
    }

    /**
     * Sets the deflate level of subsequent messages, -2 (Huffman only) to 9; a no-op unless permessage-deflate
     * was negotiated.
     *
     * @throws IllegalArgumentException for a level outside -2..9
     */
    public void setCompressionLevel(int level) {
        this.compressionLevel = ConnectionOptions.checkCompressionLevel(level);
        writer.setCompressionLevel(level);
    }

    /** Whether permessage-deflate was negotiated on this connection. */
    public boolean compressionNegotiated() {
        return compression != null;
    }

    /** The negotiated permessage-deflate parameters, or null when compression was not negotiated. */
    public @Nullable CompressionAgreement compressionAgreement() {
        return compression == null ? null : CompressionAgreement.of(compression);
    }

    private static void checkDataType(int messageType) {
        if (!MessageType.isData(messageType)) {
            throw new IllegalArgumentException("websocket: unknown message type " + messageType);
        }
    }

    /** What the frame writer needs from the connection. */
    private final class WriterOwner implements FrameWriter.Owner {
        /**
         * A close frame went out ({@link CloseSentException}), or the connection was closed without one — by
         * {@link #closeNow()}, a failed read or a dead keepalive.
         */
        @Override
        public IOException notWritable() {
            if (closeState.closeSent()) {
                return new CloseSentException();
            }
            return new java.net.SocketException(
                    keepaliveDead
                            ? "websocket: connection closed: the peer did not answer a keepalive ping"
                            : "websocket: connection closed");
        }

        @Override
        public void closeTransport() {
            closeTransportQuietly();
        }
    }

    // ---- keepalive ---------------------------------------------------------------------------------------

    /**
     * Sends a ping and returns a future that completes with the round-trip time when the matching pong
     * arrives (which needs a thread reading the connection). The future fails when the ping cannot be sent,
     * or when the connection closes first. Safe from any thread.
     *
     * @param writeTimeout how long to wait for the wire to take the ping
     */
    public CompletableFuture<Duration> ping(Duration writeTimeout) {
        CompletableFuture<Duration> future = new CompletableFuture<>();
        byte[] payload = pings.register(future);
        try {
            writeControl(MessageType.PING, payload, Instant.now().plus(writeTimeout));
        } catch (IOException | RuntimeException e) {
            pings.cancel(payload, e);
        }
        return future;
    }

    /**
     * Starts (or, with a null or zero interval, stops) keepalive pings: every {@code interval} a ping is
     * sent, and a connection whose pong does not arrive within {@code pongTimeout} is closed as dead, which
     * makes the blocked read fail. Pongs are only seen while the application reads the connection.
     */
    public void setKeepalive(@Nullable Duration interval, @Nullable Duration pongTimeout) {
        Keepalive old = keepalive;
        if (old != null) {
            old.stop();
            keepalive = null;
        }
        if (interval == null || interval.isZero()) {
            return;
        }
        if (interval.isNegative() || pongTimeout == null || pongTimeout.isNegative() || pongTimeout.isZero()) {
            throw new IllegalArgumentException("keepalive needs a positive interval and pong timeout");
        }
        keepalive = new Keepalive(this, interval, pongTimeout);
    }

    /** Keepalive pings that went unanswered on this connection. */
    public long missedPongs() {
        Keepalive k = keepalive;
        return k == null ? 0 : k.missed();
    }

    void keepaliveFailed() {
        keepaliveDead = true;
        closeTransportQuietly();
    }

    // ---- closing -----------------------------------------------------------------------------------------

    /**
     * Closes the connection with a close handshake: sends close code 1000 unless a close frame was sent
     * already, waits for the peer's close frame, then closes the transport; all within the close timeout
     * ({@link ConnectionOptions#DEFAULT_CLOSE_TIMEOUT} unless the options say otherwise). {@link #closeNow()}
     * closes at once without a handshake.
     */
    @Override
    public void close() {
        close(CloseCodes.NORMAL_CLOSURE, "", closeTimeout);
    }

    /**
     * Closes the connection with a close handshake, bounded by {@code timeout}: sends a close frame with
     * {@code code} and {@code reason} unless one was sent already, waits for the peer's close frame, then
     * closes the transport. The wait reads and discards data messages when no other thread is reading;
     * when one is, that reader sees the peer's close frame. Safe from any thread.
     */
    public void close(int code, String reason, Duration timeout) {
        if (transportClosed.getCount() == 0) {
            return;
        }
        long deadline = Deadlines.after(timeout.toNanos());
        try {
            if (closeState.isOutputOpen()) {
                writeControl(
                        MessageType.CLOSE, WebSockets.formatCloseMessage(code, reason), Deadlines.toInstant(deadline));
            }
            if (closeState.closeSent()) {
                awaitPeerClose(deadline);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "close handshake did not complete", e);
        }
        closeNow();
    }

    /** Reads until the peer's close frame, or waits for the reading thread to see it; until the deadline. */
    private void awaitPeerClose(long deadline) throws IOException {
        if (readers.tryEnter()) {
            try {
                readDeadline.set(deadline);
                while (readErr == null && closeState.state() != CloseState.State.CLOSED) {
                    nextMessageStart(); // ends with the peer's close frame (CloseException), or the deadline
                }
            } finally {
                readers.exit();
            }
        } else if (!readers.isCurrentThreadReading()) {
            try {
                transportClosed.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // else: called from a handler inside this thread's own read; it cannot read further.
    }

    /**
     * Closes the transport without sending or waiting for a close frame, as gorilla's {@code Close} does.
     * Safe from any thread; blocked reads and writes fail promptly, and later writes fail with a
     * {@link java.net.SocketException} ("connection closed"), not {@link CloseSentException}.
     */
    public void closeNow() {
        closeTransportQuietly();
    }

    private void closeTransportQuietly() {
        closeState.onAbort();
        readDeadline.cancel();
        writer.close();
        releaseInflater();
        Keepalive k = keepalive;
        if (k != null) {
            k.stop();
        }
        pings.failAll("websocket: connection closed");
        try {
            transport.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "error closing transport", e);
        }
        transportClosed.countDown();
        closeListeners.closed();
    }

    /** Frees the inflater's native memory now, unless a reader is inside its call (it frees it itself). */
    private void releaseInflater() {
        if (readers.tryEnter()) {
            try {
                reader.release();
            } finally {
                readers.exit();
            }
        }
    }

    /**
     * Registers {@code listener} to run once when the transport is closed, for whatever reason: the close
     * handshake completed, {@link #close()}, a protocol error, a write timeout or a dead keepalive. It runs on
     * the thread that closed the transport, or at once on this thread when the transport is already closed.
     * Listeners must be quick and must not block; one that throws is logged and does not stop the others.
     */
    public void addCloseListener(Runnable listener) {
        closeListeners.add(listener);
    }

    /** Where the close handshake stands. */
    CloseState.State closeState() {
        return closeState.state();
    }

    // ---- the rest ----------------------------------------------------------------------------------------

    /** The negotiated subprotocol, or "" when none was. */
    public String subprotocol() {
        return subprotocol;
    }

    /** The local network address. */
    public @Nullable SocketAddress localAddress() {
        return transport.localAddress();
    }

    /** The remote network address. */
    public @Nullable SocketAddress remoteAddress() {
        return transport.remoteAddress();
    }

    /** The underlying transport. Reading from or writing to it directly corrupts the WebSocket connection. */
    public Transport netConn() {
        return transport;
    }

    /**
     * The underlying transport.
     *
     * @deprecated use {@link #netConn()}, as gorilla deprecates {@code UnderlyingConn}
     */
    @Deprecated
    public Transport underlyingConn() {
        return transport;
    }

    /** For a client connection, the server's handshake response; null on the server. */
    public @Nullable HandshakeResponse handshakeResponse() {
        return handshakeResponse;
    }

    private JsonCodec codec() {
        return jsonCodec != null ? jsonCodec : JsonCodec.jackson();
    }

    @Override
    public String toString() {
        return "Conn[" + (server ? "server" : "client") + ", " + transport.remoteAddress() + ", " + closeState.state()
                + "]";
    }
}
