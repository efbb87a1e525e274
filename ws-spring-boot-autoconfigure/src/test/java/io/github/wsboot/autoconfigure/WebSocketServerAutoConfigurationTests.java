package io.github.wsboot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.DispatcherServlet;
import tools.jackson.databind.json.JsonMapper;

import io.github.wsboot.autoconfigure.actuate.WebSocketsEndpoint;
import io.github.wsboot.autoconfigure.diagnostics.InvalidWebSocketHandlerException;
import io.github.wsboot.autoconfigure.lifecycle.WebSocketGracefulShutdown;
import io.github.wsboot.autoconfigure.metrics.MicrometerWebSocketMetrics;
import io.github.wsboot.autoconfigure.metrics.WebSocketMetrics;
import io.github.wsboot.autoconfigure.server.ConnectionTracker;
import io.github.wsboot.autoconfigure.server.EndpointHandlerMapping;
import io.github.wsboot.autoconfigure.server.ServerUpgraders;
import io.github.wsboot.autoconfigure.server.WebSocketEndpoint;
import io.github.wsboot.autoconfigure.server.WebSocketEndpoints;
import io.github.wsboot.autoconfigure.testsupport.FailureReports;
import io.github.wsboot.spring.CompressionMode;
import io.github.wsboot.spring.ConnectionHandler;
import io.github.wsboot.spring.Handshake;
import io.github.wsboot.spring.WebSocketHandler;
import io.github.wsboot.websocket.BufferPool;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.JacksonJsonCodec;
import io.github.wsboot.websocket.JsonCodec;
import io.github.wsboot.websocket.Upgrader;

