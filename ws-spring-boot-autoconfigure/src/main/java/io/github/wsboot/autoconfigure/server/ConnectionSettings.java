package io.github.wsboot.autoconfigure.server;

import java.time.Duration;

import io.github.wsboot.autoconfigure.WebSocketServerProperties;

/**
 * How long the starter waits when it closes a server connection.
 *
 * @param closeWriteWait   how long a close frame of ours may take to write
 * @param closeReplyWait   how long to wait for the peer's answering close frame after ours
 * @since 0.1.0
 */
public record ConnectionSettings(Duration closeWriteWait, Duration closeReplyWait) {

    /** How long to wait for the answer to a close frame the server sent when the handler returned. */
    private static final Duration CLOSE_REPLY_WAIT = Duration.ofSeconds(2);

    /** The settings from {@code ws.server.*}. */
    public static ConnectionSettings of(WebSocketServerProperties properties) {
        Duration writeTimeout = properties.getWriteTimeout();
        return new ConnectionSettings(writeTimeout.isZero() ? CLOSE_REPLY_WAIT : writeTimeout, CLOSE_REPLY_WAIT);
    }
}
