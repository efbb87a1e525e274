package io.github.wsboot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import io.github.wsboot.websocket.hub.OverflowPolicy;

/**
 * Settings of the broadcast {@link io.github.wsboot.websocket.hub.Hub} bean and of its Redis relay.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("ws.hub")
public class WebSocketHubProperties {

    /** Whether to define the Hub bean. */
    private boolean enabled = true;

    /** Largest payload queued per connection; a message that does not fit triggers the overflow policy. */
    private DataSize queueLimit = DataSize.ofMegabytes(1);

    /** Largest number of messages queued per connection. */
    private int queueLimitMessages = 1024;

    /**
     * What a full queue does: terminate-policy-violation (close 1008), terminate-try-again-later (close 1013),
     * drop-oldest or drop-newest.
     */
    private OverflowPolicy overflowPolicy = OverflowPolicy.TERMINATE_TRY_AGAIN_LATER;

    /** Longest time one queued write may take before a timer closes the connection. Zero disables it. */
    private Duration writeTimeout = Duration.ofSeconds(10);

    private final Redis redis = new Redis();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public DataSize getQueueLimit() {
        return queueLimit;
    }

    public void setQueueLimit(DataSize queueLimit) {
        this.queueLimit = queueLimit;
    }

    public int getQueueLimitMessages() {
        return queueLimitMessages;
    }

    public void setQueueLimitMessages(int queueLimitMessages) {
        this.queueLimitMessages = queueLimitMessages;
    }

    public OverflowPolicy getOverflowPolicy() {
        return overflowPolicy;
    }

    public void setOverflowPolicy(OverflowPolicy overflowPolicy) {
        this.overflowPolicy = overflowPolicy;
    }

    public Duration getWriteTimeout() {
        return writeTimeout;
    }

    public void setWriteTimeout(Duration writeTimeout) {
        this.writeTimeout = writeTimeout;
    }

    public Redis getRedis() {
        return redis;
    }

    /** Relaying published messages to every instance through Redis pub/sub. */
    public static class Redis {

        /** Whether to relay through Redis (needs Spring Data Redis with Lettuce and a RedisConnectionFactory). */
        private boolean enabled;

        /** Prefix of the Redis channel; instances that share it share topics. The channel is "{prefix}messages". */
        private String channelPrefix = "ws.hub.";

        /**
         * Messages kept for Redis while it is unreachable, oldest dropped first; they are published in order
         * when it returns.
         */
        private int outboxLimit = 10_000;

        /**
         * After an outage, how long to wait for the other instances to subscribe again before the outbox is
         * published (Redis pub/sub delivers only to current subscribers).
         */
        private Duration resubscribeWait = Duration.ofSeconds(5);

        private final Presence presence = new Presence();

        private final Recovery recovery = new Recovery();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getChannelPrefix() {
            return channelPrefix;
        }

        public void setChannelPrefix(String channelPrefix) {
            this.channelPrefix = channelPrefix;
        }

        public int getOutboxLimit() {
            return outboxLimit;
        }

        public void setOutboxLimit(int outboxLimit) {
            this.outboxLimit = outboxLimit;
        }

        public Duration getResubscribeWait() {
            return resubscribeWait;
        }

        public void setResubscribeWait(Duration resubscribeWait) {
            this.resubscribeWait = resubscribeWait;
        }

        public Presence getPresence() {
            return presence;
        }

        public Recovery getRecovery() {
            return recovery;
        }
    }

    /** Cluster-wide presence through Redis: every instance's members in Hub.presence() and presence listeners. */
    public static class Presence {

        /** Whether presence is shared by the instances (with the relay enabled). */
        private boolean enabled = true;

        /** How often an instance renews its registration in Redis and removes the members of dead instances. */
        private Duration heartbeat = Duration.ofSeconds(2);

        /**
         * How long a registration lives without renewal: a crashed instance's members disappear within expiry plus
         * one heartbeat. Must be longer than the heartbeat.
         */
        private Duration expiry = Duration.ofSeconds(6);

        /** Joins and leaves kept while Redis is unreachable; beyond it all are written again when it returns. */
        private int queueLimit = 10_000;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getHeartbeat() {
            return heartbeat;
        }

        public void setHeartbeat(Duration heartbeat) {
            this.heartbeat = heartbeat;
        }

        public Duration getExpiry() {
            return expiry;
        }

        public void setExpiry(Duration expiry) {
            this.expiry = expiry;
        }

        public int getQueueLimit() {
            return queueLimit;
        }

        public void setQueueLimit(int queueLimit) {
            this.queueLimit = queueLimit;
        }
    }

    /** Catch-up after a reconnect: recoverable topics keep their recent messages in a Redis stream. */
    public static class Recovery {

        /**
         * Recoverable topics: exact names, or prefixes ending in '*' (such as "chat:*"). Their messages carry a
         * cluster-wide position, and a client that reconnects with its last position gets what it missed.
         */
        private List<String> topics = new ArrayList<>();

        /** How long messages of a recoverable topic stay available for catch-up. */
        private Duration window = Duration.ofMinutes(2);

        /** Most messages kept per recoverable topic (approximately: Redis trims whole nodes). */
        private int maxLength = 10_000;

        public List<String> getTopics() {
            return topics;
        }

        public void setTopics(List<String> topics) {
            this.topics = topics;
        }

        public Duration getWindow() {
            return window;
        }

        public void setWindow(Duration window) {
            this.window = window;
        }

        public int getMaxLength() {
            return maxLength;
        }

        public void setMaxLength(int maxLength) {
            this.maxLength = maxLength;
        }
    }
}
