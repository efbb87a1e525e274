package io.github.wsboot.autoconfigure.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.wsboot.autoconfigure.WebSocketClientAutoConfiguration;
import io.github.wsboot.autoconfigure.WebSocketJsonAutoConfiguration;
import io.github.wsboot.autoconfigure.metrics.MeterNames;
import io.github.wsboot.autoconfigure.metrics.MicrometerDialerMetrics;
import io.github.wsboot.websocket.BadHandshakeException;
import io.github.wsboot.websocket.CloseCodes;
import io.github.wsboot.websocket.CloseException;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.DialObserver;
import io.github.wsboot.websocket.Dialer;
import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.WebSockets;

/**
 * The auto-configured {@link Dialer}'s client-side meters, over real sockets: a server application on Tomcat,
 * a client context with the client auto-configuration and a {@link SimpleMeterRegistry}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DialerMetricsTests {

    private static final Set<String> CLIENT_TAG_KEYS = Set.of(
            MeterNames.TYPE,
            MeterNames.OUTCOME,
            MeterNames.STATUS,
            MeterNames.CODE,
            MeterNames.DIRECTION,
            MeterNames.EXCEPTION);

    private static ConfigurableApplicationContext server;
    private static int port;

    private final ApplicationContextRunner client = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    MetricsAutoConfiguration.class,
                    WebSocketJsonAutoConfiguration.class,
                    WebSocketClientAutoConfiguration.class))
            .withBean(SimpleMeterRegistry.class)
            .withPropertyValues("ws.client.handshake-timeout=10s");

    @BeforeAll
    static void startServer() {
        server = new SpringApplicationBuilder(SmallApplication.class, TomcatEndToEndTests.Tomcat.class)
                .properties("server.port=0", "spring.main.banner-mode=off")
                .run();
        port = ((ServletWebServerApplicationContext) server).getWebServer().getPort();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void aConnectionIsCountedWhileOpenWithItsMessagesBytesAndCloseHandshake() {
        client.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Dialer dialer = context.getBean(Dialer.class);
            Conn conn = dialer.dial("ws://localhost:" + port + "/chat", Map.of());
            assertThat(registry.get(MeterNames.CLIENT_CONNECTIONS_ACTIVE)
                            .gauge()
                            .value())
                    .isEqualTo(1);
            conn.writeText("hello");
            conn.writeText("ws!");
            assertThat(conn.readMessage().text()).isEqualTo("hello");
            assertThat(conn.readMessage().text()).isEqualTo("ws!");
            conn.writeControl(
                    MessageType.CLOSE,
                    WebSockets.formatCloseMessage(CloseCodes.NORMAL_CLOSURE, ""),
                    Instant.now().plusSeconds(5));
            assertThatExceptionOfType(CloseException.class).isThrownBy(conn::readMessage);
            conn.close();

            Awaitility.await()
                    .atMost(5, TimeUnit.SECONDS)
                    .untilAsserted(() -> assertThat(registry.get(MeterNames.CLIENT_CONNECTIONS_ACTIVE)
                                    .gauge()
                                    .value())
                            .isZero());
            assertThat(count(registry, MeterNames.CLIENT_DIALS, "outcome", "success", "status", "none"))
                    .isEqualTo(1);
            assertThat(registry.get(MeterNames.CLIENT_DIAL_DURATION).timer().count())
                    .isEqualTo(1);
            assertThat(count(registry, "websocket.client.connections.opened")).isEqualTo(1);
            assertThat(count(registry, "websocket.client.messages.sent", "type", "text"))
                    .isEqualTo(2);
            assertThat(count(registry, "websocket.client.data.sent", "type", "text"))
                    .isEqualTo(8);
            assertThat(count(registry, "websocket.client.messages.received", "type", "text"))
                    .isEqualTo(2);
            assertThat(count(registry, "websocket.client.data.received", "type", "text"))
                    .isEqualTo(8);
            assertThat(count(registry, "websocket.client.closes", "code", "1000", "direction", "sent"))
                    .isEqualTo(1);
            assertThat(count(registry, "websocket.client.closes", "code", "1000", "direction", "received"))
                    .isEqualTo(1);
            assertThat(registry.get("websocket.client.connection.duration")
                            .timer()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.find("websocket.server.messages.sent").meters()).isEmpty();
            assertNoUnboundedTags(registry);
        });
    }

    @Test
    void aRefusedHandshakeIsCountedWithItsStatus() {
        client.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThatExceptionOfType(BadHandshakeException.class)
                    .isThrownBy(() -> context.getBean(Dialer.class)
                            .dial("ws://localhost:" + port + "/no-such-endpoint", Map.of()));
            assertThat(count(registry, MeterNames.CLIENT_DIALS, "outcome", "refused", "status", "404"))
                    .isEqualTo(1);
            assertThat(registry.get(MeterNames.CLIENT_CONNECTIONS_ACTIVE)
                            .gauge()
                            .value())
                    .isZero();
            assertNoUnboundedTags(registry);
        });
    }

    @Test
    void aServerThatNeverAnswersIsCountedAsATimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread accepter = new Thread(() -> {
                try (Socket s = silent.accept()) {
                    s.getInputStream().readAllBytes(); // reads the request and never answers
                } catch (Exception e) {
                    // the test is over
                }
            });
            accepter.start();
            client.withPropertyValues("ws.client.handshake-timeout=500ms").run(context -> {
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                assertThatExceptionOfType(SocketTimeoutException.class)
                        .isThrownBy(() -> context.getBean(Dialer.class)
                                .dial("ws://localhost:" + silent.getLocalPort() + "/", Map.of()));
                assertThat(count(registry, MeterNames.CLIENT_DIALS, "outcome", "timeout", "status", "none"))
                        .isEqualTo(1);
            });
        }
    }

    @Test
    void aConnectionRefusedByTheHostIsCountedAsAnIoError() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        client.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThatExceptionOfType(java.net.ConnectException.class)
                    .isThrownBy(
                            () -> context.getBean(Dialer.class).dial("ws://localhost:" + closedPort + "/", Map.of()));
            assertThat(count(registry, MeterNames.CLIENT_DIALS, "outcome", "io_error", "status", "none"))
                    .isEqualTo(1);
        });
    }

    @Test
    void withoutARegistryOrMicrometerTheDialerIsNotObserved() {
        ApplicationContextRunner bare = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        WebSocketJsonAutoConfiguration.class, WebSocketClientAutoConfiguration.class));
        bare.run(context -> {
            assertThat(context).doesNotHaveBean(MicrometerDialerMetrics.class);
            assertThat(context.getBean(Dialer.class).dialObserver()).isSameAs(DialObserver.NONE);
        });
        client.withClassLoader(new FilteredClassLoader(io.micrometer.core.instrument.binder.MeterBinder.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MicrometerDialerMetrics.class));
        client.run(context -> assertThat(context.getBean(Dialer.class).dialObserver())
                .isSameAs(context.getBean(MicrometerDialerMetrics.class)));
    }

    private static double count(MeterRegistry registry, String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    private static void assertNoUnboundedTags(MeterRegistry registry) {
        for (Meter meter : registry.getMeters()) {
            if (meter.getId().getName().startsWith("websocket.client.")) {
                meter.getId()
                        .getTags()
                        .forEach(tag -> assertThat(CLIENT_TAG_KEYS)
                                .as(meter.getId().toString())
                                .contains(tag.getKey()));
            }
        }
    }
}
