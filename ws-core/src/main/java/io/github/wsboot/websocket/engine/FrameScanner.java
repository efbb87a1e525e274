package io.github.wsboot.websocket.engine;

import java.nio.ByteBuffer;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.internal.FrameHeaderRules;
import io.github.wsboot.websocket.internal.Masking;
import io.github.wsboot.websocket.internal.Utf8Validator;
import io.github.wsboot.websocket.internal.WebSocketProtocol;

/**
 * Finds the frames in the bytes an event loop reads, however the network cuts them, as an explicit state
 * machine (in the manner of Jetty's {@code Parser} and Netty's {@code WebSocket08FrameDecoder}): it never
 * waits and holds no buffer between calls, only the fields of a half-received header.
 *
 * <p>It decides where bytes go, and nothing more: the bytes of data and close frames go unchanged to the
 * connection's {@link Sink#append inbound pipe}, where the connection's {@code MessageReader} reads them (it
 * unmasks, inflates, checks UTF-8, the read limit and close frames, exactly as on the blocking path); ping and
 * pong frames are taken out, unmasked, and handed over on their own ({@link Sink#control}). Each header is
 * checked as it arrives with the same {@link FrameHeaderRules} the reader applies: a bad one is passed on
 * at once, announced, and ends the scan, so the reader fails the connection with the right close code without
 * waiting for a payload. A unit is {@link Sink#unitReady announced} when the pipe holds a whole data message,
 * a close frame, or a bad header: whoever reads the pipe can then read that far without waiting.
 *
 * <p>Not thread-safe: owned by the connection's event loop.
 */
final class FrameScanner {

    /** Where the scanner puts what it found. */
    interface Sink {
        /** Raw bytes of a data or close frame, in order. */
        void append(ByteBuffer src, int length);

        void append(byte[] src, int offset, int length);

        /** The pipe now holds one more whole unit (a data message, a close frame or a bad header). */
        void unitReady();

        /** A whole ping or pong frame, unmasked. */
        void control(int opcode, byte[] payload);
    }

    enum State {
        /** Waiting for the first two header bytes. */
        HEADER,
        /** Collecting the 16- or 64-bit extended length and the mask key. */
        HEADER_REST,
        /** Passing a data or close frame's payload to the pipe. */
        PAYLOAD,
        /** Collecting a ping or pong payload (at most 125 bytes). */
        CONTROL_PAYLOAD,
        /** A close frame or a bad header was passed on: what follows is never read. */
        DONE
    }

    private final boolean server;
    private final boolean compression;
    private final byte[] header = new byte[WebSocketProtocol.MAX_HEADER_SIZE];
    private State state = State.HEADER;
    private int headerLength;
    private int headerNeeded;
    private int opcode;
    private boolean fin;
    private long remaining;
    private byte @Nullable [] controlPayload;
    private int controlFilled;
    private boolean controlMasked;
    private int controlHeaderSize;
    private boolean payloadMasked;
    private int maskKey;
    /** A data message was begun by a non-final frame and is not finished (MessageReader's !readFinal). */
    private boolean inFragmentedMessage;
    /** The message in progress was announced before its end (the pipe filled up): not again at its end. */
    private boolean announcedEarly;
    /**
     * Checks an uncompressed text message's UTF-8 as it arrives, so that the reader is started at the first
     * invalid byte (and fails the connection with 1007 there, as on the blocking path) rather than when the
     * message ends. The reader checks it again: this one only decides when to wake it.
     */
    private final Utf8Validator utf8 = new Utf8Validator();

    private boolean checkingText;
    private int payloadMaskPos;

    /** Unmasked copies for the UTF-8 check, one per event loop thread. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[4096]);

    FrameScanner(boolean server, boolean compression) {
        this.server = server;
        this.compression = compression;
    }

    State state() {
        return state;
    }

    /** Consumes all of {@code src}. */
    void scan(ByteBuffer src, Sink sink) {
        while (src.hasRemaining()) {
            switch (state) {
                case HEADER, HEADER_REST -> readHeader(src, sink);
                case PAYLOAD -> {
                    int n = (int) Math.min(remaining, src.remaining());
                    boolean invalidText = checkingText && !checkText(src, n);
                    sink.append(src, n);
                    if (invalidText) {
                        checkingText = false;
                        announceEarly(sink); // invalid UTF-8 is in the pipe: start the reader now
                    }
                    remaining -= n;
                    if (remaining == 0) {
                        endFrame(sink);
                    }
                }
                case CONTROL_PAYLOAD -> {
                    byte[] payload = Objects.requireNonNull(controlPayload, "controlPayload");
                    int n = Math.min(payload.length - controlFilled, src.remaining());
                    src.get(payload, controlFilled, n);
                    controlFilled += n;
                    if (controlFilled == payload.length) {
                        endControlFrame(sink);
                    }
                }
                case DONE -> src.position(src.limit());
            }
        }
    }

    /**
     * The input ended: a frame cut short that the scanner still holds (part of a header, a ping or pong) goes
     * to the pipe as it came, so that the reader fails with "unexpected end of stream inside a frame" as on the
     * blocking path, not with a clean end of stream.
     */
    void endOfInput(Sink sink) {
        if (state == State.HEADER || state == State.HEADER_REST) {
            if (headerLength > 0) {
                sink.append(header, 0, headerLength);
            }
        } else if (state == State.CONTROL_PAYLOAD) {
            sink.append(header, 0, controlHeaderSize);
            sink.append(Objects.requireNonNull(controlPayload, "controlPayload"), 0, controlFilled);
        }
        state = State.DONE;
    }

