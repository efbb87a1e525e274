package io.github.wsboot.autoconfigure.metrics;

import java.time.Duration;

import io.github.wsboot.websocket.ConnObserver;

/**
 * Records one connection's life: its traffic (as the connection's {@link ConnObserver}), its failures and
 * its end. Obtained from {@link WebSocketMetrics#connectionOpened(String)}; called from the connection's
 * threads, so implementations must be thread-safe, fast and must not throw.
 *
 * @since 0.1.0
 */
public interface ConnectionMetrics extends ConnObserver {

    /** Records nothing. */
    ConnectionMetrics NONE = new ConnectionMetrics() {};

    /** The handler failed or the connection broke with {@code error}. */
    default void error(Throwable error) {}

    /** The connection has ended after {@code duration}; called exactly once, last. */
    default void connectionClosed(Duration duration) {}
}
