package io.github.wsboot.autoconfigure.hub;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the hub's Redis relay: UP while Redis takes our publishes (or answers the idle ping), DOWN during an
 * outage, with the error, since when, and how many messages wait in the outbox. Local delivery goes on either way.
 *
 * @since 0.1.0
 */
public final class RedisHubRelayHealthIndicator implements HealthIndicator {

    private final RedisHubRelay relay;

    public RedisHubRelayHealthIndicator(RedisHubRelay relay) {
        this.relay = relay;
    }

    @Override
    public Health health() {
        RedisHubRelay.Status s = relay.status();
        Health.Builder b = s.connected() ? Health.up() : Health.down();
        b.withDetail("channel", relay.channel()).withDetail("instance", relay.instanceId().toString())
                .withDetail("outbox", s.outbox()).withDetail("published", s.published())
                .withDetail("received", s.received()).withDetail("dropped", s.dropped());
        if (s.error() != null) {
            b.withDetail("error", s.error());
        }
        if (s.downSince() != null) {
            b.withDetail("downSince", s.downSince().toString());
        }
        return b.build();
    }
}
