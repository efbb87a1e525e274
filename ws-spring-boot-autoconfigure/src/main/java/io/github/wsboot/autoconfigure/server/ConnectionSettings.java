package io.github.wsboot.autoconfigure.server;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.autoconfigure.WebSocketServerProperties;

/**
 * What the starter applies to every server connection before the handler sees it, and how long it waits
 * when it closes one.
 *
 * @param pingInterval     keepalive ping interval, null for no keepalive
 * @param pongTimeout      how long a keepalive pong may take
 * @param compressionLevel deflate level of outgoing messages
 * @param closeWriteWait   how long a close frame of ours may take to write
 * @param closeReplyWait   how long to wait for the peer's answering close frame after ours
 * @param writeTimeout     bound on every write of the connection (zero: none), so a stalled reader cannot pin
 *                         a writer
 * @since 0.1.0
 */
public record ConnectionSettings(@Nullable Duration pingInterval, Duration pongTimeout, int compressionLevel,
                                 Duration closeWriteWait, Duration closeReplyWait, Duration writeTimeout) {

    /** How long to wait for the answer to a close frame the server sent when the handler returned. */
    private static final Duration CLOSE_REPLY_WAIT = Duration.ofSeconds(2);

    /** The settings from {@code ws.server.*}. */
    public static ConnectionSettings of(WebSocketServerProperties properties) {
        Duration writeTimeout = properties.getWriteTimeout();
        Duration ping = properties.getKeepalive().getPingInterval();
        return new ConnectionSettings(ping == null || ping.isZero() ? null : ping,
                properties.getKeepalive().getPongTimeout(), properties.getCompression().getLevel(),
                writeTimeout.isZero() ? CLOSE_REPLY_WAIT : writeTimeout, CLOSE_REPLY_WAIT, writeTimeout);
    }
}
