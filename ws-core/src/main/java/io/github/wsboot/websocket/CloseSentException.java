package io.github.wsboot.websocket;

/**
 * Raised when the application writes to a connection after a close message was sent. A connection sends at most one close frame; this is how the second is refused.
 */
public class CloseSentException extends WebSocketException {

    private static final long serialVersionUID = 1L;

    public CloseSentException() {
        super("websocket: close sent");
    }
}
