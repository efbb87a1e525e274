package io.github.wsboot.autoconfigure;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import io.github.wsboot.autoconfigure.hub.HubMeterNames;
import io.github.wsboot.autoconfigure.hub.HubRecovery;
import io.github.wsboot.autoconfigure.hub.HubRelayUnavailableException;
import io.github.wsboot.autoconfigure.hub.MicrometerHubMetrics;
import io.github.wsboot.autoconfigure.hub.PositionStamp;
import io.github.wsboot.autoconfigure.hub.RedisClusterPresence;
import io.github.wsboot.autoconfigure.hub.RedisHubRelay;
import io.github.wsboot.autoconfigure.hub.RedisHubRelayHealthIndicator;
import io.github.wsboot.websocket.hub.ClusterPresence;
import io.github.wsboot.websocket.hub.Hub;
import io.github.wsboot.websocket.hub.HubBroker;
import io.github.wsboot.websocket.hub.HubObserver;

/**
 * Defines the broadcast {@link Hub} from {@code ws.hub.*} ({@code ws.hub.enabled=false} turns it off), with
 * Micrometer meters when a registry is present, and, with {@code ws.hub.redis.enabled=true} and Spring Data
 * Redis on the class path, the {@link RedisHubRelay} that carries publishes to every instance, its health
 * indicator and meters. Handlers get the hub by injection like any bean.
 *
 * <p>Replaceable beans: {@link Hub}, {@link HubBroker} (used by the hub when unique; the Redis relay is one),
 * {@link HubObserver} (replaces the Micrometer observer).
 *
 * @since 0.1.0
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
        })
@ConditionalOnClass(Hub.class)
@ConditionalOnBooleanProperty(name = "ws.hub.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WebSocketHubProperties.class)
public final class WebSocketHubAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Hub webSocketHub(
            WebSocketHubProperties properties,
            ObjectProvider<HubBroker> broker,
            ObjectProvider<HubObserver> observer,
            ObjectProvider<ClusterPresence> presence) {
        Hub.Builder builder = Hub.builder()
                .queueLimitBytes(properties.getQueueLimit().toBytes())
                .queueLimitMessages(properties.getQueueLimitMessages())
                .overflowPolicy(properties.getOverflowPolicy())
                .writeTimeout(properties.getWriteTimeout());
        broker.ifUnique(builder::broker);
        observer.ifUnique(builder::observer);
        presence.ifUnique(builder::presence);
        return builder.build();
    }

    /** The hub's meters, when Micrometer and a registry are present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class HubMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean(HubObserver.class)
        MicrometerHubMetrics webSocketHubMetrics(ObjectProvider<Hub> hub) {
            return new MicrometerHubMetrics(hub::getObject);
        }
    }

    /** {@code ws.hub.redis.enabled=true} without Spring Data Redis: fail at startup rather than run unrelayed. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("ws.hub.redis.enabled")
    @ConditionalOnMissingClass("org.springframework.data.redis.connection.RedisConnectionFactory")
    static class RelayWithoutSpringDataRedis {

        RelayWithoutSpringDataRedis() {
            throw HubRelayUnavailableException.springDataRedisMissing();
        }
    }

    /** {@code ws.hub.redis.enabled=true}, Spring Data Redis present but no connection factory: fail at startup. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RedisConnectionFactory.class)
    @ConditionalOnBooleanProperty("ws.hub.redis.enabled")
    @ConditionalOnMissingBean(RedisConnectionFactory.class)
    static class RelayWithoutConnectionFactory {

        RelayWithoutConnectionFactory() {
            throw HubRelayUnavailableException.connectionFactoryMissing();
        }
    }

    /** The Redis relay: Spring Data Redis present, a connection factory defined, and enabled by property. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({RedisConnectionFactory.class, RedisMessageListenerContainer.class})
    @ConditionalOnBooleanProperty("ws.hub.redis.enabled")
    @ConditionalOnBean(RedisConnectionFactory.class)
    static class RedisRelayConfiguration {

        /** Closed by the hub, which owns its broker. */
        @Bean(destroyMethod = "")
        RedisHubRelay webSocketHubRedisRelay(
                RedisConnectionFactory connectionFactory,
                WebSocketHubProperties properties,
                ObjectProvider<PositionStamp> stamp) {
            WebSocketHubProperties.Redis redis = properties.getRedis();
            WebSocketHubProperties.Recovery recovery = redis.getRecovery();
            return new RedisHubRelay(
                    connectionFactory,
                    redis.getChannelPrefix(),
                    redis.getOutboxLimit(),
                    redis.getResubscribeWait(),
                    new RedisHubRelay.Recovery(
                            recovery.getTopics(),
                            recovery.getWindow(),
                            recovery.getMaxLength(),
                            stamp.getIfUnique(() -> PositionStamp.jsonField("position"))));
        }

        @Bean
        @ConditionalOnMissingBean
        HubRecovery webSocketHubRecovery(Hub hub, RedisHubRelay relay) {
            return new HubRecovery(hub, relay);
        }

        /** Closed by the hub, which owns its presence. */
        @Bean(destroyMethod = "")
        @ConditionalOnBooleanProperty(name = "ws.hub.redis.presence.enabled", matchIfMissing = true)
        RedisClusterPresence webSocketHubRedisPresence(
                RedisConnectionFactory connectionFactory, RedisHubRelay relay, WebSocketHubProperties properties) {
            WebSocketHubProperties.Redis redis = properties.getRedis();
            WebSocketHubProperties.Presence presence = redis.getPresence();
            RedisClusterPresence clusterPresence = new RedisClusterPresence(
                    connectionFactory,
                    redis.getChannelPrefix(),
                    relay.instanceId(),
                    presence.getHeartbeat(),
                    presence.getExpiry(),
                    presence.getQueueLimit());
            relay.expectLiveInstances(clusterPresence::liveInstances);
            return clusterPresence;
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(HealthIndicator.class)
        static class RelayHealthConfiguration {

            @Bean
            @ConditionalOnMissingBean
            RedisHubRelayHealthIndicator webSocketHubRelayHealthIndicator(
                    RedisHubRelay relay, ObjectProvider<RedisClusterPresence> presence) {
                return new RedisHubRelayHealthIndicator(relay, presence.getIfAvailable());
            }
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(MeterBinder.class)
        @ConditionalOnBean(MeterRegistry.class)
        static class RelayMetricsConfiguration {

            @Bean
            MeterBinder webSocketHubRelayMeters(RedisHubRelay relay, ObjectProvider<RedisClusterPresence> presence) {
                RedisClusterPresence clusterPresence = presence.getIfAvailable();
                return registry -> {
                    Gauge.builder(HubMeterNames.RELAY_LAG, relay, RedisHubRelay::lagMillis)
                            .description(
                                    "Milliseconds from a recoverable message's append in Redis to its delivery here, last one")
                            .baseUnit("milliseconds")
                            .register(registry);
                    FunctionCounter.builder(
                                    HubMeterNames.RECOVERY_RESUMES,
                                    relay,
                                    r -> r.recoveryStatus().hits())
                            .tag(HubMeterNames.OUTCOME, "hit")
                            .description("Reconnects caught up in full")
                            .register(registry);
                    FunctionCounter.builder(
                                    HubMeterNames.RECOVERY_RESUMES,
                                    relay,
                                    r -> r.recoveryStatus().misses())
                            .tag(HubMeterNames.OUTCOME, "miss")
                            .description("Reconnects that had missed messages beyond the window")
                            .register(registry);
                    FunctionCounter.builder(
                                    HubMeterNames.RECOVERY_MESSAGES,
                                    relay,
                                    r -> r.recoveryStatus().messages())
                            .description("Messages written to reconnecting clients from the stream")
                            .register(registry);
                    if (clusterPresence != null) {
                        Gauge.builder(
                                        HubMeterNames.PRESENCE_MEMBERS,
                                        clusterPresence,
                                        p -> p.status().localMembers())
                                .description("Members of this instance recorded in cluster presence")
                                .register(registry);
                        Gauge.builder(
                                        HubMeterNames.REDIS_ROUND_TRIP,
                                        clusterPresence,
                                        p -> p.status().roundTripMillis())
                                .description("Redis PING round trip at the last presence heartbeat")
                                .baseUnit("milliseconds")
                                .register(registry);
                        FunctionCounter.builder(
                                        HubMeterNames.PRESENCE_REAPED,
                                        clusterPresence,
                                        p -> p.status().reaped())
                                .description("Members of dead instances removed by this one")
                                .register(registry);
                    }
                    Gauge.builder(
                                    HubMeterNames.RELAY_CONNECTED,
                                    relay,
                                    r -> r.status().connected() ? 1 : 0)
                            .description("1 while the hub's Redis relay is connected")
                            .register(registry);
                    Gauge.builder(
                                    HubMeterNames.RELAY_OUTBOX,
                                    relay,
                                    r -> r.status().outbox())
                            .description("Messages waiting for Redis")
                            .register(registry);
                    FunctionCounter.builder(
                                    HubMeterNames.RELAY_FAILURES,
                                    relay,
                                    r -> r.status().failures())
                            .description("Failed Redis publishes and checks")
                            .register(registry);
                    FunctionCounter.builder(
                                    HubMeterNames.RELAY_DROPPED,
                                    relay,
                                    r -> r.status().dropped())
                            .description("Messages dropped from the full relay outbox")
                            .register(registry);
                };
            }
        }
    }
}
