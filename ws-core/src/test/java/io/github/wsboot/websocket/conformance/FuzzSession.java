package io.github.wsboot.websocket.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The fuzzing peer's side of one connection: a model of Autobahn's fuzzing protocol (autobahn's
 * {@code WebSocketProtocol} with {@code failByDrop=False}) driving one {@link CaseRun}.
 *
 * <p>Threads: a reader thread parses frames and hands them over; everything else — the case script, the
 * timers, the protocol state, all writes — runs on one event thread, as Autobahn runs on Twisted's reactor.
 * So none of the state below needs a lock.
 *
 * <p>Writes made during one event are batched and go out together at its end (Twisted buffers them the
 * same way); {@code sync} frames and chopped frames go out in writes of their own.
 */
final class FuzzSession implements Peer {

    private enum State {
        OPEN,
        CLOSING,
        CLOSED
    }

    /** Autobahn's closeHandshakeTimeout and serverConnectionDropTimeout defaults. */
    private static final double CLOSE_HANDSHAKE_TIMEOUT_S = 1;

    private static final double SERVER_DROP_TIMEOUT_S = 1;
    /** Frames above this size are written at once instead of being copied into the batch. */
    private static final int BATCH_LIMIT = 1 << 16;
    /** Pause between the pieces of a small chopped frame, so that each piece is read on its own. */
    private static final long CHOP_PAUSE_NANOS = 100_000;

    private static final int CLOSE_NORMAL = 1000;
    private static final int CLOSE_GOING_AWAY = 1001;
    private static final int CLOSE_PROTOCOL_ERROR = 1002;
    private static final int CLOSE_INVALID_PAYLOAD = 1007;
    /** Our compressor's level: zlib's fastest, since the endpoint's inflater takes any level alike. */
    private static final int FUZZER_LEVEL = 1;

    private final boolean server;
    private final double timeScale;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final CaseRun run;
    private final ScheduledExecutorService events;
    private final Random random = new Random();
    private final ByteArrayOutputStream batch = new ByteArrayOutputStream();
    private final CompletableFuture<CaseResult> result = new CompletableFuture<>();
    private final long started = System.nanoTime();

    // Autobahn's protocol state; event thread only.
    private State state = State.OPEN;
    private boolean closedByMe;
    private boolean failedByMe;
    private boolean droppedByMe;
    private boolean wasClean;
    private boolean timedOut;
    private boolean timerClosed;
    private boolean lost;
    private String wasNotCleanReason;
    private String endpointViolation;
    private Integer remoteCloseCode;
    private String remoteCloseReason = "";
    private ScheduledFuture<?> closeHandshakeTimer;
    private ScheduledFuture<?> serverDropTimer;
    private final int[] framesSent = new int[16];
    private int autoFragmentSize;
    private ByteArrayOutputStream message;
    private boolean messageBinary;
    private byte[] streamMask;
    private long streamOffset;
    /** permessage-deflate: what was agreed and our side's codec; both null without compression. */
    private final DeflateAgreement deflate;

    private final DeflateCodec codec;
    private boolean messageCompressed;

