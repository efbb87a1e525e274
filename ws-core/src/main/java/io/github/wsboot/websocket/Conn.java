package io.github.wsboot.websocket;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.reflect.Type;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;

import io.github.wsboot.websocket.internal.CloseState;
import io.github.wsboot.websocket.internal.DeadlineWatch;
import io.github.wsboot.websocket.internal.FrameReader;
import io.github.wsboot.websocket.internal.Masking;
import io.github.wsboot.websocket.internal.MessageDeflater;
import io.github.wsboot.websocket.internal.MessageInflater;
import io.github.wsboot.websocket.internal.PerMessageDeflate;
import io.github.wsboot.websocket.internal.PingTracker;
import io.github.wsboot.websocket.internal.Utf8Validator;
import io.github.wsboot.websocket.internal.WebSocketProtocol;

/**
 * A WebSocket connection (gorilla's {@code Conn}). Obtain one from {@link Upgrader#upgrade} on the server or
 * {@link Dialer#dial} on the client.
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
 *   <li>{@link #writeControl}, {@link #close()} and all setters may be called from any thread at any time.
 *       Control frames may go out between the frames of a streamed message.</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * Read errors are permanent: once a read method throws, every later read throws the same exception. The same
 * holds for write errors. A protocol violation by the peer makes the connection send the matching close frame
 * (1002, 1007 or 1009) and close the transport before the read raises {@link ProtocolViolationException}.
 */
public final class Conn implements Closeable {

    private static final System.Logger LOG = System.getLogger(Conn.class.getName());

    /** How long the default handlers wait to write a pong or a close reply (gorilla's writeWait). */
    private static final Duration CONTROL_REPLY_WAIT = Duration.ofSeconds(1);
    /**
     * readMessage allocates at most this much on the word of a frame header and grows the buffer as data
     * arrives beyond it: a header can announce gigabytes and deliver nothing.
     */
    private static final int PREALLOCATE_LIMIT = 1 << 20;
    /** Largest array length the JVMs we run on allocate. */
    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
    private static final int START = WebSocketProtocol.MAX_HEADER_SIZE;
    private static final long NO_DEADLINE = Long.MIN_VALUE;
    private static final SecureRandom MASK_RANDOM = new SecureRandom();

    private final Transport transport;
    private final boolean server;
    private final String subprotocol;
    private final HandshakeResponse handshakeResponse;
    private final JsonCodec jsonCodec;
    private final CloseState closeState = new CloseState();
    /** permessage-deflate parameters, or null when compression was not negotiated. */
    private final PerMessageDeflate.Agreement compression;

    // ---- read side: owned by the single reader ----
    private final AtomicReference<Thread> readingThread = new AtomicReference<>();
    private final FrameReader frames;
    private final Utf8Validator utf8 = new Utf8Validator();
    private volatile IOException readErr;
    private volatile long readLimit;
    private long readLength;
    private boolean readFinal = true;
    private int readType;
    private MessageInputStream currentReader;
    private final MessageInflater inflater;         // null without compression
    private byte[] inflateInput;
    private boolean readCompressed;
    private boolean inflateTailFed;
    private long readInflated;
    private volatile long readDeadline = NO_DEADLINE;
    private int appliedReadTimeout;
    /** Closes the transport under a read past its deadline, where the transport has no read timeout itself. */
    private final DeadlineWatch readWatch = new DeadlineWatch(() -> {
        readAbortFired = true;
        closeTransportQuietly();
    });
    private boolean readWatched;
    private volatile boolean readAbortFired;
    private volatile boolean keepaliveDead;
    private final PingTracker pings = new PingTracker();
    private volatile Keepalive keepalive;
    private volatile ControlHandler pingHandler;
    private volatile ControlHandler pongHandler;
    private volatile CloseHandler closeHandler;
    private volatile ConnObserver observer = ConnObserver.NONE;
    private final CopyOnWriteArrayList<Runnable> closeListeners = new CopyOnWriteArrayList<>();
    private volatile boolean transportClosed;

    // ---- write side ----
    /** Held for a whole data message: from nextWriter until its close, or for one writeMessage. */
    private final ReentrantLock messageLock = new ReentrantLock();
    /** Held for one frame on the wire; control frames take only this lock, so they can cut in. */
    private final ReentrantLock frameLock = new ReentrantLock();
    private final byte[] controlBuf = new byte[START + WebSocketProtocol.MAX_CONTROL_PAYLOAD]; // frameLock
    private final byte[] maskKeys = new byte[256]; // frameLock
    private int maskKeyPos = maskKeys.length;      // frameLock
    private final int writeBufferSize;
    private final BufferPool writeBufferPool;
    private byte[] writeBuf;                        // messageLock
    private MessageOutputStream currentWriter;      // messageLock
    private final MessageDeflater deflater;         // messageLock; null without compression
    private byte[] compressBuf = new byte[0];       // messageLock
    private final int[] compressedLength = new int[1]; // messageLock
    private volatile IOException writeErr;
    private volatile long writeDeadline = NO_DEADLINE;
    private volatile long writeTimeoutNanos;
    private volatile boolean writeAbortFired;
    /** Closes the transport under a write past its deadline (the only way to end a blocked stream write). */
    private final DeadlineWatch writeWatch = new DeadlineWatch(() -> {
        writeAbortFired = true;
        closeTransportQuietly();
    });
    private volatile boolean writeCompression = true;
    private volatile int compressionLevel = 1;

    Conn(Transport transport, boolean server, Settings settings, String subprotocol,
         HandshakeResponse handshakeResponse, byte[] preRead) {
        this(transport, server, settings, subprotocol, handshakeResponse, preRead, null);
    }

