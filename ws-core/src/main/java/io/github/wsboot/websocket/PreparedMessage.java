package io.github.wsboot.websocket;

import java.nio.charset.StandardCharsets;

import io.github.wsboot.websocket.internal.WebSocketProtocol;

/**
 * A message encoded once and sent to many connections (gorilla's {@code PreparedMessage}): the server's wire
 * form (one unmasked frame) is built on first use and shared by every {@link Conn#writePreparedMessage}
 * call. Clients must mask each frame with a fresh key, so on a client connection it is written like an
 * ordinary message. Immutable and safe to share between threads.
 */
public final class PreparedMessage {

    private final int type;
    private final byte[] data;
    private volatile byte[] serverFrame;

    private PreparedMessage(int type, byte[] data) {
        this.type = type;
        this.data = data;
    }

    /**
     * Prepares a message (gorilla's {@code NewPreparedMessage}). The array is copied.
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

    /** The payload size in bytes. */
    public int size() {
        return data.length;
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
