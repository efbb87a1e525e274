package io.github.wsboot.websocket;

/**
 * Close codes defined in RFC 6455, section 11.7 (gorilla's {@code Close…} constants).
 *
 * <p>{@link #NO_STATUS_RECEIVED}, {@link #ABNORMAL_CLOSURE} and {@link #TLS_HANDSHAKE} are never sent on the
 * wire: they describe a close frame without a code, a connection lost without a close frame, and a failed
 * TLS handshake.
 */
public final class CloseCodes {

    /** 1000: the purpose for which the connection was established has been fulfilled. */
    public static final int NORMAL_CLOSURE = 1000;
    /** 1001: an endpoint is going away (server shutdown, browser leaving the page). */
    public static final int GOING_AWAY = 1001;
    /** 1002: the endpoint is terminating the connection due to a protocol error. */
    public static final int PROTOCOL_ERROR = 1002;
    /** 1003: the endpoint received a type of data it cannot accept. */
    public static final int UNSUPPORTED_DATA = 1003;
    /** 1005: reserved; stands for a close frame that carried no status code. Never sent. */
    public static final int NO_STATUS_RECEIVED = 1005;
    /** 1006: reserved; stands for a connection closed without a close frame. Never sent. */
    public static final int ABNORMAL_CLOSURE = 1006;
    /** 1007: a message's data was inconsistent with its type (for example, invalid UTF-8 in a text message). */
    public static final int INVALID_FRAME_PAYLOAD_DATA = 1007;
    /** 1008: a message violated the endpoint's policy. */
    public static final int POLICY_VIOLATION = 1008;
    /** 1009: a message was too big to process. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** 1010: the client expected the server to negotiate an extension that it did not. */
    public static final int MANDATORY_EXTENSION = 1010;
    /** 1011: the server met an unexpected condition that prevented it from fulfilling the request. */
    public static final int INTERNAL_SERVER_ERR = 1011;
    /** 1012: the service is restarting. */
    public static final int SERVICE_RESTART = 1012;
    /** 1013: try again later (the server is overloaded). */
    public static final int TRY_AGAIN_LATER = 1013;
    /** 1015: reserved; stands for a failed TLS handshake. Never sent. */
    public static final int TLS_HANDSHAKE = 1015;

    private CloseCodes() {}

    /**
     * Whether {@code code} may appear in a close frame on the wire (RFC 6455 section 7.4): 1000–1003,
     * 1007–1014 and the registered/private range 3000–4999.
     */
    public static boolean isValidOnWire(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    /** A short English description such as "1001 (going away)", used in exception messages. */
    public static String describe(int code) {
        String text =
                switch (code) {
                    case NORMAL_CLOSURE -> "normal";
                    case GOING_AWAY -> "going away";
                    case PROTOCOL_ERROR -> "protocol error";
                    case UNSUPPORTED_DATA -> "unsupported data";
                    case NO_STATUS_RECEIVED -> "no status";
                    case ABNORMAL_CLOSURE -> "abnormal closure";
                    case INVALID_FRAME_PAYLOAD_DATA -> "invalid payload data";
                    case POLICY_VIOLATION -> "policy violation";
                    case MESSAGE_TOO_BIG -> "message too big";
                    case MANDATORY_EXTENSION -> "mandatory extension missing";
                    case INTERNAL_SERVER_ERR -> "internal server error";
                    case SERVICE_RESTART -> "service restart";
                    case TRY_AGAIN_LATER -> "try again later";
                    case TLS_HANDSHAKE -> "TLS handshake error";
                    default -> "";
                };
        return text.isEmpty() ? Integer.toString(code) : code + " (" + text + ")";
    }
}