    /**
     * @param server whether this peer is the server (so the client role is under test): it then sends
     *               unmasked frames and requires masked ones
     * @param in        the socket's input, positioned after the opening handshake
     * @param timeScale factor for every timer (1 = Autobahn's timings; the fuzzer self-test shrinks them)
     * @param deflate   the permessage-deflate parameters agreed in the opening handshake, or null
     */
    FuzzSession(
            boolean server,
            Socket socket,
            InputStream in,
            OutputStream out,
            CaseSpec spec,
            double timeScale,
            DeflateAgreement deflate) {
        this.server = server;
        this.deflate = deflate;
        this.codec = deflate == null ? null : DeflateCodec.of(deflate, server, FUZZER_LEVEL);
        this.timeScale = timeScale;
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.run = new CaseRun(spec, this);
        this.events = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fuzz-events-" + spec.id());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs the case until the connection is gone, or fails it when that takes longer than its budget. */
    CaseResult run() {
        Duration budget = run.spec().budget();
        Thread reader = new Thread(this::readLoop, "fuzz-reader-" + run.spec().id());
        reader.setDaemon(true);
        reader.start();
        post(run::onOpen);
        try {
            return result.get(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return CaseResult.failed(
                    run.spec(),
                    "the case did not finish within its budget of " + budget.toSeconds() + " s (connection still up)",
                    millis());
        } catch (ExecutionException e) {
            return CaseResult.failed(run.spec(), "fuzzer error: " + e.getCause(), millis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CaseResult.failed(run.spec(), "interrupted", millis());
        } finally {
            events.shutdownNow();
            closeQuietly(false);
            if (codec != null) {
                try {
                    // The event thread may still be inside the codec: release native memory once it is done.
                    events.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                codec.close();
            }
        }
    }

    // ---- threads ------------------------------------------------------------------------------------------

    private void readLoop() {
        try {
            while (true) {
                WireFrame frame = WireFrame.read(in);
                post(() -> onFrame(frame));
            }
        } catch (WireFrame.MalformedFrameException e) {
            post(() -> protocolViolation(e.getMessage()));
        } catch (IOException e) {
            // End of stream, reset, or our own drop: the connection is gone either way.
        } finally {
            post(this::connectionLost);
        }
    }

    /** Runs {@code task} on the event thread, then sends what it wrote. */
    private void post(Runnable task) {
        try {
            events.execute(() -> step(task));
        } catch (RejectedExecutionException e) {
            // The run is over.
        }
    }

    private ScheduledFuture<?> schedule(long millis, Runnable task) {
        try {
            return events.schedule(() -> step(task), millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    private void step(Runnable task) {
        try {
            task.run();
            flushBatch();
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
        }
    }

    // ---- receiving ----------------------------------------------------------------------------------------

    private void onFrame(WireFrame f) {
        if (state == State.CLOSED) {
            return;
        }
        String problem = FrameRules.problem(f, server, message != null, deflate != null);
        if (problem != null) {
            protocolViolation(problem);
            return;
        }
        switch (f.opcode()) {
            case Frame.PING -> {
                if (state == State.OPEN) {
                    sendFrame(Frame.of(Frame.PONG, f.payload()));
                }
            }
            case Frame.PONG -> run.onPong(f.payload());
            case Frame.CLOSE -> onCloseFrame(f.payload());
            default -> onDataFrame(f);
        }
    }

    private void onDataFrame(WireFrame f) {
        byte[] data;
        if (f.opcode() != Frame.CONTINUATION) {
            messageBinary = f.opcode() == Frame.BINARY;
            messageCompressed = f.rsv() == FrameRules.RSV1;
            if (f.fin()) {
                data = f.payload();
            } else {
                message = new ByteArrayOutputStream();
                message.writeBytes(f.payload());
                return;
            }
        } else {
            message.writeBytes(f.payload());
            if (!f.fin()) {
                return;
            }
            data = message.toByteArray();
            message = null;
        }
        if (messageCompressed) {
            try {
                data = codec.decompress(data);
            } catch (DeflateCodec.BadMessageException e) {
                invalidPayload("compressed message: " + e.getMessage());
                return;
            }
        } else if (codec != null) {
            codec.receivedUncompressed(data.length);
        }
        if (!messageBinary && !Bytes.isValidUtf8(data)) {
            invalidPayload("text message that is not valid UTF-8: " + Bytes.preview(data));
            return;
        }
        run.onMessage(data, messageBinary);
    }

    /** Autobahn's {@code onCloseFrame}. */
    private void onCloseFrame(byte[] p) {
        Integer code = null;
        byte[] reason = null;
        if (p.length == 1) {
            // Autobahn lets this pass; our endpoints must never send it, so it counts as a violation here.
            protocolViolation("close frame with a 1-byte payload");
        }
        if (p.length >= 2) {
            code = ((p[0] & 0xff) << 8) | (p[1] & 0xff);
            if (p.length > 2) {
                reason = Arrays.copyOfRange(p, 2, p.length);
            }
        }
        remoteCloseCode = code;
        remoteCloseReason = reason == null ? "" : new String(reason, java.nio.charset.StandardCharsets.UTF_8);
        if (code != null && !FrameRules.allowedCloseCode(code)) {
            protocolViolation("invalid close code " + code);
        }
        if (reason != null && !Bytes.isValidUtf8(reason)) {
            invalidPayload("close reason that is not valid UTF-8");
        }
        switch (state) {
            case CLOSING -> {
                // The reply to our close frame.
                cancel(closeHandshakeTimer);
                wasClean = true;
                if (server) {
                    drop(true);
                } else {
                    serverDropTimer = schedule(toMillis(SERVER_DROP_TIMEOUT_S), this::onServerDropTimeout);
                }
            }
            case OPEN -> {
                // The endpoint started the closing handshake: answer, and as a server, drop TCP at once.
                wasClean = true;
                sendCloseFrame(CLOSE_NORMAL, null, true);
                if (server) {
                    drop(false);
                }
            }
            case CLOSED -> {
                // Unreachable: frames are ignored once the connection is gone.
            }
        }
    }

    private void protocolViolation(String what) {
        endpointViolated(what);
        failConnection(CLOSE_PROTOCOL_ERROR, what);
    }

    private void invalidPayload(String what) {
        endpointViolated(what);
        failConnection(CLOSE_INVALID_PAYLOAD, what);
    }

    private void endpointViolated(String what) {
        if (endpointViolation == null) {
            endpointViolation = what;
        }
    }

    private void connectionLost() {
        if (lost) {
            return;
        }
        lost = true;
        cancel(closeHandshakeTimer);
        cancel(serverDropTimer);
        state = State.CLOSED;
        if (!wasClean && !droppedByMe && wasNotCleanReason == null) {
            wasNotCleanReason = "peer dropped the TCP connection without previous WebSocket closing handshake";
        }
        SessionFacts facts = new SessionFacts(
                server,
                true,
                closedByMe,
                failedByMe,
                droppedByMe,
                wasClean,
                wasNotCleanReason,
                remoteCloseCode,
                remoteCloseReason,
                timedOut,
                endpointViolation);
        CaseResult judged = run.judge(facts, millis()).withTimerFired(timedOut || timerClosed);
        result.complete(codec == null ? judged : judged.withInfo(deflate + "; " + codec.summary()));
    }

    // ---- closing ------------------------------------------------------------------------------------------

    /** Autobahn's {@code sendCloseFrame}: only from OPEN; starts the closing handshake. */
    private void sendCloseFrame(Integer code, byte[] reason, boolean isReply) {
        if (state != State.OPEN) {
            return;
        }
        byte[] payload = new byte[0];
        if (code != null) {
            payload = new byte[] {(byte) (code >> 8), (byte) (int) code};
        }
        if (reason != null) {
            payload = Bytes.concat(payload, reason);
        }
        sendFrame(Frame.of(Frame.CLOSE, payload));
        state = State.CLOSING;
        closedByMe = !isReply;
        if (closedByMe) {
            closeHandshakeTimer = schedule(toMillis(CLOSE_HANDSHAKE_TIMEOUT_S), this::onCloseHandshakeTimeout);
        }
    }

    /** Autobahn's {@code failConnection} with failByDrop off: a close frame, or a drop when closing already. */
    private void failConnection(int code, String reason) {
        if (state == State.CLOSED) {
            return;
        }
        failedByMe = true;
        if (state != State.CLOSING) {
            byte[] r = Bytes.utf8(reason);
            sendCloseFrame(code, r.length > 123 ? Arrays.copyOf(r, 123) : r, false);
        } else {
            drop(false);
        }
    }

    private void onCloseHandshakeTimeout() {
        if (state != State.CLOSED) {
            timedOut = true;
            wasClean = false;
            wasNotCleanReason = "peer did not finish the closing handshake in time";
            drop(true);
        }
    }

    private void onServerDropTimeout() {
        if (state != State.CLOSED) {
            timedOut = true;
            wasClean = false;
            wasNotCleanReason = "server did not drop TCP connection in time";
            drop(true);
        }
    }

    /** Drops TCP: gracefully after sending what is pending, or at once with a reset. */
    private void drop(boolean abort) {
        if (state == State.CLOSED) {
            return;
        }
        droppedByMe = true;
        if (!abort) {
            flushBatch();
        }
        state = State.CLOSED;
        closeQuietly(abort);
    }

    private void closeQuietly(boolean abort) {
        try {
            if (abort && !socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
            socket.close();
        } catch (IOException e) {
            // Nothing left to close.
        }
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    // ---- Peer: what case scripts call ---------------------------------------------------------------------

    @Override
    public void sendFrame(Frame f) {
        framesSent[f.opcode() & 0x0f]++;
        byte[] payload = f.wirePayload();
        int b0 = (f.fin() ? 0x80 : 0) | ((f.rsv() & 7) << 4) | (f.opcode() & 0x0f);
        byte[] wire = WireFormat.frame(b0, payload, maskKey());
        if (f.chopsize() > 0) {
            flushBatch();
            boolean pause = wire.length <= BATCH_LIMIT;
            for (int off = 0; off < wire.length; off += f.chopsize()) {
                write(wire, off, Math.min(f.chopsize(), wire.length - off));
                if (pause) {
                    LockSupport.parkNanos(CHOP_PAUSE_NANOS);
                }
            }
        } else if (f.sync() || wire.length > BATCH_LIMIT) {
            flushBatch();
            write(wire, 0, wire.length);
            if (f.sync()) {
                LockSupport.parkNanos(CHOP_PAUSE_NANOS);
            }
        } else {
            batch.writeBytes(wire);
        }
    }

    /**
     * Autobahn's {@code sendMessage}, quirk included: when the payload is an exact multiple of the fragment
     * size, an empty final continuation frame follows the last full one.
     */
    @Override
    public void sendMessage(byte[] payload, boolean binary, int fragmentSize) {
        if (state != State.OPEN) {
            return;
        }
        int opcode = binary ? Frame.BINARY : Frame.TEXT;
        int rsv = 0;
        if (codec != null) {
            // As Autobahn: the whole message is compressed, then the compressed bytes are fragmented.
            payload = codec.compress(payload);
            rsv = FrameRules.RSV1;
        }
        int size = fragmentSize > 0 ? fragmentSize : autoFragmentSize;
        if (size <= 0 || payload.length <= size) {
            sendFrame(Frame.of(opcode, payload).rsv(rsv));
            return;
        }
        boolean first = true;
        int i = 0;
        boolean done = false;
        while (!done) {
            int j = i + size;
            if (j > payload.length) {
                done = true;
                j = payload.length;
            }
            Frame frame = Frame.of(first ? opcode : Frame.CONTINUATION, Arrays.copyOfRange(payload, i, j))
                    .rsv(first ? rsv : 0);
            sendFrame(done ? frame : frame.notFinal());
            first = false;
            i += size;
        }
    }

    @Override
    public void autoFragmentSize(int size) {
        this.autoFragmentSize = size;
    }

    @Override
    public void sendClose(Integer code, String reason) {
        sendCloseFrame(code, reason == null ? null : Bytes.utf8(reason), false);
    }

    @Override
    public void sendCloseFrame(Integer code, byte[] reason) {
        sendCloseFrame(code, reason, false);
    }

    @Override
    public void beginFrame(int opcode, int length) {
        if (state != State.OPEN) {
            return;
        }
        framesSent[opcode & 0x0f]++;
        streamMask = maskKey();
        streamOffset = 0;
        byte[] header = WireFormat.header(opcode & 0x0f, length, streamMask);
        batch.writeBytes(header);
    }

    @Override
    public void sendFrameData(byte[] data) {
        if (state != State.OPEN) {
            return;
        }
        byte[] piece = data.clone();
        if (streamMask != null) {
            WireFormat.mask(piece, 0, piece.length, streamMask, streamOffset);
        }
        streamOffset += piece.length;
        batch.writeBytes(piece);
    }

    @Override
    public void endMessage() {
        if (state != State.OPEN) {
            return;
        }
        sendFrame(Frame.of(Frame.CONTINUATION));
    }

    @Override
    public void killAfter(double seconds) {
        schedule(toMillis(seconds), () -> {
            if (state != State.CLOSED) {
                timedOut = true;
                failConnection(CLOSE_GOING_AWAY, "Going Away");
            }
        });
    }

    @Override
    public void closeAfter(double seconds) {
        schedule(toMillis(seconds), () -> {
            if (state == State.OPEN) {
                timerClosed = true;
                sendCloseFrame(null, null, false);
            }
        });
    }

    @Override
    public void continueLater(double seconds, Runnable next) {
        schedule(toMillis(seconds), () -> {
            if (state != State.CLOSED) {
                next.run();
            }
        });
    }

    @Override
    public boolean isOpen() {
        return state == State.OPEN;
    }

    @Override
    public int framesSent(int opcode) {
        return framesSent[opcode & 0x0f];
    }

    @Override
    public DeflateAgreement deflateAgreement() {
        return deflate;
    }

    // ---- wire ---------------------------------------------------------------------------------------------

    /** A fresh mask key when this peer is the client; null when it is the server. */
    private byte[] maskKey() {
        if (server) {
            return null;
        }
        byte[] key = new byte[4];
        random.nextBytes(key);
        return key;
    }

    private void flushBatch() {
        if (batch.size() > 0) {
            byte[] b = batch.toByteArray();
            batch.reset();
            write(b, 0, b.length);
        }
    }

    private void write(byte[] b, int off, int len) {
        if (socket.isClosed()) {
            return; // as Twisted does after a drop: late writes vanish
        }
        try {
            out.write(b, off, len);
            out.flush();
        } catch (IOException e) {
            // The endpoint is gone; the reader thread reports the lost connection.
        }
    }

    private long millis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    private long toMillis(double seconds) {
        return Math.round(seconds * 1000 * timeScale);
    }
}
