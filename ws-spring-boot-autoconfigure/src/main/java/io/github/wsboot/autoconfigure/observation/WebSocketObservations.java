package io.github.wsboot.autoconfigure.observation;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Where the server observes handshakes and handled messages. The starter's implementation is
 * {@link MicrometerWebSocketObservations}, defined when an {@code ObservationRegistry} bean exists; define a bean
 * of this type to replace it. Implementations must be thread-safe.
 *
 * @since 0.1.0
 */
public interface WebSocketObservations {

    /** Observes nothing: used when there is no {@code ObservationRegistry}. */
    WebSocketObservations NONE = new WebSocketObservations() {};

    /**
     * A handshake to the endpoint mapped to {@code pathPattern} begins, on the request thread: the observation
     * is a child of the HTTP request's observation, when there is one.
     */
    default HandshakeObservation handshakeStarted(String pathPattern, HttpServletRequest request) {
        return HandshakeObservation.NONE;
    }

    /**
     * Runs {@code handling}, the decoding, handler call and reply of one message on the connection's thread, inside
     * an observation whose parent is the current one (the handshake's, see {@link HandshakeObservation#openScope()}).
     *
     * @param messageType {@link io.github.wsboot.websocket.MessageType#TEXT} or {@code BINARY}
     */
    default void observeMessage(String pathPattern, int messageType, MessageHandling handling) throws IOException {
        handling.run();
    }

    /** The handling of one message. */
    @FunctionalInterface
    interface MessageHandling {

        void run() throws IOException;
    }
}
