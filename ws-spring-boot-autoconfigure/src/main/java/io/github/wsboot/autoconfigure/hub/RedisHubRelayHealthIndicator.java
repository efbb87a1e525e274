package io.github.wsboot.autoconfigure.hub;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the hub's Redis relay: UP while Redis takes our publishes (or answers the idle ping), DOWN during an
 * outage, with the error, since when, and how many messages wait in the outbox. Local delivery goes on either way.
 * With cluster presence, its state is a {@code presence} detail and an unreachable presence store is DOWN too.
 *
 * @since 0.1.0
 */
public final class RedisHubRelayHealthIndicator implements HealthIndicator {

    private final RedisHubRelay relay;
    private final @Nullable RedisClusterPresence presence;

    public RedisHubRelayHealthIndicator(RedisHubRelay relay) {
        this(relay, null);
    }

    public RedisHubRelayHealthIndicator(RedisHubRelay relay, @Nullable RedisClusterPresence presence) {
        this.relay = relay;
        this.presence = presence;
    }

    @Override
    public Health health() {
        RedisHubRelay.Status s = relay.status();
        RedisClusterPresence.Status p = presence == null ? null : presence.status();
        boolean up = s.connected() && (p == null || p.connected());
        Health.Builder b = up ? Health.up() : Health.down();
        b.withDetail("channel", relay.channel())
                .withDetail("instance", relay.instanceId().toString())
                .withDetail("outbox", s.outbox())
                .withDetail("published", s.published())
                .withDetail("received", s.received())
                .withDetail("dropped", s.dropped());
        if (s.error() != null) {
            b.withDetail("error", s.error());
        }
        if (s.downSince() != null) {
            b.withDetail("downSince", s.downSince().toString());
        }
        if (p != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("connected", p.connected());
            d.put("localMembers", p.localMembers());
            d.put("pending", p.pending());
            d.put("reaped", p.reaped());
            d.put("roundTripMillis", p.roundTripMillis());
            if (p.error() != null) {
                d.put("error", p.error());
            }
            b.withDetail("presence", d);
        }
        return b.build();
    }
}
