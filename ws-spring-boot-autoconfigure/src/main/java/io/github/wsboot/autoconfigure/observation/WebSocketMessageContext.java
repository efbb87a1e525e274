package io.github.wsboot.autoconfigure.observation;

/**
 * What a message observation knows: the endpoint's path pattern and the message type; a failure of the handling
 * is the context's {@link #getError() error}.
 *
 * @since 0.1.0
 */
public class WebSocketMessageContext extends WebSocketEndpointContext {

    private final int messageType;

    public WebSocketMessageContext(String pathPattern, int messageType) {
        super(pathPattern);
        this.messageType = messageType;
    }

    /** {@link io.github.wsboot.websocket.MessageType#TEXT} or {@link io.github.wsboot.websocket.MessageType#BINARY}. */
    public int getMessageType() {
        return messageType;
    }
}
