package io.github.wsboot.autoconfigure;

import java.util.concurrent.Executor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.thread.Threading;
import org.springframework.boot.web.server.servlet.ServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.util.ClassUtils;
import org.springframework.web.servlet.DispatcherServlet;

import io.github.wsboot.autoconfigure.actuate.WebSocketsEndpoint;
import io.github.wsboot.autoconfigure.handler.MessageHandlerIntrospector;
import io.github.wsboot.autoconfigure.lifecycle.WebSocketGracefulShutdown;
import io.github.wsboot.autoconfigure.metrics.HandOverFallbackMeters;
import io.github.wsboot.autoconfigure.metrics.MicrometerWebSocketMetrics;
import io.github.wsboot.autoconfigure.metrics.WebSocketMetrics;
import io.github.wsboot.autoconfigure.observation.MicrometerWebSocketObservations;
import io.github.wsboot.autoconfigure.observation.WebSocketHandshakeObservationConvention;
import io.github.wsboot.autoconfigure.observation.WebSocketMessageObservationConvention;
import io.github.wsboot.autoconfigure.observation.WebSocketObservations;
import io.github.wsboot.autoconfigure.server.ClientAddresses;
import io.github.wsboot.autoconfigure.server.ClientLimits;
import io.github.wsboot.autoconfigure.server.ConnectionSettings;
import io.github.wsboot.autoconfigure.server.ConnectionTracker;
import io.github.wsboot.autoconfigure.server.EndpointHandlerMapping;
import io.github.wsboot.autoconfigure.server.HandOverFallbacks;
import io.github.wsboot.autoconfigure.server.PerAddressLimits;
import io.github.wsboot.autoconfigure.server.ServerUpgraders;
import io.github.wsboot.autoconfigure.server.SessionBoundConnections;
import io.github.wsboot.autoconfigure.server.SessionRegistryExpiry;
import io.github.wsboot.autoconfigure.server.TransportModeCheck;
import io.github.wsboot.autoconfigure.server.WebSocketEndpoints;
import io.github.wsboot.websocket.BufferPool;
import io.github.wsboot.websocket.JsonCodec;
import io.github.wsboot.websocket.Upgrader;

/**
 * Registers the {@code @WebSocketHandler} beans as WebSocket endpoints on Spring MVC, with the
 * {@link Upgrader} built from {@code ws.server.*}, connection tracking, graceful shutdown and, when present,
 * Micrometer meters and the {@code websockets} actuator endpoint. Does nothing outside a servlet web
 * application with Spring MVC.
 *
 * <p>Replaceable beans: {@link Upgrader} (prefer an {@link UpgraderCustomizer}), {@link BufferPool},
 * {@link WebSocketMetrics}, {@link WebSocketObservations} (or only its conventions), and the connection executor named {@value #EXECUTOR_BEAN_NAME}.
 *
 * @author ws contributors
 * @since 0.1.0
 */
