package io.github.wsboot.autoconfigure.metrics;

import java.util.Locale;

/**
 * How a WebSocket handshake ended, as the {@code outcome} tag of {@code websocket.server.handshakes}.
 *
 * @since 0.1.0
 */
public enum HandshakeOutcome {

    /** Upgraded (101). */
    SUCCESS,
    /** Not a valid WebSocket handshake (400), including plain HTTP requests to the endpoint. */
    BAD_REQUEST,
    /** The Origin was not allowed (403). */
    ORIGIN_REJECTED,
    /** Not a GET request (405). */
    METHOD_NOT_ALLOWED,
    /** A WebSocket version other than 13 (426). */
    UNSUPPORTED_VERSION,
    /** Refused because {@code ws.server.max-connections} were open (503). */
    OVER_CAPACITY,
    /** Refused because the application is shutting down (503). */
    SHUTTING_DOWN,
    /** Refused because the client's address had {@code ws.server.limits.max-connections-per-address} open (503). */
    TOO_MANY_FROM_ADDRESS,
    /** Refused because the client's address exceeded {@code ws.server.limits.max-handshakes-per-address} (429). */
    RATE_LIMITED,
    /** The server could not complete the upgrade (500). */
    ERROR;

    /** The outcome for a handshake the Upgrader refused with {@code status}. */
    public static HandshakeOutcome ofStatus(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 403 -> ORIGIN_REJECTED;
            case 405 -> METHOD_NOT_ALLOWED;
            case 426 -> UNSUPPORTED_VERSION;
            case 503 -> OVER_CAPACITY;
            default -> ERROR;
        };
    }

    /** The tag value: the constant's name in lower case. */
    public String tagValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
