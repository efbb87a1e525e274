package io.github.wsboot.websocket;

import java.nio.charset.StandardCharsets;

/**
 * A whole data message, as returned by {@link Conn#readMessage()}.
 *
 * @param type {@link MessageType#TEXT} or {@link MessageType#BINARY}
 * @param data the payload (for text, valid UTF-8)
 */
public record Message(int type, byte[] data) {

    /** The payload decoded as UTF-8. */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** Whether this is a text message. */
    public boolean isText() {
        return type == MessageType.TEXT;
    }

    @Override
    public String toString() {
        return "Message[" + MessageType.name(type) + ", " + data.length + " bytes]";
    }
}
