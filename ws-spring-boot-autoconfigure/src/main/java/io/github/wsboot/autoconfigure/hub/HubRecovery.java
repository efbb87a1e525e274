package io.github.wsboot.autoconfigure.hub;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.hub.Hub;

/**
 * Catch-up after a reconnect, for recoverable topics ({@code ws.hub.redis.recovery.topics} or {@link #declare}).
 * Their messages carry a cluster-wide position (a Redis stream id, put into each message by the
 * {@link PositionStamp}); a client that reconnects, to any instance, with the last position it saw joins with
 * {@link #resume}: it gets what it missed, in order and once, then the live messages, with no gap or duplicate.
 *
 * <pre>{@code
 * Resume r = recovery.resume("chat:lobby", conn, nick, lastPositionFromTheClient);
 * if (r.missed()) { hub.send(conn, ...tell the client to reload...); }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class HubRecovery {

    /**
     * What {@link #resume} did.
     *
     * @param recovered messages written to the client before the live ones
     * @param missed    true when some messages after the position were no longer kept (older than the window or
     *                  beyond the length), or Redis could not be asked: the client should resync
     * @param position  the last position written to the client, or the one it gave
     */
    public record Resume(
            int recovered, boolean missed, @Nullable String position) {}

    private final Hub hub;
    private final RedisHubRelay relay;

    public HubRecovery(Hub hub, RedisHubRelay relay) {
        this.hub = hub;
        this.relay = relay;
    }

    /**
     * Joins {@code conn} to {@code topic} as {@code member}, first writing (through its hub queue) the messages
     * published after {@code lastPosition}. With a null position, or for a topic that is not recoverable, this is
     * {@link Hub#join}. A malformed position counts as missed. Blocks for one Redis round trip.
     */
    public Resume resume(String topic, Conn conn, String member, @Nullable String lastPosition) {
        RecoverableDelivery.Outcome o = relay.resume(
                topic, lastPosition, message -> hub.send(conn, message), () -> hub.join(topic, conn, member));
        return new Resume(o.recovered(), o.missed(), o.position());
    }

    /** Makes topics recoverable: a name, or a prefix ending in '*'. */
    public void declare(String topicPattern) {
        relay.declareRecoverable(topicPattern);
    }

    /** Whether {@code topic} is recoverable. */
    public boolean isRecoverable(String topic) {
        return relay.isRecoverable(topic);
    }
}
