package io.github.wsboot.websocket.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.DataFormatException;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.CloseCodes;
import io.github.wsboot.websocket.CloseException;
import io.github.wsboot.websocket.ProtocolViolationException;
import io.github.wsboot.websocket.ReadLimitException;

/**
 * Turns frames into messages: checks each frame header, hands control frames to a {@link ControlFrames}
 * callback, parses close frames, inflates permessage-deflate messages, validates UTF-8 at the first bad byte
 * and enforces the read limit. A violation is thrown as {@link ProtocolViolationException}; sending the
 * matching close frame is the caller's job.
 *
 * <p>Not thread-safe: owned by the connection's single reader. Only {@link #setReadLimit} may be called from
 * any thread.
 */
public final class MessageReader {

    /** What the reader hands to its connection. */
    public interface ControlFrames {
        void onPing(byte[] payload) throws IOException;

        void onPong(byte[] payload) throws IOException;

        /** A well-formed close frame arrived; the read then ends with {@link CloseException}. */
        void onClose(int code, String reason) throws IOException;

        /** The header of a data message's last frame arrived; {@code length} counts the message's wire bytes. */
        void onFinalFrame(int type, long length);
    }

    /**
     * {@link #readMessage()} allocates at most this much on the word of a frame header and grows the buffer as
     * data arrives: a header can announce gigabytes and deliver nothing.
     */
    private static final int PREALLOCATE_LIMIT = 1 << 20;
    /** Largest array length the JVMs we run on allocate. */
    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private final FrameReader frames;
    private final boolean server;
    private final @Nullable MessageInflater inflater; // null without compression
    private final boolean inflaterKeepsContext;
    private final ControlFrames control;
    private final Utf8Validator utf8 = new Utf8Validator();
    private volatile long readLimit;

    private boolean inMessage;
    private boolean readFinal = true;
    private int readType;
    private long readLength;
    private boolean readCompressed;
    private boolean inflateTailFed;
    private long readInflated;
    private byte @Nullable [] inflateInput;

    /**
     * @param inflater decompresses messages with RSV1 set, or null when compression was not negotiated
     * @param inflaterKeepsContext whether the peer compresses with context takeover, so that every message
     *                             must pass through the inflater, read or not
     */
    public MessageReader(
            FrameReader frames,
            boolean server,
            @Nullable MessageInflater inflater,
            boolean inflaterKeepsContext,
            ControlFrames control) {
        this.frames = frames;
        this.server = server;
        this.inflater = inflater;
        this.inflaterKeepsContext = inflaterKeepsContext;
        this.control = control;
    }

    /** The callbacks this reader hands control frames to. */
    public ControlFrames controlFrames() {
        return control;
    }

    /** Sets the largest message in bytes (inflated size for compressed ones); 0 means no limit. */
    public void setReadLimit(long limit) {
        this.readLimit = limit;
    }

    public long readLimit() {
        return readLimit;
    }

    /**
     * Discards the rest of the current message, handles control frames, and returns the type of the next data
     * message, whose first frame's payload is then ready to read.
     */
    public int nextMessage() throws IOException {
        if (inMessage && readCompressed && inflaterKeepsContext) {
            byte[] scratch = new byte[4096];
            while (read(scratch, 0, scratch.length) >= 0) {
                // discard
            }
        }
        inMessage = false;
        while (true) {
            int opcode = advanceFrame();
            if (opcode == WebSocketProtocol.OPCODE_TEXT || opcode == WebSocketProtocol.OPCODE_BINARY) {
                inMessage = true;
                return opcode;
            }
            // A continuation of a discarded message, or a control frame: keep going.
        }
    }

    /**
     * Reads data of the current message (inflated, UTF-8 checked for text).
     *
     * @return bytes read (0 only when {@code len} is 0), or -1 at the end of the message
     */
    public int read(byte[] b, int off, int len) throws IOException {
        int n = readCompressed ? readInflated(b, off, len) : readPayload(b, off, len);
        if (readType == WebSocketProtocol.OPCODE_TEXT) {
            if (n > 0 && !utf8.feed(b, off, n)) {
                throw new ProtocolViolationException(
                        CloseCodes.INVALID_FRAME_PAYLOAD_DATA, "invalid UTF-8 in text message");
            }
            if ((n < 0 || (!readCompressed && readFinal && frames.remaining() == 0)) && !utf8.isComplete()) {
                throw new ProtocolViolationException(
                        CloseCodes.INVALID_FRAME_PAYLOAD_DATA, "text message ends inside a UTF-8 sequence");
            }
        }
        if (n < 0) {
            if (readCompressed) {
                Objects.requireNonNull(inflater, "inflater").end();
            }
            inMessage = false;
        }
        return n;
    }

    /**
     * Reads the rest of the current message into one array. The array grows as data arrives rather than
     * trusting the announced length.
     */
    public byte[] readMessage() throws IOException {
        byte[] data = new byte[capacity(0)];
        int off = 0;
        while (true) {
            if (off == data.length) {
                // Full: either the message ends exactly here (a zero-length read says so without reading
                // data), or the buffer grows. Inflated data has no cheap end test, so it grows.
                if (!readCompressed && read(data, off, 0) < 0) {
                    break;
                }
                data = Arrays.copyOf(data, capacity(off));
            }
            int n = read(data, off, data.length - off);
            if (n < 0) {
                break;
            }
            off += n;
        }
        return off == data.length ? data : Arrays.copyOf(data, off);
    }

