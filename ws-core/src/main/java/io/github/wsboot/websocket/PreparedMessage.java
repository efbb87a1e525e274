package io.github.wsboot.websocket;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.internal.MessageDeflater;
import io.github.wsboot.websocket.internal.WebSocketProtocol;

/**
 * A message encoded once and sent to many connections: the server's wire
 * form (one unmasked frame) is built on first use and shared by every {@link Conn#writePreparedMessage}
 * call. With permessage-deflate, one compressed frame is kept per compression level (and per "window
 * limited" mode) for connections without context takeover, so a broadcast compresses once. A connection
 * with context takeover compresses against its own history, so it compresses the message itself. Clients
 * must mask each frame with a fresh key, so on a client connection it is written like an ordinary message.
 * Immutable and safe to share between threads.
 */
public final class PreparedMessage {

    private final int type;
    private final byte[] data;
    private volatile byte @Nullable [] serverFrame;
    private final Map<Integer, byte[]> compressedFrames = new ConcurrentHashMap<>(2);

    private PreparedMessage(int type, byte[] data) {
        this.type = type;
        this.data = data;
    }

    /**
     * Prepares a message. The array is copied.
     *
     * @throws IllegalArgumentException for an unknown type, or a control payload over 125 bytes
     */
    public static PreparedMessage of(int messageType, byte[] data) {
        if (!MessageType.isData(messageType) && !MessageType.isControl(messageType)) {
            throw new IllegalArgumentException("websocket: unknown message type " + messageType);
        }
        if (MessageType.isControl(messageType) && data.length > WebSocketProtocol.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("websocket: control frame payload longer than 125 bytes");
        }
        return new PreparedMessage(messageType, data.clone());
    }

    /** Prepares a text message. */
    public static PreparedMessage ofText(String text) {
        return of(MessageType.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The message type. */
    public int type() {
        return type;
    }

    byte[] data() {
        return data;
    }

    /** A copy of the payload, for relays that carry the message elsewhere (such as another process). */
    public byte[] payload() {
        return data.clone();
    }

    /** The payload size in bytes. */
    public int size() {
        return data.length;
    }

    /** The server frame with the payload compressed at {@code level}, built once per level and mode. */
    byte[] compressedServerFrame(int level, boolean huffmanOnly) {
        return compressedFrames.computeIfAbsent(level * 2 + (huffmanOnly ? 1 : 0), key -> {
            MessageDeflater deflater = new MessageDeflater(true, huffmanOnly, level);
            int[] length = new int[1];
            byte[] compressed;
            try {
                compressed = deflater.compress(data, 0, data.length, new byte[Math.max(64, data.length / 2)], length);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e); // a fresh deflater is never released
            } finally {
                deflater.release();
            }
            int header = WebSocketProtocol.headerSize(length[0], false);
            byte[] f = new byte[header + length[0]];
            WebSocketProtocol.writeHeader(
                    f,
                    header,
                    WebSocketProtocol.B0_FLAG_FIN | WebSocketProtocol.B0_FLAG_RSV1 | type,
                    length[0],
                    false,
                    0);
            System.arraycopy(compressed, 0, f, header, length[0]);
            return f;
        });
    }

    /** The complete server frame (header and unmasked payload), built once. */
    byte[] serverFrame() {
        byte[] f = serverFrame;
        if (f == null) {
            int header = WebSocketProtocol.headerSize(data.length, false);
            f = new byte[header + data.length];
            WebSocketProtocol.writeHeader(f, header, WebSocketProtocol.B0_FLAG_FIN | type, data.length, false, 0);
            System.arraycopy(data, 0, f, header, data.length);
            serverFrame = f; // benign race: every thread builds the same bytes
        }
        return f;
    }
}