    Conn(Transport transport, boolean server, Settings settings, String subprotocol,
         HandshakeResponse handshakeResponse, byte[] preRead, PerMessageDeflate.Agreement compression) {
        this.transport = transport;
        this.compression = compression;
        if (compression != null) {
            this.inflater = new MessageInflater(compression.decompressorNoContextTakeover(server));
            this.deflater = new MessageDeflater(compression.compressorNoContextTakeover(server),
                    compression.compressorWindowLimited(server), settings.compressionLevel);
            this.compressionLevel = settings.compressionLevel;
        } else {
            this.inflater = null;
            this.deflater = null;
        }
        this.server = server;
        this.subprotocol = subprotocol == null ? "" : subprotocol;
        this.handshakeResponse = handshakeResponse;
        this.jsonCodec = settings.jsonCodec;
        this.writeBufferSize = settings.writeBufferSize;
        this.writeBufferPool = settings.writeBufferPool;
        this.frames = new FrameReader(transport, settings.readBufferSize, new ReadDeadlineGuard());
        if (preRead != null && preRead.length > 0) {
            frames.prime(preRead, 0, preRead.length);
        }
        if (writeBufferPool == null) {
            writeBuf = new byte[START + writeBufferSize];
        }
    }

    /** Buffer and codec settings shared by the Upgrader and the Dialer. */
    record Settings(int readBufferSize, int writeBufferSize, BufferPool writeBufferPool, JsonCodec jsonCodec,
                    int compressionLevel) {

        Settings(int readBufferSize, int writeBufferSize, BufferPool writeBufferPool, JsonCodec jsonCodec) {
            this(readBufferSize, writeBufferSize, writeBufferPool, jsonCodec, 1);
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // Reading
    // ------------------------------------------------------------------------------------------------------

    /**
     * Returns the next data message as a stream (gorilla's {@code NextReader}). Read it to end of stream
     * (-1); control frames that arrive meanwhile are handled by the handlers. A message that was not read to
     * its end is discarded by the next call; its stream then returns end of stream.
     *
     * @throws CloseException when the peer sent a close frame, or vanished (code 1006)
     * @throws ProtocolViolationException when the peer broke the protocol (the close frame has been sent)
     * @throws IllegalStateException when another thread is reading this connection
     */
    public MessageInputStream nextReader() throws IOException {
        enterRead();
        try {
            int type = nextMessageStart();
            currentReader = new MessageInputStream(this, type);
            return currentReader;
        } finally {
            exitRead();
        }
    }

    /**
     * Reads the next whole data message (gorilla's {@code ReadMessage}). The buffer grows as data arrives
     * rather than trusting the announced length; set a {@link #setReadLimit read limit} to bound it.
     *
     * @throws CloseException when the peer sent a close frame, or vanished (code 1006)
     * @throws ProtocolViolationException when the peer broke the protocol (the close frame has been sent); with
     *         code 1009 also for a message larger than a Java array, which only {@link #nextReader()} can read
     * @throws IllegalStateException when another thread is reading this connection
     */
    public Message readMessage() throws IOException {
        enterRead();
        try {
            int type = nextMessageStart();
            // Trust the header only up to PREALLOCATE_LIMIT: a peer could announce gigabytes and send nothing.
            byte[] data = new byte[readMessageCapacity(0)];
            int off = 0;
            while (true) {
                if (off == data.length) {
                    // Full: either the message ends exactly here (a zero-length read says so without
                    // reading data), or the buffer grows. Inflated data has no cheap end test, so it grows.
                    if (!readCompressed && readData(data, off, 0) < 0) {
                        break;
                    }
                    data = Arrays.copyOf(data, readMessageCapacity(off));
                }
                int n = readData(data, off, data.length - off);
                if (n < 0) {
                    break;
                }
                off += n;
            }
            return new Message(type, off == data.length ? data : Arrays.copyOf(data, off));
        } finally {
            exitRead();
        }
    }

    /**
     * The next buffer size for {@link #readMessage()} holding {@code filled} bytes: double, but no more than
     * the frame headers announced once the last frame is known. A message that cannot fit a Java array
     * fails the connection with 1009 rather than with an {@link OutOfMemoryError}.
     */
    private int readMessageCapacity(int filled) throws IOException {
        if ((!readCompressed && readLength > MAX_ARRAY_LENGTH) || filled == MAX_ARRAY_LENGTH) {
            throw readFailed(fail(CloseCodes.MESSAGE_TOO_BIG, "message larger than a Java array cannot be read with "
                    + "readMessage; read it with nextReader"));
        }
        long want;
        if (filled == 0) {
            long first = frames.remaining();
            want = Math.min(readFinal && !readCompressed ? first : Math.max(first, 512), PREALLOCATE_LIMIT);
        } else {
            want = Math.max(2L * filled, 512);
            if (readFinal && !readCompressed) {
                want = Math.min(want, readLength); // the last frame's header told the exact total
            }
        }
        return (int) Math.min(want, MAX_ARRAY_LENGTH);
    }
    /**
     * Reads the next message and decodes it as JSON into a value of {@code type} (gorilla's {@code ReadJSON}).
     * A class or a generic {@link Type} may be passed.
     */
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
        try {
            if (currentReader != null) {
                currentReader.detach();
                if (readCompressed && !compression.decompressorNoContextTakeover(server)) {
                    // With context takeover the inflater's window must see every message, read or not.
                    byte[] scratch = new byte[4096];
                    while (readData(scratch, 0, scratch.length) >= 0) {
                        // discard
                    }
                }
                currentReader = null;
            }
            while (true) {
                int opcode = advanceFrame();
                if (opcode == WebSocketProtocol.OPCODE_TEXT || opcode == WebSocketProtocol.OPCODE_BINARY) {
                    return opcode;
                }
                // A continuation of a discarded message, or a control frame: keep going.
            }
        } catch (IOException e) {
            throw readFailed(e);
        }
    }

    /**
     * Reads data of the current message into {@code b}: the body of {@link MessageInputStream#read}.
     *
     * @return bytes read, or -1 at the end of the message
     */
    int readData(byte[] b, int off, int len) throws IOException {
        IOException err = readErr;
        if (err != null) {
            throw err;
        }
        try {
            int n = readCompressed ? readInflated(b, off, len) : readPayload(b, off, len);
            if (readType == WebSocketProtocol.OPCODE_TEXT) {
                if (n > 0 && !utf8.feed(b, off, n)) {
                    throw fail(CloseCodes.INVALID_FRAME_PAYLOAD_DATA, "invalid UTF-8 in text message");
                }
                if ((n < 0 || (!readCompressed && readFinal && frames.remaining() == 0)) && !utf8.isComplete()) {
                    throw fail(CloseCodes.INVALID_FRAME_PAYLOAD_DATA, "text message ends inside a UTF-8 sequence");
                }
            }
            if (n < 0) {
                if (readCompressed) {
                    inflater.end();
                }
                currentReader = null;
            }
            return n;
        } catch (IOException e) {
            throw readFailed(e);
        }
    }

    /** Payload bytes of the current message as they are on the wire: >0, 0 only when len is 0, -1 at its end. */
    private int readPayload(byte[] b, int off, int len) throws IOException {
        while (true) {
            if (frames.remaining() > 0) {
                return len == 0 ? 0 : frames.readPayload(b, off, len);
            }
            if (readFinal) {
                return -1;
            }
            advanceFrame(); // a continuation (checked there) or a control frame
        }
    }

    /**
     * Decompressed bytes of the current message: the wire payload goes through the inflater, then the tail
     * the sender stripped. The read limit counts decompressed bytes, checked chunk by chunk.
     */
    private int readInflated(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw fail(CloseCodes.INVALID_FRAME_PAYLOAD_DATA, "invalid deflate data: " + e.getMessage());
            }
            if (n > 0) {
                readInflated += n;
                long limit = readLimit;
                if (limit > 0 && readInflated > limit) {
                    throw fail(new ReadLimitException(limit));
                }
                return n;
            }
            if (inflater.finished() && !inflateTailFed) {
                // The sender ended its deflate stream (BFINAL); whatever payload follows carries nothing.
                while (readPayload(inflateInput, 0, inflateInput.length) >= 0) {
                    // discard
                }
                inflateTailFed = true;
            }
            if (inflateTailFed && (inflater.needsInput() || inflater.finished())) {
                return -1;
            }
            if (!inflater.needsInput()) {
                throw fail(CloseCodes.INVALID_FRAME_PAYLOAD_DATA, "invalid deflate data: stream needs a dictionary");
            }
            int r = readPayload(inflateInput, 0, inflateInput.length);
            if (r > 0) {
                inflater.setInput(inflateInput, 0, r);
            } else {
                inflater.setTailInput();
                inflateTailFed = true;
            }
        }
    }

    /**
     * Reads one frame header and acts on it: the numbered steps follow gorilla's {@code advanceFrame}.
     *
     * @return the opcode of a data frame whose payload is now ready to read, or -1 after a control frame
     */
    private int advanceFrame() throws IOException {
        // 1. Skip what is left of the current frame (a message the application did not read to the end).
        frames.skipPayload();

        // 2. Read the header.
        frames.readHeader();
        int opcode = frames.opcode();
        boolean fin = frames.fin();
        long length = frames.payloadLength();

        // 3. Check everything the header can get wrong, and report all of it at once. The builder is
        //    created on the first problem only: this runs for every frame, and a valid frame must not allocate.
        StringBuilder problems = null;
        if (frames.rsv23() != 0) {
            problems = problem(problems, "RSV2 or RSV3 set; ");
        }
        if (frames.rsv1() && (compression == null
                || (opcode != WebSocketProtocol.OPCODE_TEXT && opcode != WebSocketProtocol.OPCODE_BINARY))) {
            problems = problem(problems, compression == null ? "RSV1 set without a negotiated extension; "
                    : "RSV1 set on a continuation or control frame; ");
        }
        switch (opcode) {
            case WebSocketProtocol.OPCODE_CLOSE, WebSocketProtocol.OPCODE_PING, WebSocketProtocol.OPCODE_PONG -> {
                if (length > WebSocketProtocol.MAX_CONTROL_PAYLOAD) {
                    problems = problem(problems, "control frame payload longer than 125 bytes; ");
                }
                if (!fin) {
                    problems = problem(problems, "control frame not final; ");
                }
            }
            case WebSocketProtocol.OPCODE_TEXT, WebSocketProtocol.OPCODE_BINARY -> {
                if (!readFinal) {
                    problems = problem(problems, "data frame inside a fragmented message; ");
                }
            }
            case WebSocketProtocol.OPCODE_CONTINUATION -> {
                if (readFinal) {
                    problems = problem(problems, "continuation frame without a message to continue; ");
                }
            }
            default -> problems = problem(problems, "unknown opcode " + opcode + "; ");
        }
        if (frames.masked() != server) {
            problems = problem(problems, server ? "client frame not masked; " : "server frame masked; ");
        }
        if (length < 0) {
            problems = problem(problems, "payload length has its most significant bit set; ");
        }
        if (problems != null) {
            problems.setLength(problems.length() - 2);
            throw fail(CloseCodes.PROTOCOL_ERROR, problems.toString());
        }

        // 4. Data frame: track the message and enforce the read limit.
        if (opcode < WebSocketProtocol.OPCODE_FLAG_CONTROL) {
            if (opcode != WebSocketProtocol.OPCODE_CONTINUATION) {
                readType = opcode;
                readLength = 0;
                utf8.reset();
                readCompressed = frames.rsv1();
                if (readCompressed) {
                    inflater.begin();
                    inflateTailFed = false;
                    readInflated = 0;
                    if (inflateInput == null) {
                        inflateInput = new byte[4096];
                    }
                }
            }
            readFinal = fin;
            readLength += length;
            long limit = readLimit;
            // Compressed messages are limited by their inflated size (readInflated); their wire size may only
            // exceed that by deflate's framing overhead on incompressible data.
            long wireLimit = readCompressed ? limit + (limit >> 4) + 1024 : limit;
            if (limit > 0 && readLength > wireLimit) {
                throw fail(new ReadLimitException(limit));
            }
            if (fin) {
                observer.messageReceived(readType, readLength);
            }
            return opcode;
        }

        // 5. Control frame: read the payload and hand it to its handler.
        byte[] payload = frames.readPayloadFully();
        switch (opcode) {
            case WebSocketProtocol.OPCODE_PING -> pingHandler().handle(payload);
            case WebSocketProtocol.OPCODE_PONG -> {
                pings.onPong(payload);
                pongHandler().handle(payload);
            }
            default -> onCloseFrame(payload);
        }
        return -1;
    }

    /** Appends one header problem, creating the builder on the first. */
    private static StringBuilder problem(StringBuilder problems, String text) {
        return (problems == null ? new StringBuilder() : problems).append(text);
    }

    private void onCloseFrame(byte[] payload) throws IOException {
        int code = CloseCodes.NO_STATUS_RECEIVED;
        String text = "";
        if (payload.length == 1) {
            throw fail(CloseCodes.PROTOCOL_ERROR, "close frame with a 1-byte payload");
        }
        if (payload.length >= 2) {
            code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
            if (!CloseCodes.isValidOnWire(code)) {
                throw fail(CloseCodes.PROTOCOL_ERROR, "invalid close code " + code);
            }
            if (!Utf8Validator.isValid(payload, 2, payload.length - 2)) {
                throw fail(CloseCodes.INVALID_FRAME_PAYLOAD_DATA, "invalid UTF-8 in close reason");
            }
            text = new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
        observer.closeReceived(code);
        boolean closedNow = closeState.onCloseReceived();
        try {
            closeHandler().handle(code, text);
        } finally {
            if (closedNow || closeState.state() == CloseState.State.CLOSED) {
                closeTransportQuietly();
            }
        }
        throw new CloseException(code, text);
    }

    /** Fails the connection: sends a close frame with {@code code}, closes the transport, returns the error. */
    private ProtocolViolationException fail(int code, String reason) {
        return fail(new ProtocolViolationException(code, reason));
    }

    private ProtocolViolationException fail(ProtocolViolationException error) {
        String reason = error.getMessage().substring("websocket: ".length());
        try {
            writeControl(MessageType.CLOSE, WebSockets.formatCloseMessage(error.closeCode(), truncateReason(reason)),
                    Instant.now().plus(CONTROL_REPLY_WAIT));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not send close frame after protocol error", e);
        }
        closeTransportQuietly();
        return error;
    }

    private static String truncateReason(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= WebSocketProtocol.MAX_CONTROL_PAYLOAD - 2) {
            return reason;
        }
        return new String(bytes, 0, WebSocketProtocol.MAX_CONTROL_PAYLOAD - 2, StandardCharsets.US_ASCII)
                .replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** Records {@code e} as the permanent read error, translated to what the API promises. */
    private IOException readFailed(IOException e) {
        IOException err = readErr;
        if (err != null) {
            return err;
        }
        if (readAbortFired) {
            err = new SocketTimeoutException("websocket: read deadline exceeded");
        } else if (keepaliveDead) {
            err = new SocketTimeoutException("websocket: peer did not answer keepalive ping (connection closed)");
        } else if (e instanceof EOFException && !(e instanceof ProtocolViolationException)) {
            err = new CloseException(CloseCodes.ABNORMAL_CLOSURE, "unexpected EOF", e);
        } else {
            err = e;
        }
        readErr = err;
        if (inflater != null) {
            inflater.release(); // errors are permanent: nothing will be decompressed any more
        }
        if (err instanceof CloseException && ((CloseException) err).code() == CloseCodes.ABNORMAL_CLOSURE) {
            closeState.onAbort();
        }
        return err;
    }

    private void enterRead() {
        Thread me = Thread.currentThread();
        Thread other = readingThread.compareAndExchange(null, me);
        if (other != null && other != me) {
            throw new IllegalStateException("concurrent read: thread '" + other.getName()
                    + "' is already reading this connection; a connection supports one reader at a time");
        }
    }

    private void exitRead() {
        readingThread.set(null);
    }

    /** Entry point for {@link MessageInputStream}: reads under the single-reader check. */
    int streamRead(MessageInputStream stream, byte[] b, int off, int len) throws IOException {
        enterRead();
        try {
            if (currentReader != stream) {
                return -1; // a later nextReader() discarded this message
            }
            return readData(b, off, len);
        } finally {
            exitRead();
        }
    }

    /**
     * Sets the maximum size in bytes of a message read from the peer (gorilla's {@code SetReadLimit}); 0, the
     * default, means no limit. A message over the limit makes the connection send close code 1009 and raise
     * {@link ReadLimitException}.
     */
    public void setReadLimit(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("read limit must not be negative: " + limit);
        }
        this.readLimit = limit;
    }

    /** The read limit in bytes; 0 means none. */
    public long readLimit() {
        return readLimit;
    }

    /**
     * Sets the read deadline (gorilla's {@code SetReadDeadline}): a read still blocked at {@code deadline}
     * fails with {@link SocketTimeoutException}. After a read has timed out, the connection's read side is
     * corrupt and every later read fails. Null means reads do not time out.
     */
    public void setReadDeadline(Instant deadline) {
        this.readDeadline = toNanoDeadline(deadline);
    }

    /** Sets the handler for pings from the peer; null restores the default, which answers with a pong. */
    public void setPingHandler(ControlHandler handler) {
        this.pingHandler = handler;
    }

    /** The current ping handler. */
    public ControlHandler pingHandler() {
        ControlHandler h = pingHandler;
        return h != null ? h : this::defaultPingHandler;
    }

    /** Sets the handler for pongs from the peer; null restores the default, which does nothing. */
    public void setPongHandler(ControlHandler handler) {
        this.pongHandler = handler;
    }

    /** The current pong handler. */
    public ControlHandler pongHandler() {
        ControlHandler h = pongHandler;
        return h != null ? h : data -> { };
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
        return h != null ? h : this::defaultCloseHandler;
    }

    /** Sets the observer of this connection's traffic (for metrics); null means none. */
    public void setObserver(ConnObserver observer) {
        this.observer = observer != null ? observer : ConnObserver.NONE;
    }

    /** The current traffic observer; {@link ConnObserver#NONE} when none was set. */
    public ConnObserver observer() {
        return observer;
    }

    private void defaultPingHandler(byte[] data) throws IOException {
        try {
            writeControl(MessageType.PONG, data, Instant.now().plus(CONTROL_REPLY_WAIT));
        } catch (CloseSentException | SocketTimeoutException e) {
            // Closing anyway, or the peer does not read: gorilla ignores both here too.
        }
    }

    private void defaultCloseHandler(int code, String text) throws IOException {
        try {
            writeControl(MessageType.CLOSE, WebSockets.formatCloseMessage(code, ""), Instant.now().plus(CONTROL_REPLY_WAIT));
        } catch (CloseSentException | SocketTimeoutException e) {
            // We started the close handshake, or the peer stopped reading.
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not answer close frame", e);
        }
    }

    /** Applies the read deadline around each blocking read of the transport. */
    private final class ReadDeadlineGuard implements FrameReader.ReadGuard {
        @Override
        public void beforeRead() throws IOException {
            long deadline = readDeadline;
            if (deadline == NO_DEADLINE) {
                if (appliedReadTimeout != 0) {
                    transport.setReadTimeout(0);
                    appliedReadTimeout = 0;
                }
                return;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new SocketTimeoutException("websocket: read deadline exceeded");
            }
            int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
            if (transport.setReadTimeout(millis)) {
                appliedReadTimeout = millis;
            } else {
                readWatch.begin(deadline);
                readWatched = true;
            }
        }

        @Override
        public void afterRead() {
            if (readWatched) {
                readWatch.end();
                readWatched = false;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // Writing
    // ------------------------------------------------------------------------------------------------------

    /**
     * Writes a whole message (gorilla's {@code WriteMessage}). Data messages are written atomically with
     * respect to other writers; control types are sent through {@link #writeControl} with the write deadline.
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
        java.util.Objects.checkFromIndexSize(off, len, data.length);
        if (MessageType.isControl(messageType)) {
            writeControl(messageType, Arrays.copyOfRange(data, off, off + len), deadlineInstant(writeDeadline()));
            return;
        }
        checkDataType(messageType);
        acquireMessageLock();
        try {
            byte[] buf = acquireWriteBuffer();
            int b0 = WebSocketProtocol.B0_FLAG_FIN | messageType;
            if (compressing()) {
                compressBuf = deflater.compress(data, off, len, compressBuf, compressedLength);
                data = compressBuf;
                off = 0;
                len = compressedLength[0];
                b0 |= WebSocketProtocol.B0_FLAG_RSV1;
            }
            if (len <= buf.length - START) {
                System.arraycopy(data, off, buf, START, len);
                writeFrame(buf, b0, len);
            } else {
                writeLargeFrame(buf, b0, data, off, len);
            }
            if (compressBuf.length > buf.length) {
                // Not kept: one large message would otherwise pin its compressed copy for the connection's life.
                compressBuf = new byte[0];
            }
        } finally {
            releaseMessageLock();
        }
        observer.messageSent(messageType, len);
    }

    /** Writes {@code text} as a text message. */
    public void writeText(String text) throws IOException {
        writeMessage(MessageType.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Opens a writer for the next message (gorilla's {@code NextWriter}). Closing the writer sends the final
     * frame; until then this thread owns the write side and other writers wait. If this thread still has an
     * open writer, it is closed first. Large messages stream out in frames of the write buffer's size.
     */
    public MessageOutputStream nextWriter(int messageType) throws IOException {
        if (MessageType.isControl(messageType)) {
            return new MessageOutputStream(this, messageType, null, 0);
        }
        checkDataType(messageType);
        acquireMessageLock();
        try {
            byte[] buf = acquireWriteBuffer();
            currentWriter = new MessageOutputStream(this, messageType, buf, START, compressing() ? deflater : null);
            return currentWriter;
        } catch (IOException | RuntimeException | Error e) {
            releaseMessageLock();
            throw e;
        }
    }

    /**
     * Writes {@code value} as a JSON text message (gorilla's {@code WriteJSON}) with the connection's
     * {@link JsonCodec}.
     */
    public void writeJson(Object value) throws IOException {
        try (MessageOutputStream out = nextWriter(MessageType.TEXT)) {
            codec().write(value, out);
        }
    }

    /**
     * Writes a message prepared once for many connections (gorilla's {@code WritePreparedMessage}): the
     * server form of its frame is encoded once and shared.
     */
    public void writePreparedMessage(PreparedMessage message) throws IOException {
        if (!server || MessageType.isControl(message.type())) {
            writeMessage(message.type(), message.data());
            return;
        }
        boolean compress = deflater != null && writeCompression;
        if (compress && !compression.compressorNoContextTakeover(server)) {
            // Context takeover: the compressed bytes depend on this connection's history, so nothing to share.
            writeMessage(message.type(), message.data());
            return;
        }
        byte[] frame = compress
                ? message.compressedServerFrame(compressionLevel, compression.compressorWindowLimited(server))
                : message.serverFrame();
        acquireMessageLock();
        try {
            lockFrame();
            try {
                checkWritable();
                timedWrite(frame, 0, frame.length, writeDeadline());
            } finally {
                frameLock.unlock();
            }
        } finally {
            releaseMessageLock();
        }
        observer.messageSent(message.type(), message.data().length);
    }

    /**
     * Writes a control message (close, ping or pong) with its own deadline (gorilla's {@code WriteControl}).
     * Safe from any thread at any time; it may go out between the frames of a message being streamed.
     *
     * @param data the payload, at most 125 bytes; for close, build it with
     *             {@link WebSockets#formatCloseMessage(int, String)}
     * @param deadline when to give up waiting for the wire; null means wait without limit
     * @throws CloseSentException when a close frame was already sent
     * @throws java.net.SocketException when the connection was closed without one ("connection closed")
     * @throws IllegalArgumentException for a data type or a payload over 125 bytes
     */
    public void writeControl(int messageType, byte[] data, Instant deadline) throws IOException {
        if (!MessageType.isControl(messageType)) {
            throw new IllegalArgumentException("websocket: not a control message type: " + MessageType.name(messageType));
        }
        if (data == null) {
            data = new byte[0];
        }
        if (data.length > WebSocketProtocol.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("websocket: control frame payload longer than 125 bytes: " + data.length);
        }
        long deadlineNanos = toNanoDeadline(deadline);
        lockFrame(deadlineNanos);
        boolean closeNow = false;
        try {
            if (messageType == MessageType.CLOSE) {
                try {
                    closeNow = closeState.onCloseSent();
                } catch (IllegalStateException e) {
                    throw notWritable();
                }
            } else {
                checkWritable();
            }
            IOException err = writeErr;
            if (err != null) {
                throw err;
            }
            byte[] buf = controlBuf;
            System.arraycopy(data, 0, buf, START, data.length);
            int start = encodeHeader(buf, START, WebSocketProtocol.B0_FLAG_FIN | messageType, data.length);
            timedWrite(buf, start, START - start + data.length, deadlineNanos);
            if (messageType == MessageType.CLOSE) {
                observer.closeSent(data.length >= 2
                        ? ((data[0] & 0xff) << 8) | (data[1] & 0xff) : CloseCodes.NO_STATUS_RECEIVED);
            }
        } finally {
            frameLock.unlock();
            if (closeNow) {
                closeTransportQuietly();
            }
        }
    }

    /**
     * Sets the write deadline (gorilla's {@code SetWriteDeadline}): a write still blocked at {@code deadline}
     * fails with {@link SocketTimeoutException}, and so does waiting for another writer past it. After a
     * write has timed out, the connection is closed and every later write fails. Null means no deadline.
     */
    public void setWriteDeadline(Instant deadline) {
        this.writeDeadline = toNanoDeadline(deadline);
    }

    /**
     * Sets a write timeout: every write (a message, a frame of a streamed message, waiting for another
     * writer) that cannot finish within {@code timeout} fails with {@link SocketTimeoutException}, and the
     * connection is closed as after a write deadline. A deadline set with {@link #setWriteDeadline} takes
     * precedence. Null or zero means no timeout. A slow or stalled reader on the other side can then never
     * block a writer for longer than this.
     */
    public void setWriteTimeout(Duration timeout) {
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException("write timeout must not be negative: " + timeout);
        }
        this.writeTimeoutNanos = timeout == null ? 0 : timeout.toNanos();
    }

    /** The deadline for a write starting now: the explicit write deadline, else now plus the write timeout. */
    private long writeDeadline() {
        long d = writeDeadline;
        if (d != NO_DEADLINE) {
            return d;
        }
        long t = writeTimeoutNanos;
        if (t <= 0) {
            return NO_DEADLINE;
        }
        d = System.nanoTime() + t;
        return d == NO_DEADLINE ? d + 1 : d;
    }

    /**
     * Enables or disables compression of subsequent messages (gorilla's {@code EnableWriteCompression}); a
     * no-op unless permessage-deflate was negotiated.
     */
    public void enableWriteCompression(boolean enable) {
        this.writeCompression = enable;
    }

    /** Whether the next message will be compressed. Caller holds messageLock. */
    private boolean compressing() {
        return deflater != null && writeCompression;
    }

    /**
     * Sets the deflate level of subsequent messages, -2 (Huffman only) to 9 (gorilla's
     * {@code SetCompressionLevel}); a no-op unless permessage-deflate was negotiated.
     *
     * @throws IllegalArgumentException for a level outside -2..9
     */
    public void setCompressionLevel(int level) {
        this.compressionLevel = checkCompressionLevel(level);
        if (deflater != null) {
            messageLock.lock(); // the deflater is the writer's; change it between messages
            try {
                deflater.setLevel(level);
            } finally {
                messageLock.unlock();
            }
        }
    }

    /** Returns {@code level} if it is a deflate level gorilla accepts (-2..9), else throws. */
    static int checkCompressionLevel(int level) {
        if (level < -2 || level > 9) {
            throw new IllegalArgumentException("websocket: invalid compression level " + level + " (must be -2..9)");
        }
        return level;
    }

    /** Whether permessage-deflate was negotiated on this connection. */
    public boolean compressionNegotiated() {
        return compression != null;
    }

    /** The negotiated permessage-deflate parameters, or null when compression was not negotiated. */
    public PerMessageDeflate.Agreement compressionAgreement() {
        return compression;
    }

    // ---- frame output -------------------------------------------------------------------------------------

    /** Writes one frame whose payload sits in {@code buf} from {@link #START}. Caller holds messageLock. */
    void writeFrame(byte[] buf, int b0, int payloadLength) throws IOException {
        lockFrame();
        try {
            checkWritable();
            int start = encodeHeader(buf, START, b0, payloadLength);
            timedWrite(buf, start, START - start + payloadLength, writeDeadline());
        } finally {
            frameLock.unlock();
        }
    }

    /**
     * Writes a payload larger than the write buffer as one frame: a server sends it straight from the
     * caller's array; a client masks it through the buffer, chunk by chunk.
     */
    void writeLargeFrame(byte[] buf, int b0, byte[] data, int off, int len) throws IOException {
        lockFrame();
        try {
            checkWritable();
            long deadline = writeDeadline();
            if (server) {
                int start = WebSocketProtocol.writeHeader(buf, START, b0, len, false, 0);
                timedWrite(buf, start, START - start, data, off, len, deadline);
                return;
            }
            int key = nextMaskKey();
            int start = WebSocketProtocol.writeHeader(buf, START, b0, len, true, key);
            int capacity = buf.length - START;
            int keyPos = 0;
            int first = Math.min(capacity, len);
            keyPos = Masking.maskCopy(key, keyPos, data, off, buf, START, first);
            timedWrite(buf, start, START - start + first, deadline);
            for (int done = first; done < len; ) {
                int n = Math.min(capacity, len - done);
                keyPos = Masking.maskCopy(key, keyPos, data, off + done, buf, START, n);
                timedWrite(buf, START, n, deadline);
                done += n;
            }
        } finally {
            frameLock.unlock();
        }
    }

    /** Writes the header before the payload at {@code end}, masking the payload for a client; returns its start. */
    private int encodeHeader(byte[] buf, int end, int b0, int payloadLength) {
        if (server) {
            return WebSocketProtocol.writeHeader(buf, end, b0, payloadLength, false, 0);
        }
        int key = nextMaskKey();
        Masking.mask(key, 0, buf, end, payloadLength);
        return WebSocketProtocol.writeHeader(buf, end, b0, payloadLength, true, key);
    }

    /** A fresh unpredictable mask key (RFC 6455 section 5.3), drawn from a batch of secure random bytes. */
    private int nextMaskKey() {
        if (maskKeyPos == maskKeys.length) {
            MASK_RANDOM.nextBytes(maskKeys);
            maskKeyPos = 0;
        }
        byte[] k = maskKeys;
        int p = maskKeyPos;
        maskKeyPos = p + 4;
        return ((k[p] & 0xff) << 24) | ((k[p + 1] & 0xff) << 16) | ((k[p + 2] & 0xff) << 8) | (k[p + 3] & 0xff);
    }

    private void timedWrite(byte[] b, int off, int len, long deadline) throws IOException {
        timedWrite(b, off, len, null, 0, 0, deadline);
    }

    private void timedWrite(byte[] b, int off, int len, byte[] b2, int off2, int len2, long deadline) throws IOException {
        if (deadline != NO_DEADLINE) {
            if (deadline - System.nanoTime() <= 0) {
                throw writeFailed(new SocketTimeoutException("websocket: write deadline exceeded"));
            }
            writeWatch.begin(deadline);
        }
        try {
            if (b2 == null) {
                transport.write(b, off, len);
            } else {
                transport.write(b, off, len, b2, off2, len2);
            }
        } catch (IOException e) {
            throw writeFailed(writeAbortFired ? new SocketTimeoutException("websocket: write deadline exceeded") : e);
        } finally {
            if (deadline != NO_DEADLINE) {
                writeWatch.end();
            }
        }
    }

    private IOException writeFailed(IOException e) {
        IOException err = writeErr;
        if (err == null) {
            writeErr = e;
            err = e;
        }
        if (e instanceof SocketTimeoutException) {
            // The wire may hold half a frame now: nothing more can be written safely.
            closeTransportQuietly();
        }
        return err;
    }

    private void checkWritable() throws IOException {
        IOException err = writeErr;
        if (err != null) {
            throw err;
        }
        if (!closeState.isOutputOpen()) {
            throw notWritable();
        }
    }

    /**
     * Why nothing more can be written: a close frame went out (gorilla's ErrCloseSent), or the connection was
     * closed without one — by {@link #close()}, a failed read or a dead keepalive (gorilla: net.ErrClosed).
     */
    private IOException notWritable() {
        if (closeState.closeSent()) {
            return new CloseSentException();
        }
        return new java.net.SocketException(keepaliveDead
                ? "websocket: connection closed: the peer did not answer a keepalive ping"
                : "websocket: connection closed");
    }

    private static void checkDataType(int messageType) {
        if (!MessageType.isData(messageType)) {
            throw new IllegalArgumentException("websocket: unknown message type " + messageType);
        }
    }

    private void lockFrame() throws IOException {
        lockFrame(writeDeadline());
    }

    private void lockFrame(long deadline) throws IOException {
        if (!tryLock(frameLock, deadline)) {
            throw new SocketTimeoutException("websocket: write deadline exceeded while another frame was being written");
        }
    }

    private void acquireMessageLock() throws IOException {
        if (messageLock.isHeldByCurrentThread()) {
            // gorilla: NextWriter closes the previous writer if the application has not already done so.
            MessageOutputStream previous = currentWriter;
            if (previous != null) {
                previous.close();
            }
        }
        if (!tryLock(messageLock, writeDeadline())) {
            throw new SocketTimeoutException("websocket: write deadline exceeded waiting for another writer");
        }
    }

    private static boolean tryLock(ReentrantLock lock, long deadline) throws IOException {
        try {
            if (deadline == NO_DEADLINE) {
                lock.lockInterruptibly();
                return true;
            }
            return lock.tryLock(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("websocket: interrupted waiting to write");
        }
    }

    private byte[] acquireWriteBuffer() {
        if (writeBuf == null) {
            byte[] b = writeBufferPool.get();
            writeBuf = b != null && b.length == START + writeBufferSize ? b : new byte[START + writeBufferSize];
        }
        return writeBuf;
    }

    /** Ends a message: returns a pooled buffer and lets the next writer in. Caller holds messageLock. */
    void releaseMessageLock() {
        if (messageLock.getHoldCount() == 1) {
            if (deflater != null && closeState.state() == CloseState.State.CLOSED) {
                deflater.release(); // closed while this message was being written
            }
            currentWriter = null;
            if (writeBufferPool != null && writeBuf != null) {
                writeBufferPool.put(writeBuf);
                writeBuf = null;
            }
        }
        messageLock.unlock();
    }

    boolean ownsMessageLock() {
        return messageLock.isHeldByCurrentThread();
    }

    boolean isServer() {
        return server;
    }

    // ------------------------------------------------------------------------------------------------------
    // Keepalive
    // ------------------------------------------------------------------------------------------------------

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
    public void setKeepalive(Duration interval, Duration pongTimeout) {
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

    // ------------------------------------------------------------------------------------------------------
    // Connection
    // ------------------------------------------------------------------------------------------------------

    /**
     * Frees the zlib native memory of a closed connection right away rather than at garbage collection. A
     * reader or writer still inside its call releases its half itself when it notices the closure.
     */
    private void releaseCompression() {
        if (deflater != null && !messageLock.isHeldByCurrentThread() && messageLock.tryLock()) {
            try {
                deflater.release();
            } finally {
                messageLock.unlock();
            }
        }
        if (inflater != null && readingThread.compareAndSet(null, Thread.currentThread())) {
            try {
                inflater.release();
            } finally {
                readingThread.set(null);
            }
        }
    }

    /**
     * Closes the transport without sending or waiting for a close frame (gorilla's {@code Close}). Safe from
     * any thread; blocked reads and writes fail promptly, and later writes fail with a
     * {@link java.net.SocketException} ("connection closed"), not {@link CloseSentException}. To close
     * politely, first send a close frame with {@link #writeControl} and let the reader see the peer's reply.
     */
    @Override
    public void close() {
        closeState.onAbort();
        closeTransportQuietly();
    }

    private void closeTransportQuietly() {
        closeState.onAbort();
        readWatch.cancel();
        writeWatch.cancel();
        releaseCompression();
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
        transportClosed = true;
        for (Runnable listener : closeListeners) {
            runCloseListener(listener);
        }
    }

    /**
     * Registers {@code listener} to run once when the transport is closed, for whatever reason: the close
     * handshake completed, {@link #close()}, a protocol error, a write timeout or a dead keepalive. It runs on
     * the thread that closed the transport, or at once on this thread when the transport is already closed.
     * Listeners must be quick and must not block; one that throws is logged and does not stop the others.
     */
    public void addCloseListener(Runnable listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        closeListeners.add(listener);
        if (transportClosed) {
            runCloseListener(listener);
        }
    }

    /** Runs {@code listener} unless another thread already claimed it: removal is the claim, so it runs once. */
    private void runCloseListener(Runnable listener) {
        if (!closeListeners.remove(listener)) {
            return;
        }
        try {
            listener.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "close listener failed", e);
        }
    }

    /** Where the close handshake stands. */
    CloseState.State closeState() {
        return closeState.state();
    }

    /** The negotiated subprotocol, or "" when none was (gorilla's {@code Subprotocol}). */
    public String subprotocol() {
        return subprotocol;
    }

    /** The local network address (gorilla's {@code LocalAddr}). */
    public SocketAddress localAddress() {
        return transport.localAddress();
    }

    /** The remote network address (gorilla's {@code RemoteAddr}). */
    public SocketAddress remoteAddress() {
        return transport.remoteAddress();
    }

    /**
     * The underlying transport (gorilla's {@code NetConn}). Reading from or writing to it directly corrupts
     * the WebSocket connection.
     */
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
    public HandshakeResponse handshakeResponse() {
        return handshakeResponse;
    }

    private JsonCodec codec() {
        return jsonCodec != null ? jsonCodec : JsonCodec.jackson();
    }

    private static long toNanoDeadline(Instant deadline) {
        if (deadline == null) {
            return NO_DEADLINE;
        }
        long nanos;
        try {
            nanos = Duration.between(Instant.now(), deadline).toNanos();
        } catch (ArithmeticException e) {
            nanos = deadline.isBefore(Instant.now()) ? -1 : Long.MAX_VALUE / 4;
        }
        long d = System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 4);
        return d == NO_DEADLINE ? d + 1 : d;
    }

    private static Instant deadlineInstant(long nanoDeadline) {
        if (nanoDeadline == NO_DEADLINE) {
            return null;
        }
        return Instant.now().plusNanos(nanoDeadline - System.nanoTime());
    }

    @Override
    public String toString() {
        return "Conn[" + (server ? "server" : "client") + ", " + transport.remoteAddress() + ", " + closeState.state() + "]";
    }
}