/** Every condition and property binding of {@link WebSocketServerAutoConfiguration}, without a server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSocketServerAutoConfigurationTests {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    TaskExecutionAutoConfiguration.class,
                    WebSocketJsonAutoConfiguration.class,
                    WebSocketServerAutoConfiguration.class))
            .withBean(Echo.class);

    @WebSocketHandler("/echo")
    static class Echo implements ConnectionHandler {

        @Override
        public void serve(Conn conn, Handshake handshake) throws IOException {
            conn.readMessage();
        }
    }

    @WebSocketHandler(
            path = "/special",
            subprotocols = "special.v1",
            readLimit = "1MB",
            compression = CompressionMode.ENABLED,
            allowedOrigins = "https://*.example.com")
    static class Special implements ConnectionHandler {

        @Override
        public void serve(Conn conn, Handshake handshake) {}
    }

    @WebSocketHandler(path = "/limited", readLimit = "1MB")
    static class Limited implements ConnectionHandler {

        @Override
        public void serve(Conn conn, Handshake handshake) {}
    }

    @Test
    void registersTheEndpointsAndTheirInfrastructureInAServletApplication() {
        runner.run(context -> {
            assertThat(context)
                    .hasSingleBean(Upgrader.class)
                    .hasSingleBean(ServerUpgraders.class)
                    .hasSingleBean(ConnectionTracker.class)
                    .hasSingleBean(EndpointHandlerMapping.class)
                    .hasSingleBean(WebSocketGracefulShutdown.class)
                    .hasBean(WebSocketServerAutoConfiguration.EXECUTOR_BEAN_NAME)
                    .hasSingleBean(BufferPool.class)
                    .doesNotHaveBean(WebSocketMetrics.class)
                    .doesNotHaveBean(WebSocketsEndpoint.class);
            WebSocketEndpoints endpoints = context.getBean(WebSocketEndpoints.class);
            assertThat(endpoints.paths()).containsExactly("/echo");
            assertThat(endpoints.list().get(0).upgrader()).isSameAs(context.getBean(Upgrader.class));
        });
    }

    @Test
    void doesNothingOutsideAServletWebApplication() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(WebSocketServerAutoConfiguration.class))
                .withBean(Echo.class)
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(WebSocketEndpoints.class)
                        .doesNotHaveBean(Upgrader.class));
    }

    @Test
    void doesNothingWithoutSpringMvc() {
        runner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(WebSocketEndpoints.class)
                        .doesNotHaveBean(Upgrader.class));
    }

    @Test
    void defaultsAreFiniteAndSameOrigin() {
        runner.run(context -> {
            WebSocketServerProperties p = context.getBean(WebSocketServerProperties.class);
            assertThat(p.getReadLimit()).isEqualTo(DataSize.ofKilobytes(64));
            assertThat(p.getAllowedOrigins()).isEmpty();
            assertThat(p.getMaxConnections()).isEqualTo(-1);
            assertThat(p.getKeepalive().getPingInterval()).isNull();
            WebSocketEndpoint echo =
                    context.getBean(WebSocketEndpoints.class).list().get(0);
            assertThat(echo.readLimit()).isEqualTo(64 * 1024);
            assertThat(echo.allowedOrigins()).isEmpty();
            Upgrader upgrader = context.getBean(Upgrader.class);
            assertThat(upgrader.readBufferSize()).isEqualTo(4096);
            assertThat(upgrader.writeBufferSize()).isEqualTo(4096);
            assertThat(upgrader.writeBufferPool())
                    .as("pooled by default: held only while writing")
                    .isSameAs(context.getBean(BufferPool.class));
            assertThat(upgrader.subprotocols()).isEmpty();
            assertThat(upgrader.handshakeTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(upgrader.enableCompression()).isFalse();
        });
    }

    @Test
    void bindsEveryServerProperty() {
        runner.withPropertyValues(
                        "ws.server.read-buffer-size=8KB",
                        "ws.server.write-buffer-size=16KB",
                        "ws.server.write-buffer-pool.enabled=true",
                        "ws.server.write-buffer-pool.capacity=32",
                        "ws.server.read-limit=2MB",
                        "ws.server.handshake-timeout=5s",
                        "ws.server.write-timeout=3s",
                        "ws.server.subprotocols=chat.v2,chat.v1",
                        "ws.server.allowed-origins=https://*.example.com",
                        "ws.server.compression.enabled=true",
                        "ws.server.compression.level=6",
                        "ws.server.compression.context-takeover=true",
                        "ws.server.keepalive.ping-interval=20s",
                        "ws.server.keepalive.pong-timeout=4s",
                        "ws.server.max-connections=500",
                        "ws.server.shutdown-timeout=7s")
                .run(context -> {
                    WebSocketServerProperties p = context.getBean(WebSocketServerProperties.class);
                    assertThat(p.getWriteTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(p.getKeepalive().getPingInterval()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(p.getKeepalive().getPongTimeout()).isEqualTo(Duration.ofSeconds(4));
                    assertThat(p.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(p.getCompression().getLevel()).isEqualTo(6);
                    assertThat(p.getCompression().isContextTakeover()).isTrue();
                    Upgrader upgrader = context.getBean(Upgrader.class);
                    assertThat(upgrader.readBufferSize()).isEqualTo(8192);
                    assertThat(upgrader.writeBufferSize()).isEqualTo(16384);
                    assertThat(upgrader.writeBufferPool()).isSameAs(context.getBean(BufferPool.class));
                    assertThat(upgrader.subprotocols()).containsExactly("chat.v2", "chat.v1");
                    assertThat(upgrader.handshakeTimeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(upgrader.enableCompression()).isTrue();
                    // The Upgrader gives every connection these; the starter does not set them afterwards.
                    assertThat(upgrader.options().readLimit()).isEqualTo(2 * 1024 * 1024);
                    assertThat(upgrader.options().writeTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(upgrader.options().pingInterval()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(upgrader.options().pongTimeout()).isEqualTo(Duration.ofSeconds(4));
                    assertThat(upgrader.options().compressionLevel()).isEqualTo(6);
                    assertThat(context.getBean(ConnectionTracker.class).maxConnections())
                            .isEqualTo(500);
                    WebSocketEndpoint echo =
                            context.getBean(WebSocketEndpoints.class).list().get(0);
                    assertThat(echo.readLimit()).isEqualTo(2 * 1024 * 1024);
                    assertThat(echo.allowedOrigins()).containsExactly("https://*.example.com");
                });
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ws.server.read-limit=-1KB           | ws.server.read-limit               | must not be negative",
                "ws.server.read-buffer-size=0B       | ws.server.read-buffer-size         | must be between 1 B and 1 GiB",
                "ws.server.write-buffer-size=3GB     | ws.server.write-buffer-size        | must be between 1 B and 1 GiB",
                "ws.server.max-connections=0         | ws.server.max-connections          | 0 would refuse every handshake",
                "ws.server.compression.level=12      | ws.server.compression.level        | must be between -2 and 9",
                "ws.server.subprotocols=a b          | ws.server.subprotocols             | is not an HTTP token",
                "ws.server.keepalive.pong-timeout=0s | ws.server.keepalive.pong-timeout   | must be positive",
                "ws.server.keepalive.ping-interval=-1s | ws.server.keepalive.ping-interval | must not be negative",
                "ws.server.handshake-timeout=-1s     | ws.server.handshake-timeout        | must be positive",
                "ws.server.write-buffer-pool.capacity=0 | ws.server.write-buffer-pool.capacity | must be at least 1",
                "ws.server.read-limit=lots           | ws.server.read-limit               | DataSize",
                "ws.server.limits.max-connections-per-address=0 | ws.server.limits.max-connections-per-address | 0 would refuse",
                "ws.server.limits.max-handshakes-per-address=0  | ws.server.limits.max-handshakes-per-address  | 0 would refuse",
                "ws.server.limits.trusted-proxies=proxy.local   | ws.server.limits.trusted-proxies | not an IP address or CIDR range",
                "ws.server.limits.trusted-proxies=10.0.0.0/33   | ws.server.limits.trusted-proxies | prefix length out of range",
                "ws.server.session.registry-check-interval=0s   | ws.server.session.registry-check-interval | must be positive",
                "ws.server.transport=sometimes      | ws.server.transport              | TransportMode",
            })
    void badPropertyValuesFailAtStartupWithAReportNamingTheKeyTheValueAndItsOrigin(
            String assignment, String property, String reason) {
        String value = assignment.substring(assignment.indexOf('=') + 1).trim();
        runner.withPropertyValues(assignment.trim()).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis report = FailureReports.analyze(context.getStartupFailure());
            assertThat(report.getDescription())
                    .contains("Property: " + property.trim())
                    .contains("Value: \"" + value + "\"")
                    .containsPattern("Origin: .*test")
                    .contains(reason.trim());
        });
    }

    @Test
    void everyBadValueIsReportedAtOnceByItsKeyWithItsOrigin() {
        runner.withPropertyValues(
                        "ws.server.read-limit=-1KB",
                        "ws.server.compression.level=12",
                        "ws.server.keepalive.pong-timeout=0s",
                        "ws.server.read-buffer-size=2GB")
                .run(context -> {
                    FailureAnalysis report = FailureReports.analyze(context.getStartupFailure());
                    assertThat(report.getDescription())
                            .startsWith("Invalid WebSocket configuration: 4 values under 'ws.server' rejected:")
                            .contains(
                                    "Property: ws.server.read-limit",
                                    "Property: ws.server.compression.level",
                                    "Property: ws.server.keepalive.pong-timeout",
                                    "Property: ws.server.read-buffer-size")
                            .contains("Value: \"2GB\"")
                            .doesNotContain("readLimit", "pongTimeout", "readBufferSize", "2147483583");
                    assertThat(report.getDescription().split("Origin: ", -1)).hasSize(5);
                    assertThat(report.getAction()).startsWith("Update your application's configuration");
                });
    }

    @Test
    void valuesThatCannotBeConvertedAreReportedOneAtATimeBeforeAnyCheck() {
        // Boot's binder stops at the first value it cannot convert; the README says so.
        runner.withPropertyValues(
                        "ws.server.read-limit=lots",
                        "ws.server.handshake-timeout=soon",
                        "ws.server.compression.level=12")
                .run(context -> {
                    FailureAnalysis report = FailureReports.analyze(context.getStartupFailure());
                    String description = report.getDescription();
                    assertThat(description.contains("ws.server.read-limit")
                                    ^ description.contains("ws.server.handshake-timeout"))
                            .as(description)
                            .isTrue();
                    assertThat(description).doesNotContain("compression.level");
                });
    }

    @Test
    void annotationAttributesOverrideTheProperties() {
        runner.withBean(Special.class)
                .withPropertyValues("ws.server.subprotocols=chat")
                .run(context -> {
                    WebSocketEndpoints endpoints = context.getBean(WebSocketEndpoints.class);
                    WebSocketEndpoint special = endpoints.list().stream()
                            .filter(e -> e.path().equals("/special"))
                            .findFirst()
                            .get();
                    WebSocketEndpoint echo = endpoints.list().stream()
                            .filter(e -> e.path().equals("/echo"))
                            .findFirst()
                            .get();
                    assertThat(special.subprotocols()).containsExactly("special.v1");
                    assertThat(special.readLimit()).isEqualTo(1024 * 1024);
                    assertThat(special.upgrader().options().readLimit()).isEqualTo(1024 * 1024);
                    assertThat(echo.upgrader().options().readLimit()).isEqualTo(64 * 1024);
                    assertThat(special.compression()).isTrue();
                    assertThat(special.allowedOrigins()).containsExactly("https://*.example.com");
                    assertThat(special.upgrader()).isNotSameAs(context.getBean(Upgrader.class));
                    assertThat(echo.subprotocols()).containsExactly("chat");
                    assertThat(echo.compression()).isFalse();
                });
    }

    @Test
    void customizersApplyToTheSharedAndTheEndpointUpgraders() {
        runner.withBean(Special.class)
                .withBean(UpgraderCustomizer.class, () -> b -> b.handshakeTimeout(Duration.ofSeconds(7)))
                .run(context -> {
                    assertThat(context.getBean(Upgrader.class).handshakeTimeout())
                            .isEqualTo(Duration.ofSeconds(7));
                    assertThat(context.getBean(WebSocketEndpoints.class).list())
                            .allSatisfy(e ->
                                    assertThat(e.upgrader().handshakeTimeout()).isEqualTo(Duration.ofSeconds(7)));
                });
    }

    @Test
    void aUserUpgradersOptionsApplyAndAReadLimitAttributeCannotChangeThem() {
        Upgrader own = Upgrader.builder().readLimit(1000).build();
        runner.withBean(Upgrader.class, () -> own)
                .run(context -> assertThat(context.getBean(WebSocketEndpoints.class)
                                .list()
                                .get(0)
                                .readLimit())
                        .isEqualTo(1000));
        runner.withBean(Upgrader.class, () -> own)
                .withBean(Limited.class)
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("subprotocols, allowedOrigins, readLimit or compression"));
    }

    @Test
    void userUpgraderReplacesOurs() {
        Upgrader own = Upgrader.builder().subprotocols("mine").build();
        runner.withBean(Upgrader.class, () -> own).run(context -> {
            assertThat(context).getBean(Upgrader.class).isSameAs(own);
            assertThat(context.getBean(WebSocketEndpoints.class).list().get(0).upgrader())
                    .isSameAs(own);
        });
    }

    @Test
    void userUpgraderCannotHonourEndpointAttributes() {
        runner.withBean(Upgrader.class, () -> Upgrader.builder().build())
                .withBean(Special.class)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .isInstanceOf(InvalidWebSocketHandlerException.class)
                            .hasMessageContaining("defines its own Upgrader bean")
                            .hasMessageContaining("UpgraderCustomizer");
                });
    }

    @Test
    void writeBufferPoolCanBeTurnedOff() {
        runner.withPropertyValues("ws.server.write-buffer-pool.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(BufferPool.class);
            assertThat(context.getBean(Upgrader.class).writeBufferPool()).isNull();
        });
    }

    @Test
    void userBufferPoolReplacesOursAndIsUsed() {
        BufferPool own = BufferPool.bounded(3);
        runner.withBean(BufferPool.class, () -> own)
                .withPropertyValues("ws.server.write-buffer-pool.enabled=true")
                .run(context -> {
                    assertThat(context).getBean(BufferPool.class).isSameAs(own);
                    assertThat(context.getBean(Upgrader.class).writeBufferPool())
                            .isSameAs(own);
                });
    }

    @Test
    void micrometerMetricsWhenARegistryExists() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> assertThat(context).hasSingleBean(MicrometerWebSocketMetrics.class));
    }

    @Test
    void noMetricsWithoutARegistryOrWithoutMicrometer() {
        runner.run(context -> assertThat(context).doesNotHaveBean(WebSocketMetrics.class));
        runner.withClassLoader(new FilteredClassLoader("io.micrometer"))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(EndpointHandlerMapping.class)
                        .doesNotHaveBean(WebSocketMetrics.class));
    }

    @Test
    void userMetricsReplaceOurs() {
        WebSocketMetrics own = WebSocketMetrics.NONE;
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(WebSocketMetrics.class, () -> own)
                .run(context -> assertThat(context)
                        .doesNotHaveBean(MicrometerWebSocketMetrics.class)
                        .getBean(WebSocketMetrics.class)
                        .isSameAs(own));
    }

    @Test
    void websocketsActuatorEndpointOnlyWhenExposed() {
        WebApplicationContextRunner actuator =
                runner.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class));
        actuator.run(context -> assertThat(context).doesNotHaveBean(WebSocketsEndpoint.class));
        actuator.withPropertyValues("management.endpoints.web.exposure.include=websockets")
                .run(context -> assertThat(context).hasSingleBean(WebSocketsEndpoint.class));
        actuator.withPropertyValues("management.endpoints.web.exposure.include=websockets")
                .withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(WebSocketsEndpoint.class));
    }

    @Test
    void connectionThreadsArePlatformDaemonThreadsByDefault() {
        runner.run(context -> {
            Thread thread =
                    threadOf(context.getBean(WebSocketServerAutoConfiguration.EXECUTOR_BEAN_NAME, Executor.class));
            assertThat(thread.isDaemon()).isTrue();
            assertThat(thread.getName()).startsWith("ws-conn-");
            assertThat(isVirtual(thread)).isFalse();
        });
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void connectionThreadsAreVirtualWhenSpringEnablesVirtualThreads() {
        runner.withPropertyValues("spring.threads.virtual.enabled=true").run(context -> {
            Thread thread =
                    threadOf(context.getBean(WebSocketServerAutoConfiguration.EXECUTOR_BEAN_NAME, Executor.class));
            assertThat(isVirtual(thread)).isTrue();
        });
    }

    @Test
    void userExecutorReplacesOurs() {
        Executor own = Runnable::run;
        runner.withBean(WebSocketServerAutoConfiguration.EXECUTOR_BEAN_NAME, Executor.class, () -> own)
                .run(context -> assertThat(context.getBean(WebSocketServerAutoConfiguration.EXECUTOR_BEAN_NAME))
                        .isSameAs(own));
    }

    @Test
    void jsonCodecUsesBootsJsonMapperAndCanBeReplaced() {
        WebApplicationContextRunner jackson =
                runner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class));
        jackson.run(context -> assertThat(context).getBean(JsonCodec.class).isInstanceOf(JacksonJsonCodec.class));
        JsonCodec own = JsonCodec.jackson();
        jackson.withBean(JsonCodec.class, () -> own)
                .run(context -> assertThat(context).getBean(JsonCodec.class).isSameAs(own));
        jackson.withClassLoader(new FilteredClassLoader(JsonMapper.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(JsonCodec.class));
    }

    @Test
    void gracefulShutdownRunsJustBeforeTheWebServersAndIsNotPausable() {
        runner.run(context -> {
            WebSocketGracefulShutdown shutdown = context.getBean(WebSocketGracefulShutdown.class);
            assertThat(shutdown.getPhase()).isEqualTo(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1);
            assertThat(shutdown.isPauseable()).isFalse();
            assertThat(shutdown.isRunning()).isTrue();
        });
    }

    private static Thread threadOf(Executor executor) throws Exception {
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        executor.execute(() -> thread.complete(Thread.currentThread()));
        return thread.get(10, TimeUnit.SECONDS);
    }

    private static boolean isVirtual(Thread thread) throws Exception {
        try {
            return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
        } catch (NoSuchMethodException e) {
            return false; // Java 17 has no virtual threads
        }
    }
}