@AutoConfiguration(
        after = WebSocketJsonAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration",
            "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({DispatcherServlet.class, Upgrader.class})
@EnableConfigurationProperties(WebSocketServerProperties.class)
public final class WebSocketServerAutoConfiguration {

    /** The name of the executor bean that runs connection handlers; define one with this name to replace it. */
    public static final String EXECUTOR_BEAN_NAME = "wsConnectionExecutor";

    @Bean
    @ConditionalOnMissingBean
    ConnectionTracker webSocketConnectionTracker(WebSocketServerProperties properties) {
        return new ConnectionTracker(properties.getMaxConnections());
    }

    @Bean
    @ConditionalOnMissingBean(BufferPool.class)
    @ConditionalOnBooleanProperty(name = "ws.server.write-buffer-pool.enabled", matchIfMissing = true)
    BufferPool webSocketWriteBufferPool(WebSocketServerProperties properties) {
        return BufferPool.bounded(properties.getWriteBufferPool().getCapacity());
    }

    @Bean
    @ConditionalOnMissingBean
    ServerUpgraders webSocketServerUpgraders(
            WebSocketServerProperties properties,
            ObjectProvider<BufferPool> bufferPool,
            ObjectProvider<JsonCodec> jsonCodec,
            @Qualifier(EXECUTOR_BEAN_NAME) Executor executor,
            ObjectProvider<UpgraderCustomizer> customizers,
            HandOverFallbacks handOverFallbacks,
            ObjectProvider<ServletWebServerFactory> webServerFactory) {
        TransportModeCheck.check(properties.getTransport(), webServerFactory.getIfUnique());
        return new ServerUpgraders(
                properties,
                bufferPool.getIfUnique(),
                jsonCodec.getIfUnique(),
                executor,
                customizers.orderedStream().toList(),
                handOverFallbacks);
    }

    @Bean
    HandOverFallbacks webSocketHandOverFallbacks() {
        return new HandOverFallbacks();
    }

    @Bean
    @ConditionalOnMissingBean
    Upgrader webSocketUpgrader(ServerUpgraders upgraders) {
        return upgraders.shared();
    }

    @Bean
    WebSocketEndpoints webSocketEndpoints(
            ConfigurableListableBeanFactory beanFactory,
            WebSocketServerProperties properties,
            ServerUpgraders upgraders,
            Upgrader upgrader,
            ObjectProvider<JsonCodec> jsonCodec,
            ObjectProvider<WebSocketObservations> observations) {
        boolean jackson =
                ClassUtils.isPresent("tools.jackson.databind.json.JsonMapper", beanFactory.getBeanClassLoader());
        JsonCodec codec = jsonCodec.getIfUnique(() -> jackson ? JsonCodec.jackson() : null);
        MessageHandlerIntrospector introspector = new MessageHandlerIntrospector(
                ApplicationConversionService.getSharedInstance(),
                codec,
                properties.getWriteTimeout(),
                observations.getIfUnique(() -> WebSocketObservations.NONE));
        return WebSocketEndpoints.discover(beanFactory, introspector, properties, upgraders, upgrader);
    }

    @Bean
    EndpointHandlerMapping webSocketHandlerMapping(
            WebSocketEndpoints endpoints,
            ConnectionTracker tracker,
            ObjectProvider<WebSocketMetrics> metrics,
            WebSocketServerProperties properties,
            ObjectProvider<SessionBoundConnections> sessions,
            ClientLimits clientLimits,
            ObjectProvider<WebSocketObservations> observations) {
        return new EndpointHandlerMapping(
                endpoints,
                tracker,
                metrics.getIfUnique(() -> WebSocketMetrics.NONE),
                ConnectionSettings.of(properties),
                clientLimits,
                sessions.getIfAvailable(),
                observations.getIfUnique(() -> WebSocketObservations.NONE));
    }

    @Bean
    ClientLimits webSocketClientLimits(WebSocketServerProperties properties) {
        WebSocketServerProperties.Limits limits = properties.getLimits();
        return new ClientLimits(
                new ClientAddresses(limits.getTrustedProxies()),
                new PerAddressLimits(
                        limits.getMaxConnectionsPerAddress(),
                        limits.getMaxHandshakesPerAddress(),
                        limits.getHandshakePeriod(),
                        properties.getHandshakeTimeout().plusSeconds(10)));
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "ws.server.session.close-on-end", matchIfMissing = true)
    SessionBoundConnections webSocketSessionBoundConnections() {
        return new SessionBoundConnections();
    }

    @Bean
    WebSocketGracefulShutdown webSocketGracefulShutdown(
            ConnectionTracker tracker,
            @Qualifier(EXECUTOR_BEAN_NAME) Executor executor,
            WebSocketServerProperties properties) {
        return new WebSocketGracefulShutdown(
                tracker,
                executor,
                properties.getShutdownTimeout(),
                ConnectionSettings.of(properties).closeWriteWait());
    }

    /** Connection threads are virtual: {@code spring.threads.virtual.enabled} is on and Java is 21 or later. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnThreading(Threading.VIRTUAL)
    static class VirtualThreadsConfiguration {

        @Bean(EXECUTOR_BEAN_NAME)
        @ConditionalOnMissingBean(name = EXECUTOR_BEAN_NAME)
        SimpleAsyncTaskExecutor wsConnectionExecutor() {
            SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("ws-conn-");
            executor.setVirtualThreads(true);
            return executor;
        }
    }

    /**
     * Connection threads are platform threads, one per connection: a blocking read loop needs a thread of its
     * own, so a bounded pool would starve connections; {@code ws.server.max-connections} bounds them instead.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnThreading(Threading.PLATFORM)
    static class PlatformThreadsConfiguration {

        @Bean(EXECUTOR_BEAN_NAME)
        @ConditionalOnMissingBean(name = EXECUTOR_BEAN_NAME)
        SimpleAsyncTaskExecutor wsConnectionExecutor() {
            SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("ws-conn-");
            executor.setDaemon(true);
            return executor;
        }
    }

    /** Spring Security's session registry, when the application defines one: its expiries close connections too. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.security.core.session.SessionRegistry")
    @ConditionalOnBean(type = "org.springframework.security.core.session.SessionRegistry")
    @ConditionalOnBooleanProperty(name = "ws.server.session.close-on-end", matchIfMissing = true)
    static class SessionRegistryConfiguration {

        @Bean
        SessionRegistryExpiry webSocketSessionRegistryExpiry(
                org.springframework.security.core.session.SessionRegistry registry,
                SessionBoundConnections sessions,
                WebSocketServerProperties properties) {
            return new SessionRegistryExpiry(
                    registry, sessions, properties.getSession().getRegistryCheckInterval());
        }
    }

    /** Micrometer meters, when Micrometer and a registry are present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class MicrometerConfiguration {

        @Bean
        @ConditionalOnMissingBean(WebSocketMetrics.class)
        MicrometerWebSocketMetrics webSocketMetrics(
                ConnectionTracker tracker, ObjectProvider<WebSocketEndpoints> endpoints) {
            return new MicrometerWebSocketMetrics(
                    tracker::active, () -> endpoints.getObject().paths());
        }

        @Bean
        HandOverFallbackMeters webSocketHandOverFallbackMeters(HandOverFallbacks fallbacks) {
            return new HandOverFallbackMeters(fallbacks);
        }
    }

    /** Observations of handshakes and (with {@code ws.server.observations.messages}) messages. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ObservationRegistry.class)
    @ConditionalOnBean(ObservationRegistry.class)
    static class ObservationConfiguration {

        @Bean
        @ConditionalOnMissingBean(WebSocketObservations.class)
        MicrometerWebSocketObservations webSocketObservations(
                ObservationRegistry registry,
                WebSocketServerProperties properties,
                ObjectProvider<WebSocketHandshakeObservationConvention> handshakeConvention,
                ObjectProvider<WebSocketMessageObservationConvention> messageConvention) {
            return new MicrometerWebSocketObservations(
                    registry,
                    properties.getObservations().isMessages(),
                    handshakeConvention.getIfUnique(),
                    messageConvention.getIfUnique());
        }
    }

    /** The {@code websockets} actuator endpoint, when the actuator is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
    static class ActuatorConfiguration {

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnAvailableEndpoint(WebSocketsEndpoint.class)
        static class WebSocketsEndpointConfiguration {

            @Bean
            @ConditionalOnMissingBean
            WebSocketsEndpoint webSocketsEndpoint(WebSocketEndpoints endpoints, ConnectionTracker tracker) {
                return new WebSocketsEndpoint(endpoints, tracker);
            }
        }
    }
}