    /**
     * The pipe is full before the message in progress ended: announce it now so that its reader starts (and
     * waits for the rest) instead of everyone waiting for everyone. Returns whether it announced.
     */
    boolean announceEarly(Sink sink) {
        boolean inDataMessage =
                inFragmentedMessage || (state == State.PAYLOAD && opcode != WebSocketProtocol.OPCODE_CLOSE);
        if (!inDataMessage || announcedEarly) {
            return false;
        }
        announcedEarly = true;
        sink.unitReady();
        return true;
    }

    private void readHeader(ByteBuffer src, Sink sink) {
        if (state == State.HEADER) {
            header[headerLength++] = src.get();
            if (headerLength < 2) {
                return;
            }
            int b1 = header[1] & 0xff;
            int len7 = b1 & WebSocketProtocol.B1_MASK_LENGTH;
            headerNeeded = 2
                    + (len7 == WebSocketProtocol.PAYLOAD_SHORT ? 2 : len7 == WebSocketProtocol.PAYLOAD_LONG ? 8 : 0)
                    + ((b1 & WebSocketProtocol.B1_FLAG_MASK) != 0 ? 4 : 0);
            state = State.HEADER_REST;
        }
        int n = Math.min(headerNeeded - headerLength, src.remaining());
        src.get(header, headerLength, n);
        headerLength += n;
        if (headerLength == headerNeeded) {
            onHeader(sink);
        }
    }

    private void onHeader(Sink sink) {
        int b0 = header[0] & 0xff;
        int b1 = header[1] & 0xff;
        boolean masked = (b1 & WebSocketProtocol.B1_FLAG_MASK) != 0;
        int len7 = b1 & WebSocketProtocol.B1_MASK_LENGTH;
        long length;
        if (len7 == WebSocketProtocol.PAYLOAD_SHORT) {
            length = ((header[2] & 0xffL) << 8) | (header[3] & 0xffL);
        } else if (len7 == WebSocketProtocol.PAYLOAD_LONG) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (header[i] & 0xff);
            }
        } else {
            length = len7;
        }
        opcode = b0 & WebSocketProtocol.B0_MASK_OPCODE;
        fin = (b0 & WebSocketProtocol.B0_FLAG_FIN) != 0;
        int headerSize = headerLength;
        headerLength = 0;
        if (masked) {
            maskKey = ((header[headerSize - 4] & 0xff) << 24)
                    | ((header[headerSize - 3] & 0xff) << 16)
                    | ((header[headerSize - 2] & 0xff) << 8)
                    | (header[headerSize - 1] & 0xff);
        }
        if (FrameHeaderRules.problems(b0, masked, length, inFragmentedMessage, compression, server) != null) {
            // The reader applies the same rules to this header and fails the connection with its close code.
            sink.append(header, 0, headerSize);
            sink.unitReady();
            state = State.DONE;
            return;
        }
        if (opcode == WebSocketProtocol.OPCODE_PING || opcode == WebSocketProtocol.OPCODE_PONG) {
            controlPayload = new byte[(int) length];
            controlFilled = 0;
            controlMasked = masked;
            controlHeaderSize = headerSize;
            state = State.CONTROL_PAYLOAD;
            if (length == 0) {
                endControlFrame(sink);
            }
            return;
        }
        sink.append(header, 0, headerSize);
        if (opcode != WebSocketProtocol.OPCODE_CLOSE) {
            inFragmentedMessage = !fin;
            if (opcode == WebSocketProtocol.OPCODE_TEXT) {
                checkingText = (b0 & WebSocketProtocol.B0_FLAG_RSV1) == 0; // compressed: the reader inflates first
                utf8.reset();
            } else if (opcode == WebSocketProtocol.OPCODE_BINARY) {
                checkingText = false;
            }
            payloadMaskPos = 0;
            payloadMasked = masked;
        }
        remaining = length;
        state = State.PAYLOAD;
        if (length == 0) {
            endFrame(sink);
        }
    }

    /**
     * Feeds the next {@code n} payload bytes of {@code src} (not consumed), unmasked in a scratch copy, to the
     * UTF-8 check; false at the first invalid byte.
     */
    private boolean checkText(ByteBuffer src, int n) {
        byte[] scratch = SCRATCH.get();
        int at = src.position();
        while (n > 0) {
            int k = Math.min(n, scratch.length);
            src.get(at, scratch, 0, k);
            if (payloadMasked) {
                payloadMaskPos = Masking.mask(maskKey, payloadMaskPos, scratch, 0, k);
            }
            if (!utf8.feed(scratch, 0, k)) {
                return false;
            }
            at += k;
            n -= k;
        }
        return true;
    }

    private void endFrame(Sink sink) {
        if (opcode == WebSocketProtocol.OPCODE_CLOSE) {
            sink.unitReady();
            state = State.DONE; // the reader answers it; a peer sends nothing after its close frame
            return;
        }
        state = State.HEADER;
        if (fin) {
            if (!announcedEarly) {
                sink.unitReady();
            }
            announcedEarly = false;
        }
    }

    private void endControlFrame(Sink sink) {
        byte[] payload = Objects.requireNonNull(controlPayload, "controlPayload");
        controlPayload = null;
        if (controlMasked) {
            Masking.mask(maskKey, 0, payload, 0, payload.length);
        }
        state = State.HEADER;
        sink.control(opcode, payload);
    }
}
