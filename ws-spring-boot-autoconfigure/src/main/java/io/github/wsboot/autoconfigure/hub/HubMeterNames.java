package io.github.wsboot.autoconfigure.hub;

/**
 * Names and tag keys of the broadcast hub's meters, in the style of
 * {@link io.github.wsboot.autoconfigure.metrics.MeterNames}.
 *
 * @since 0.1.0
 */
public final class HubMeterNames {

    /** Gauge: connections that have a send queue. */
    public static final String CONNECTIONS = "websocket.hub.connections";
    /** Gauge: topics with at least one local member. */
    public static final String TOPICS = "websocket.hub.topics";
    /** Gauge: messages queued over all connections. */
    public static final String QUEUED_MESSAGES = "websocket.hub.queued.messages";
    /** Gauge (bytes): payload bytes queued over all connections. */
    public static final String QUEUED_BYTES = "websocket.hub.queued.bytes";
    /** Distribution summary: a connection's queue depth in messages, recorded at each enqueue. */
    public static final String QUEUE_DEPTH = "websocket.hub.queue.depth";
    /** Counter: messages discarded by a drop policy, tagged with {@link #POLICY}. */
    public static final String DROPPED = "websocket.hub.dropped";
    /** Counter: connections terminated, tagged with {@link #REASON}. */
    public static final String TERMINATIONS = "websocket.hub.terminations";
    /** Timer: from publish (or arrival from the relay) to the last subscriber's write. */
    public static final String FANOUT_LATENCY = "websocket.hub.fanout.latency";
    /** Gauge: 1 while the Redis relay is connected, 0 during an outage. */
    public static final String RELAY_CONNECTED = "websocket.hub.relay.connected";
    /** Gauge: messages waiting in the relay's outbox for Redis. */
    public static final String RELAY_OUTBOX = "websocket.hub.relay.outbox";
    /** Function counter: relay publishes and reconnection attempts that failed. */
    public static final String RELAY_FAILURES = "websocket.hub.relay.failures";
    /** Function counter: messages dropped from a full relay outbox. */
    public static final String RELAY_DROPPED = "websocket.hub.relay.dropped";
    /** Gauge (ms): from a recoverable message's append in Redis to its delivery on this instance, last one. */
    public static final String RELAY_LAG = "websocket.hub.relay.lag";
    /** Function counter: reconnects that resumed a recoverable topic, tagged with {@link #OUTCOME}. */
    public static final String RECOVERY_RESUMES = "websocket.hub.recovery.resumes";
    /** Function counter: messages written to reconnecting clients from the stream. */
    public static final String RECOVERY_MESSAGES = "websocket.hub.recovery.messages";
    /** Gauge: this instance's members recorded in cluster presence. */
    public static final String PRESENCE_MEMBERS = "websocket.hub.presence.members";
    /** Function counter: members of dead instances this instance removed. */
    public static final String PRESENCE_REAPED = "websocket.hub.presence.reaped";
    /** Gauge (ms): Redis PING round trip measured at the last presence heartbeat. */
    public static final String REDIS_ROUND_TRIP = "websocket.hub.redis.round.trip";

    /** Tag: {@code hit} (caught up in full) or {@code miss} (messages beyond the window). */
    public static final String OUTCOME = "outcome";

    /** Tag: an overflow policy such as {@code drop_oldest}. */
    public static final String POLICY = "policy";
    /** Tag: {@code terminate_policy_violation}, {@code terminate_try_again_later} or {@code write_timeout}. */
    public static final String REASON = "reason";

    private HubMeterNames() {}
}
