package io.github.wsboot.websocket;

/**
 * The server's answer to the opening handshake was not a valid WebSocket upgrade. The response (status, headers and the start of the body) is kept so that callers
 * can handle redirects, authentication and so on.
 */
public class BadHandshakeException extends WebSocketException {

    private static final long serialVersionUID = 1L;

    private final transient HandshakeResponse response;

    public BadHandshakeException(String message, HandshakeResponse response) {
        super("websocket: bad handshake: " + message);
        this.response = response;
    }

    /** The server's response; never null. */
    public HandshakeResponse response() {
        return response;
    }
}
