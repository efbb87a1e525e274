package io.github.wsboot.autoconfigure.hub;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.data.redis.connection.DefaultStringRedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.StringRedisConnection;

import io.github.wsboot.websocket.hub.ClusterPresence.Membership;

/**
 * Cluster presence in Redis, no leader. Keys, with the relay's prefix {@code p}:
 * <ul>
 *   <li>{@code p presence:{topic}}, a hash: field {@code {instance}:{connection id}}, value
 *       {@code {join time ms}:{member}}: one field per member connection;</li>
 *   <li>{@code p presence-topics:{instance}}, a set: the topics where an instance has (had) members, so that
 *       another instance can remove them when it dies;</li>
 *   <li>{@code p instances}, a sorted set: instance id scored with the time its heartbeat expires.</li>
 * </ul>
 * Joins and leaves are also published on {@code p presence} as {@link PresenceEvent}s. A join costs HSET, SADD
 * and PUBLISH (one round trip, pipelined), a leave HDEL and PUBLISH; a heartbeat PING, ZADD, ZCOUNT and ZRANGEBYSCORE.
 */
final class PresenceStore {

    private final RedisConnectionFactory connectionFactory;
    private final String prefix;
    private final String channel;
    private final UUID self;

    PresenceStore(RedisConnectionFactory connectionFactory, String prefix, UUID self) {
        this.connectionFactory = connectionFactory;
        this.prefix = prefix;
        this.channel = prefix + "presence";
        this.self = self;
    }

    String channel() {
        return channel;
    }

    private String topicKey(String topic) {
        return prefix + "presence:" + topic;
    }

    private String topicsKey(UUID instance) {
        return prefix + "presence-topics:" + instance;
    }

    private String instancesKey() {
        return prefix + "instances";
    }

    private String field(long id) {
        return self + ":" + id;
    }

    private StringRedisConnection connection() {
        return new DefaultStringRedisConnection(connectionFactory.getConnection());
    }

    /** Records the joins (and publishes them when {@code announce}), in one round trip. */
    void joined(List<Membership> memberships, boolean announce) {
        try (StringRedisConnection c = connection()) {
            c.openPipeline();
            for (Membership m : memberships) {
                c.hSet(topicKey(m.topic()), field(m.id()), System.currentTimeMillis() + ":" + m.member());
                c.sAdd(topicsKey(self), m.topic());
                if (announce) {
                    c.publish(channel, new PresenceEvent(true, self, m.topic(), m.member()).encode());
                }
            }
            c.closePipeline();
        }
    }

    void left(Membership m) {
        try (StringRedisConnection c = connection()) {
            c.openPipeline();
            c.hDel(topicKey(m.topic()), field(m.id()));
            c.publish(channel, new PresenceEvent(false, self, m.topic(), m.member()).encode());
            c.closePipeline();
        }
    }

    /**
     * Extends this instance's heartbeat to {@code expiresAtMillis}.
     *
     * @return true when the instance was not registered: Redis lost its data (a restart without persistence) or
     *         another instance found this one dead during a pause, so its members must be recorded again
     */
    boolean heartbeat(long expiresAtMillis) {
        try (StringRedisConnection c = connection()) {
            Boolean added = c.zAdd(instancesKey(), (double) expiresAtMillis, self.toString());
            return Boolean.TRUE.equals(added);
        }
    }

    /** Instances whose heartbeat has not expired at {@code nowMillis}. */
    long live(long nowMillis) {
        try (StringRedisConnection c = connection()) {
            Long n = c.zCount(instancesKey(), (double) nowMillis, Double.POSITIVE_INFINITY);
            return n == null ? 0 : n;
        }
    }

    /** Instances whose heartbeat expired before {@code nowMillis}. */
    Set<String> expired(long nowMillis) {
        try (StringRedisConnection c = connection()) {
            Set<String> dead = c.zRangeByScore(instancesKey(), Double.NEGATIVE_INFINITY, (double) nowMillis);
            return dead == null ? Set.of() : dead;
        }
    }

    /**
     * Removes the members of {@code instance} and publishes their leaves, if this caller is the one that removes
     * the instance from the registry (ZREM answers 1 to exactly one caller), so each leave is announced once.
     *
     * @return the memberships removed; empty when another instance did it
     */
    List<PresenceEvent> reap(UUID instance) {
        List<PresenceEvent> leaves = new ArrayList<>();
        try (StringRedisConnection c = connection()) {
            Long removed = c.zRem(instancesKey(), instance.toString());
            if (removed == null || removed == 0) {
                return leaves;
            }
            String fieldPrefix = instance + ":";
            Set<String> topics = c.sMembers(topicsKey(instance));
            for (String topic : topics == null ? Set.<String>of() : topics) {
                Map<String, String> fields = c.hGetAll(topicKey(topic));
                for (Map.Entry<String, String> e :
                        fields == null ? Map.<String, String>of().entrySet() : fields.entrySet()) {
                    if (e.getKey().startsWith(fieldPrefix)) {
                        c.hDel(topicKey(topic), e.getKey());
                        PresenceEvent leave = new PresenceEvent(false, instance, topic, member(e.getValue()));
                        c.publish(channel, leave.encode());
                        leaves.add(leave);
                    }
                }
            }
            c.del(topicsKey(instance));
        }
        return leaves;
    }

    /** The members of {@code topic} on other instances, by join time. */
    List<String> othersMembers(String topic) {
        Map<String, String> fields;
        try (StringRedisConnection c = connection()) {
            fields = c.hGetAll(topicKey(topic));
        }
        if (fields == null || fields.isEmpty()) {
            return List.of();
        }
        String own = self + ":";
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (!e.getKey().startsWith(own)) {
                values.add(e.getValue());
            }
        }
        values.sort(Comparator.comparingLong(PresenceStore::joinedAt));
        List<String> members = new ArrayList<>(values.size());
        for (String v : values) {
            members.add(member(v));
        }
        return members;
    }

    /** Measures one PING, in nanoseconds. */
    long roundTripNanos() {
        try (StringRedisConnection c = connection()) {
            long start = System.nanoTime();
            c.ping();
            return System.nanoTime() - start;
        }
    }

    private static long joinedAt(String value) {
        return Long.parseLong(value.substring(0, value.indexOf(':')));
    }

    private static String member(String value) {
        return value.substring(value.indexOf(':') + 1);
    }
}
