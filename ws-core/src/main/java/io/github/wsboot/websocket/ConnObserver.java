package io.github.wsboot.websocket;

import java.time.Duration;

/**
 * Observes one connection's traffic, for metrics; set it with {@link Conn#setObserver(ConnObserver)}. Each
 * method is called on the thread that read or wrote, after the event. Implementations must be fast, must not
 * block, must not throw and must not use the connection. Every method does nothing by default.
 */
public interface ConnObserver {

    /** An observer that ignores everything. */
    ConnObserver NONE = new ConnObserver() {};

    /**
     * A data message is arriving: called when its final frame header has been read, before the application
     * has read the last payload.
     *
     * @param messageType  {@link MessageType#TEXT} or {@link MessageType#BINARY}
     * @param payloadBytes the payload length of all its frames as sent on the wire
     */
    default void messageReceived(int messageType, long payloadBytes) {}

    /**
     * A data message has been written completely.
     *
     * @param messageType  {@link MessageType#TEXT} or {@link MessageType#BINARY}
     * @param payloadBytes its payload length before any compression
     */
    default void messageSent(int messageType, long payloadBytes) {}

    /** A close frame arrived with {@code code}, or {@link CloseCodes#NO_STATUS_RECEIVED} when it had none. */
    default void closeReceived(int code) {}

    /** A close frame with {@code code} (or {@link CloseCodes#NO_STATUS_RECEIVED}: none) has been written. */
    default void closeSent(int code) {}

    /** The pong answering a keepalive ping (see {@link Conn#setKeepalive}) arrived after {@code roundTrip}. */
    default void keepalivePong(Duration roundTrip) {}

    /** A keepalive ping went unanswered: the connection is being closed as dead. */
    default void keepaliveMissed() {}
}
