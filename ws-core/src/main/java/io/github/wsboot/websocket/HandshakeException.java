package io.github.wsboot.websocket;

/**
 * A request the {@link Upgrader} refused. By the time it is raised, the
 * client has been sent the HTTP error response with {@link #status()}.
 */
public class HandshakeException extends WebSocketException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public HandshakeException(int status, String message) {
        super("websocket: " + message);
        this.status = status;
    }

    /** The HTTP status sent to the client: 400, 403, 405, 426 or 500. */
    public int status() {
        return status;
    }
}
