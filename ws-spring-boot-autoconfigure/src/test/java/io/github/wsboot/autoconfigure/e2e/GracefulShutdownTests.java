package io.github.wsboot.autoconfigure.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.wsboot.autoconfigure.server.ConnectionTracker;
import io.github.wsboot.autoconfigure.testsupport.JdkWsClient;
import io.github.wsboot.spring.CloseStatus;
import io.github.wsboot.websocket.testing.RawWsClient;

/**
 * Graceful shutdown seen from the client side, on both containers: closing the application context sends
 * 1001 to every connection, waits for the close handshakes, refuses new handshakes meanwhile, and closes a
 * client that never answers once the shutdown timeout has passed.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GracefulShutdownTests {

    @ParameterizedTest
    @ValueSource(classes = {TomcatEndToEndTests.Tomcat.class, JettyEndToEndTests.Jetty.class})
    void everyConnectionReceives1001AndTheCloseHandshakeCompletes(Class<?> container) throws Exception {
        ConfigurableApplicationContext context = start(container, "5s");
        int port = port(context);
        SmallApplication.Chat chat = context.getBean(SmallApplication.Chat.class);
        JdkWsClient echo = JdkWsClient.connect("ws://localhost:" + port + "/echo");
        JdkWsClient messages = JdkWsClient.connect("ws://localhost:" + port + "/chat");
        echo.sendText("ping");
        assertThat(echo.nextText()).isEqualTo("ping");
        messages.sendText("hi");
        assertThat(messages.nextText()).isEqualTo("hi");

        long start = System.nanoTime();
        context.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        JdkWsClient.Closed echoClose = echo.awaitClose();
        assertThat(echoClose.code()).isEqualTo(1001);
        assertThat(echoClose.reason()).isEqualTo("server shutting down");
        assertThat(messages.awaitClose().code()).isEqualTo(1001);
        assertThat(chat.closes.poll(5, TimeUnit.SECONDS))
                .extracting(CloseStatus::code)
                .isEqualTo(1001);
        // Both clients answered at once, so shutdown did not sit out its 5 s timeout.
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        echo.close();
        messages.close();
    }

    @ParameterizedTest
    @ValueSource(classes = {TomcatEndToEndTests.Tomcat.class, JettyEndToEndTests.Jetty.class})
    void silentClientIsClosedAfterTheTimeoutAndNewHandshakesAreRefusedMeanwhile(Class<?> container) throws Exception {
        ConfigurableApplicationContext context = start(container, "2s");
        int port = port(context);
        try (RawWsClient silent = RawWsClient.handshake(port, "/echo", Map.of())) {
            assertThat(silent.status()).isEqualTo(101);
            ConnectionTracker tracker = context.getBean(ConnectionTracker.class);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> tracker.active() == 1);
            long start = System.nanoTime();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);

            RawWsClient.Frame frame = silent.readFrame();
            assertThat(frame.opcode()).isEqualTo(8);
            assertThat(frame.closeCode()).isEqualTo(1001);
            // Shutdown has begun and is waiting for our answer, which never comes: the server still runs.
            assertThat(RawWsClient.status(port, "/echo", Map.of())).isEqualTo(503);

            assertThat(silent.awaitEof()).isTrue();
            closing.get(30, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        } finally {
            context.close();
        }
    }

    private static ConfigurableApplicationContext start(Class<?> container, String shutdownTimeout) {
        return new SpringApplicationBuilder(SmallApplication.class, container)
                .properties(
                        "server.port=0", "spring.main.banner-mode=off", "ws.server.shutdown-timeout=" + shutdownTimeout)
                .run();
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((ServletWebServerApplicationContext) context).getWebServer().getPort();
    }
}
