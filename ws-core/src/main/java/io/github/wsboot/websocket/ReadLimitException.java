package io.github.wsboot.websocket;

/**
 * A message exceeded the connection's read limit. The connection sent close
 * code 1009 (message too big) to the peer before raising it; the error is permanent.
 */
public class ReadLimitException extends ProtocolViolationException {

    private static final long serialVersionUID = 1L;

    private final long limit;

    public ReadLimitException(long limit) {
        super(CloseCodes.MESSAGE_TOO_BIG, "read limit exceeded (" + limit + " bytes)");
        this.limit = limit;
    }

    /** The limit in bytes that was exceeded. */
    public long limit() {
        return limit;
    }
}
