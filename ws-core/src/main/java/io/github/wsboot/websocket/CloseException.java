package io.github.wsboot.websocket;

/**
 * A close message from the peer: read methods raise it when a close frame
 * arrives, carrying the code (RFC 6455 section 11.7) and the optional text. A close frame without a code gives
 * {@link CloseCodes#NO_STATUS_RECEIVED}; a connection lost without any close frame gives
 * {@link CloseCodes#ABNORMAL_CLOSURE}.
 */
public class CloseException extends WebSocketException {

    private static final long serialVersionUID = 1L;

    private final int code;
    private final String text;

    public CloseException(int code, String text) {
        super(message(code, text));
        this.code = code;
        this.text = text == null ? "" : text;
    }

    public CloseException(int code, String text, Throwable cause) {
        super(message(code, text), cause);
        this.code = code;
        this.text = text == null ? "" : text;
    }

    /** The close code. */
    public int code() {
        return code;
    }

    /** The close reason, empty when the peer sent none. */
    public String text() {
        return text;
    }

    private static String message(int code, String text) {
        String m = "websocket: close " + CloseCodes.describe(code);
        return text == null || text.isEmpty() ? m : m + ": " + text;
    }
}
