package io.github.wsboot.autoconfigure.observation;

import io.micrometer.observation.Observation;

/**
 * What a message observation knows: the endpoint's path pattern and the message type; a failure of the handling
 * is the context's {@link #getError() error}.
 *
 * @since 0.1.0
 */
public class WebSocketMessageContext extends Observation.Context {

    private final String pathPattern;
    private final int messageType;

    public WebSocketMessageContext(String pathPattern, int messageType) {
        this.pathPattern = pathPattern;
        this.messageType = messageType;
    }

    /** The endpoint's path pattern, such as {@code /rooms/{room}}. */
    public String getPathPattern() {
        return pathPattern;
    }

    /** {@link io.github.wsboot.websocket.MessageType#TEXT} or {@link io.github.wsboot.websocket.MessageType#BINARY}. */
    public int getMessageType() {
        return messageType;
    }
}
