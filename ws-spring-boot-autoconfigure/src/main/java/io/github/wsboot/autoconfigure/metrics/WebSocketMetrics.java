package io.github.wsboot.autoconfigure.metrics;

/**
 * Where the server side reports handshakes and connections, tagged by the endpoint's path pattern. The
 * starter's Micrometer implementation is {@link MicrometerWebSocketMetrics}; define a bean of this type to
 * replace it. Implementations must be thread-safe and must not throw.
 *
 * @since 0.1.0
 */
public interface WebSocketMetrics {

    /** Records nothing: used when Micrometer is absent. */
    WebSocketMetrics NONE = new WebSocketMetrics() {
        @Override
        public void handshake(String pathPattern, HandshakeOutcome outcome) {}

        @Override
        public ConnectionMetrics connectionOpened(String pathPattern) {
            return ConnectionMetrics.NONE;
        }
    };

    /** A handshake for the endpoint mapped to {@code pathPattern} ended with {@code outcome}. */
    void handshake(String pathPattern, HandshakeOutcome outcome);

    /** A connection to the endpoint mapped to {@code pathPattern} has started being served. */
    ConnectionMetrics connectionOpened(String pathPattern);
}
