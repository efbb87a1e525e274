package io.github.wsboot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.wsboot.autoconfigure.hub.HubMeterNames;
import io.github.wsboot.autoconfigure.hub.HubRecovery;
import io.github.wsboot.autoconfigure.hub.MicrometerHubMetrics;
import io.github.wsboot.autoconfigure.hub.RedisClusterPresence;
import io.github.wsboot.autoconfigure.hub.RedisHubRelay;
import io.github.wsboot.autoconfigure.hub.RedisHubRelayHealthIndicator;
import io.github.wsboot.autoconfigure.testsupport.FailureReports;
import io.github.wsboot.websocket.hub.Hub;
import io.github.wsboot.websocket.hub.HubBroker;
import io.github.wsboot.websocket.hub.OverflowPolicy;
import io.github.wsboot.websocket.testing.RedisServerProcess;

/** Conditions and {@code ws.hub.*} binding of {@link WebSocketHubAutoConfiguration}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSocketHubAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WebSocketHubAutoConfiguration.class));

    private final ApplicationContextRunner withRedis = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(DataRedisAutoConfiguration.class, WebSocketHubAutoConfiguration.class));

    @Test
    void aLocalHubByDefaultInAnyApplication() {
        runner.run(context -> {
            Hub hub = context.getBean(Hub.class);
            assertThat(hub.toString()).contains("policy=TERMINATE_TRY_AGAIN_LATER", "HubBroker.local()");
            assertThat(context).doesNotHaveBean(MicrometerHubMetrics.class).doesNotHaveBean(RedisHubRelay.class);
            assertThatThrownBy(() -> hub.publishText("t", "x".repeat((1 << 20) + 1)))
                    .hasMessageContaining("exceeds the queue limit of 1048576 bytes");
        });
    }

    @Test
    void bindsTheHubProperties() {
        runner.withPropertyValues(
                        "ws.hub.queue-limit=2KB",
                        "ws.hub.queue-limit-messages=8",
                        "ws.hub.overflow-policy=drop-oldest",
                        "ws.hub.write-timeout=3s")
                .run(context -> {
                    WebSocketHubProperties p = context.getBean(WebSocketHubProperties.class);
                    assertThat(p.getQueueLimitMessages()).isEqualTo(8);
                    assertThat(p.getWriteTimeout()).hasSeconds(3);
                    Hub hub = context.getBean(Hub.class);
                    assertThat(hub.toString()).contains("policy=DROP_OLDEST");
                    assertThatThrownBy(() -> hub.publishText("t", "x".repeat(2049)))
                            .hasMessageContaining("exceeds the queue limit of 2048 bytes");
                });
    }

    @Test
    void backsOffForAnApplicationHubAndWhenDisabled() {
        runner.withBean(
                        "myHub",
                        Hub.class,
                        () -> Hub.builder()
                                .overflowPolicy(OverflowPolicy.DROP_NEWEST)
                                .build())
                .run(context ->
                        assertThat(context.getBean(Hub.class).toString()).contains("DROP_NEWEST"));
        runner.withPropertyValues("ws.hub.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(Hub.class));
    }

    @Test
    void anApplicationBrokerIsUsed() {
        HubBroker broker = HubBroker.local();
        runner.withBean(HubBroker.class, () -> broker)
                .run(context -> assertThat(context.getBean(Hub.class).broker()).isSameAs(broker));
    }

    @Test
    void micrometerMetersWithARegistry() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            MicrometerHubMetrics metrics = context.getBean(MicrometerHubMetrics.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            metrics.bindTo(registry); // Boot's registry post-processing is not part of this runner
            metrics.dropped(OverflowPolicy.DROP_OLDEST, 3);
            metrics.terminated(OverflowPolicy.TERMINATE_POLICY_VIOLATION);
            metrics.writeTimedOut();
            metrics.fannedOut("t", 10, 5_000_000);
            assertThat(count(registry, HubMeterNames.DROPPED, HubMeterNames.POLICY, "drop_oldest"))
                    .isEqualTo(3);
            assertThat(count(registry, HubMeterNames.DROPPED, HubMeterNames.POLICY, "drop_newest"))
                    .isZero();
            assertThat(count(registry, HubMeterNames.TERMINATIONS, HubMeterNames.REASON, "terminate_policy_violation"))
                    .isEqualTo(1);
            assertThat(count(registry, HubMeterNames.TERMINATIONS, HubMeterNames.REASON, "write_timeout"))
                    .isEqualTo(1);
            assertThat(registry.get(HubMeterNames.FANOUT_LATENCY).timer().totalTime(TimeUnit.MILLISECONDS))
                    .isEqualTo(5);
            assertThat(registry.get(HubMeterNames.QUEUED_BYTES).gauge().value()).isZero();
            assertThat(registry.get(HubMeterNames.CONNECTIONS).gauge().value()).isZero();
        });
    }

    @Test
    void noRelayUnlessEnabled() {
        withRedis.run(context -> assertThat(context)
                .doesNotHaveBean(RedisHubRelay.class)
                .doesNotHaveBean(RedisHubRelayHealthIndicator.class));
        // Without the property, a class path without Spring Data Redis is fine.
        runner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Hub.class));
    }

    @Test
    void enabledRelayWithoutSpringDataRedisFailsAtStartupNamingTheDependency() {
        runner.withPropertyValues("ws.hub.redis.enabled=true")
                .withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis report = FailureReports.analyze(context.getStartupFailure());
                    assertThat(report.getDescription())
                            .contains("ws.hub.redis.enabled=true", "Spring Data Redis", "is not on the class path");
                    assertThat(report.getAction()).contains("spring-boot-starter-data-redis");
                });
    }

    @SuppressWarnings("try") // Redis only has to run
    @Test
    void badClusterSettingsStopTheStartupWithTheSettingsNamed() {
        withRedis
                .withPropertyValues(
                        "ws.hub.redis.enabled=true",
                        "ws.hub.redis.presence.heartbeat=2s",
                        "ws.hub.redis.presence.expiry=1s")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("expiry (PT1S) must be longer than the heartbeat (PT2S)"));
        withRedis
                .withPropertyValues("ws.hub.redis.enabled=true", "ws.hub.redis.recovery.topics=chat:*:x")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("a topic pattern is a name or a prefix ending in '*': 'chat:*:x'"));
        withRedis
                .withPropertyValues("ws.hub.redis.enabled=true", "ws.hub.redis.recovery.max-length=0")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("max length (0) and window (PT2M) must be positive"));
    }

    @Test
    void presenceAndRecoveryBeansWithTheRelay() {
        withRedis
                .withPropertyValues(
                        "ws.hub.redis.enabled=true",
                        "spring.data.redis.port=1",
                        "spring.data.redis.timeout=200ms",
                        "ws.hub.redis.recovery.topics=chat:*")
                .run(context -> {
                    assertThat(context)
                            .hasSingleBean(RedisClusterPresence.class)
                            .hasSingleBean(HubRecovery.class);
                    assertThat(context.getBean(HubRecovery.class).isRecoverable("chat:lobby"))
                            .isTrue();
                    assertThat(context.getBean(HubRecovery.class).isRecoverable("news"))
                            .isFalse();
                });
        withRedis
                .withPropertyValues(
                        "ws.hub.redis.enabled=true",
                        "spring.data.redis.port=1",
                        "spring.data.redis.timeout=200ms",
                        "ws.hub.redis.presence.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(RedisClusterPresence.class));
    }

    @Test
    void enabledRelayWithoutAConnectionFactoryFailsAtStartup() {
        // Spring Data Redis is present, but its auto-configuration is not: no RedisConnectionFactory bean.
        runner.withPropertyValues("ws.hub.redis.enabled=true").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis report = FailureReports.analyze(context.getStartupFailure());
            assertThat(report.getDescription()).contains("no RedisConnectionFactory bean");
            assertThat(report.getAction()).contains("spring-boot-starter-data-redis", "ws.hub.redis.enabled=false");
        });
        // Lettuce filtered out: DataRedisAutoConfiguration defines no factory either.
        withRedis
                .withPropertyValues("ws.hub.redis.enabled=true")
                .withClassLoader(new FilteredClassLoader("io.lettuce", "redis.clients"))
                .run(context -> assertThat(FailureReports.analyze(context.getStartupFailure())
                                .getDescription())
                        .contains("no RedisConnectionFactory bean"));
    }

    @SuppressWarnings("try") // Redis only has to run
    @Test
    void enabledRelayIsTheHubsBrokerWithHealthStartsWhileRedisIsDownAndRecoversWhenItComesUp() throws Exception {
        RedisServerProcess.assumeInstalledOrFailInCi();
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort(); // nothing listens there once closed
        }
        withRedis
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues(
                        "ws.hub.redis.enabled=true",
                        "ws.hub.redis.channel-prefix=test.",
                        "spring.data.redis.port=" + closedPort,
                        "spring.data.redis.timeout=500ms")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RedisHubRelay relay = context.getBean(RedisHubRelay.class);
                    assertThat(context.getBean(Hub.class).broker()).isSameAs(relay);
                    assertThat(relay.channel()).isEqualTo("test.messages");
                    RedisHubRelayHealthIndicator health = context.getBean(RedisHubRelayHealthIndicator.class);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                    while (health.health().getStatus().equals(Status.UP) && System.nanoTime() < deadline) {
                        Thread.sleep(50);
                    }
                    assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.health().getDetails()).containsKeys("error", "downSince", "outbox");
                    context.getBean(Hub.class).publishText("t", "local delivery does not wait for Redis");
                    try (RedisServerProcess redis = RedisServerProcess.start(closedPort)) {
                        long upDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                        while (!health.health().getStatus().equals(Status.UP) && System.nanoTime() < upDeadline) {
                            Thread.sleep(50);
                        }
                        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                        assertThat(relay.status().outbox()).isZero(); // the message kept during the outage went out
                        assertThat(relay.status().published()).isEqualTo(1);
                    }
                });
    }

    /** The count of counter {@code name} with tag {@code key}={@code value}. */
    private static double count(MeterRegistry registry, String name, String key, String value) {
        return registry.get(name).tag(key, value).counter().count();
    }
}
