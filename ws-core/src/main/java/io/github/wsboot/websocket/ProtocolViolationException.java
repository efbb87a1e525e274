package io.github.wsboot.websocket;

/**
 * The peer broke RFC 6455 (or RFC 7692): a malformed frame, a bad close payload, invalid UTF-8 in a text
 * message. Before raising it the connection has sent a close frame with {@link #closeCode()} and given up
 * reading; the error is permanent.
 */
public class ProtocolViolationException extends WebSocketException {

    private static final long serialVersionUID = 1L;

    private final int closeCode;

    public ProtocolViolationException(int closeCode, String message) {
        super("websocket: " + message);
        this.closeCode = closeCode;
    }

    /** The close code sent to the peer: 1002, 1007 or 1009. */
    public int closeCode() {
        return closeCode;
    }
}
