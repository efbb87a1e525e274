package io.github.wsboot.autoconfigure.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Dialer;
import io.github.wsboot.websocket.hub.ClusterPresence;
import io.github.wsboot.websocket.hub.Hub;
import io.github.wsboot.websocket.testing.RedisServerProcess;

/**
 * Cluster-wide presence between two application instances and a real redis-server: presence lists both
 * instances' members, listeners hear the other instance's joins and leaves, a crashed instance's members are
 * removed within expiry + heartbeat, and a join costs one HSET, one SADD and one PUBLISH.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RedisClusterPresenceTests {

    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final Duration EXPIRY = Duration.ofSeconds(3);

    @Test
    void presenceIsClusterWideAndACrashedInstancesMembersLeaveWithinTheBound() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
                ConfigurableApplicationContext a = start(redis.port())) {
            ConfigurableApplicationContext b = start(redis.port());
            Hub hubA = a.getBean(Hub.class);
            Hub hubB = b.getBean(Hub.class);
            List<String> heardOnA = Collections.synchronizedList(new ArrayList<>());
            hubA.onPresenceChange((topic, member, joined) -> heardOnA.add((joined ? "+" : "-") + member));

            Conn a1 = dial(a, "ann");
            await(() -> hubB.presence("room").equals(List.of("ann")), "ann seen from B");
            Conn b1 = dial(b, "bob");
            // Joins happen on the connections' own threads: bea dials after bob has joined, so join order is known.
            await(() -> hubB.presence("room").contains("bob"), "bob joined on B");
            Conn b2 = dial(b, "bea");
            await(
                    () -> hubA.presence("room").size() == 3
                            && hubB.presence("room").size() == 3,
                    "three members everywhere");
            assertThat(hubA.presence("room")).containsExactly("ann", "bob", "bea"); // local first, then by join time
            assertThat(hubB.presence("room")).containsExactly("bob", "bea", "ann");
            await(() -> heardOnA.containsAll(List.of("+ann", "+bob", "+bea")), "A's listeners hear B's joins");

            b2.close();
            await(() -> hubA.presence("room").equals(List.of("ann", "bob")), "bea's leave seen on A");
            await(() -> heardOnA.contains("-bea"), "A hears bea leave");

            // B crashes: no cleanup, no heartbeat. Its members must be gone within expiry + one heartbeat.
            b.getBean(RedisClusterPresence.class).halt();
            long crashed = System.nanoTime();
            await(() -> hubA.presence("room").equals(List.of("ann")), "bob removed after B's crash");
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - crashed);
            assertThat(tookMillis)
                    .as("removal of a crashed instance's members (ms)")
                    .isLessThanOrEqualTo(EXPIRY.plus(HEARTBEAT).toMillis() + 1000);
            await(() -> heardOnA.contains("-bob"), "A hears bob leave");
            b.close();
            RedisClusterPresence.Status status =
                    a.getBean(RedisClusterPresence.class).status();
            assertThat(status.connected()).isTrue();
            assertThat(status.reaped()).isEqualTo(1);
            assertThat(status.roundTripMillis()).isPositive();
            MeterRegistry meters = a.getBean(MeterRegistry.class);
            assertThat(meters.get(HubMeterNames.PRESENCE_MEMBERS).gauge().value())
                    .isEqualTo(1);
            assertThat(meters.get(HubMeterNames.PRESENCE_REAPED)
                            .functionCounter()
                            .count())
                    .isEqualTo(1);
            assertThat(meters.get(HubMeterNames.REDIS_ROUND_TRIP).gauge().value())
                    .isPositive();
            Health health = a.getBean(RedisHubRelayHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(org.springframework.boot.health.contributor.Status.UP);
            assertThat(health.getDetails()).containsKey("presence");
            a1.close();
            b1.close();
        }
    }

    @Test
    void aJoinCostsOneHsetOneSaddAndOnePublishAndALeaveOneHdelAndOnePublish() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            LettuceConnectionFactory factory = RedisHubApplications.connectionFactory(redis.port());
            try {
                PresenceStore store = new PresenceStore(factory, "cost.", UUID.randomUUID());
                Properties before = commandStats(factory);
                store.joined(List.of(new ClusterPresence.Membership("room", 1, "ann")), true);
                Properties joined = commandStats(factory);
                assertThat(delta(before, joined, "hset")).isEqualTo(1);
                assertThat(delta(before, joined, "sadd")).isEqualTo(1);
                assertThat(delta(before, joined, "publish")).isEqualTo(1);
                store.left(new ClusterPresence.Membership("room", 1, "ann"));
                Properties left = commandStats(factory);
                assertThat(delta(joined, left, "hdel")).isEqualTo(1);
                assertThat(delta(joined, left, "publish")).isEqualTo(1);
                // Memory: 1,000 members of one topic on one instance.
                List<ClusterPresence.Membership> many = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    many.add(new ClusterPresence.Membership("room", i, "member-" + i));
                }
                store.joined(many, false);
                {
                    Process cli = new ProcessBuilder(
                                    "redis-cli",
                                    "-p",
                                    Integer.toString(redis.port()),
                                    "MEMORY",
                                    "USAGE",
                                    "cost.presence:room")
                            .redirectErrorStream(true)
                            .start();
                    long bytes = Long.parseLong(
                            new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
                    LoggerFactory.getLogger(getClass())
                            .info("presence hash of 1000 members: {} bytes ({} per member)", bytes, bytes / 1000);
                    assertThat(bytes / 1000).as("bytes per member").isLessThan(200);
                }
                assertThat(store.othersMembers("room")).isEmpty(); // its own members are not "others"
                assertThat(new PresenceStore(factory, "cost.", UUID.randomUUID()).othersMembers("room"))
                        .hasSize(1000);
            } finally {
                factory.destroy();
            }
        }
    }

    static ConfigurableApplicationContext start(int redisPort) {
        return RedisHubApplications.start(
                redisPort,
                "spring.data.redis.timeout=1s",
                "ws.hub.redis.presence.heartbeat=" + HEARTBEAT.toMillis() + "ms",
                "ws.hub.redis.presence.expiry=" + EXPIRY.toMillis() + "ms");
    }

    static Conn dial(ConfigurableApplicationContext ctx, String name) throws Exception {
        return Dialer.DEFAULT.dial(
                URI.create("ws://127.0.0.1:" + RedisHubApplications.port(ctx) + "/hub?name=" + name), null);
    }

    static long delta(Properties before, Properties after, String command) {
        return calls(after, command) - calls(before, command);
    }

    static Properties commandStats(RedisConnectionFactory factory) {
        try (RedisConnection c = factory.getConnection()) {
            return c.serverCommands().info("commandstats");
        }
    }

    /** The calls count of INFO commandstats' {@code cmdstat_<command>} line. */
    static long calls(Properties stats, String command) {
        String line = stats.getProperty("cmdstat_" + command);
        if (line == null) {
            return 0;
        }
        String calls = line.split(",")[0];
        return Long.parseLong(calls.substring(calls.indexOf('=') + 1));
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        RedisHubApplications.await(condition, what);
    }
}