    /** Frees the inflater's native memory; nothing can be decompressed afterwards. */
    public void release() {
        if (inflater != null) {
            inflater.release();
        }
    }

    /**
     * The next buffer size for {@link #readMessage()} holding {@code filled} bytes: double, but no more than
     * the frame headers announced once the last frame is known. A message that cannot fit a Java array
     * fails with 1009 rather than with an {@link OutOfMemoryError}.
     */
    private int capacity(int filled) throws ProtocolViolationException {
        if ((!readCompressed && readLength > MAX_ARRAY_LENGTH) || filled == MAX_ARRAY_LENGTH) {
            throw new ProtocolViolationException(
                    CloseCodes.MESSAGE_TOO_BIG,
                    "message larger than a Java array cannot be read with readMessage; read it with nextReader");
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
                n = Objects.requireNonNull(inflater, "inflater").inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new ProtocolViolationException(
                        CloseCodes.INVALID_FRAME_PAYLOAD_DATA, "invalid deflate data: " + e.getMessage());
            }
            if (n > 0) {
                readInflated += n;
                long limit = readLimit;
                if (limit > 0 && readInflated > limit) {
                    throw new ReadLimitException(limit);
                }
                return n;
            }
            if (inflater.finished() && !inflateTailFed) {
                // The sender ended its deflate stream (BFINAL); whatever payload follows carries nothing.
                byte[] input = inflateInput();
                while (readPayload(input, 0, input.length) >= 0) {
                    // discard
                }
                inflateTailFed = true;
            }
            if (inflateTailFed && (inflater.needsInput() || inflater.finished())) {
                return -1;
            }
            if (!inflater.needsInput()) {
                throw new ProtocolViolationException(
                        CloseCodes.INVALID_FRAME_PAYLOAD_DATA, "invalid deflate data: stream needs a dictionary");
            }
            byte[] input = inflateInput();
            int r = readPayload(input, 0, input.length);
            if (r > 0) {
                inflater.setInput(input, 0, r);
            } else {
                inflater.setTailInput();
                inflateTailFed = true;
            }
        }
    }

    /**
     * Reads one frame header and acts on it, in numbered steps.
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

        // 3. Check everything the header can get wrong and report all of it at once.
        String problems = headerProblems(length);
        if (problems != null) {
            throw new ProtocolViolationException(CloseCodes.PROTOCOL_ERROR, problems);
        }

        // 4. Data frame: track the message and enforce the read limit.
        if (opcode < WebSocketProtocol.OPCODE_FLAG_CONTROL) {
            if (opcode != WebSocketProtocol.OPCODE_CONTINUATION) {
                startMessage(opcode);
            }
            readFinal = fin;
            readLength += length;
            long limit = readLimit;
            // Compressed messages are limited by their inflated size (readInflated); their wire size may only
            // exceed that by deflate's framing overhead on incompressible data.
            long wireLimit = readCompressed ? limit + (limit >> 4) + 1024 : limit;
            if (limit > 0 && readLength > wireLimit) {
                throw new ReadLimitException(limit);
            }
            if (fin) {
                control.onFinalFrame(readType, readLength);
            }
            return opcode;
        }

        // 5. Control frame: read the payload and hand it over.
        byte[] payload = frames.readPayloadFully();
        switch (opcode) {
            case WebSocketProtocol.OPCODE_PING -> control.onPing(payload);
            case WebSocketProtocol.OPCODE_PONG -> control.onPong(payload);
            default -> onCloseFrame(payload);
        }
        return -1;
    }

    private void startMessage(int opcode) throws IOException {
        readType = opcode;
        readLength = 0;
        utf8.reset();
        readCompressed = frames.rsv1();
        if (readCompressed) {
            Objects.requireNonNull(inflater, "inflater").begin(); // RSV1 without one is refused in headerProblems
            inflateTailFed = false;
            readInflated = 0;
            inflateInput();
        }
    }

    /** The buffer compressed payload is read into, allocated with the first compressed message. */
    private byte[] inflateInput() {
        byte[] b = inflateInput;
        if (b == null) {
            b = new byte[4096];
            inflateInput = b;
        }
        return b;
    }

    /** Everything wrong with the current header, "; "-separated, or null ({@link FrameHeaderRules}). */
    private @Nullable String headerProblems(long length) {
        return FrameHeaderRules.problems(
                frames.header0(), frames.masked(), length, !readFinal, inflater != null, server);
    }

    private void onCloseFrame(byte[] payload) throws IOException {
        int code = CloseCodes.NO_STATUS_RECEIVED;
        String text = "";
        if (payload.length == 1) {
            throw new ProtocolViolationException(CloseCodes.PROTOCOL_ERROR, "close frame with a 1-byte payload");
        }
        if (payload.length >= 2) {
            code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
            if (!CloseCodes.isValidOnWire(code)) {
                throw new ProtocolViolationException(CloseCodes.PROTOCOL_ERROR, "invalid close code " + code);
            }
            if (!Utf8Validator.isValid(payload, 2, payload.length - 2)) {
                throw new ProtocolViolationException(
                        CloseCodes.INVALID_FRAME_PAYLOAD_DATA, "invalid UTF-8 in close reason");
            }
            text = new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
        control.onClose(code, text);
        throw new CloseException(code, text);
    }
}
