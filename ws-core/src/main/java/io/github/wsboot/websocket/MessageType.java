package io.github.wsboot.websocket;

/**
 * Message types, numbered as the RFC 6455 opcodes that carry them.
 *
 * <p>Plain {@code int} constants rather than an enum so that a type read from the wire and a type passed to
 * {@link Conn#writeMessage(int, byte[])} are the same value, as in gorilla.
 */
public final class MessageType {

    /** A text data message: the payload is UTF-8 encoded text. */
    public static final int TEXT = 1;

    /** A binary data message: the payload is left to the application. */
    public static final int BINARY = 2;

    /**
     * A close control message. The optional payload holds a code and a reason; build it with
     * {@link WebSockets#formatCloseMessage(int, String)}.
     */
    public static final int CLOSE = 8;

    /** A ping control message. The optional payload (at most 125 bytes) is echoed in the pong. */
    public static final int PING = 9;

    /** A pong control message. */
    public static final int PONG = 10;

    private MessageType() {}

    /** Whether {@code type} is {@link #TEXT} or {@link #BINARY}. */
    public static boolean isData(int type) {
        return type == TEXT || type == BINARY;
    }

    /** Whether {@code type} is {@link #CLOSE}, {@link #PING} or {@link #PONG}. */
    public static boolean isControl(int type) {
        return type == CLOSE || type == PING || type == PONG;
    }

    /** The lower-case name of a message type ("text", "binary", "close", "ping", "pong"), or "unknown(n)". */
    public static String name(int type) {
        return switch (type) {
            case TEXT -> "text";
            case BINARY -> "binary";
            case CLOSE -> "close";
            case PING -> "ping";
            case PONG -> "pong";
            default -> "unknown(" + type + ")";
        };
    }
}
