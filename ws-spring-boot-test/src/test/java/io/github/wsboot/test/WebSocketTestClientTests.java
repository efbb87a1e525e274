package io.github.wsboot.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import io.github.wsboot.spring.CloseStatus;
import io.github.wsboot.test.autoconfigure.AutoConfigureWebSocketTestClient;
import io.github.wsboot.websocket.BadHandshakeException;
import io.github.wsboot.websocket.CloseCodes;

/** The test client against a real server on a random port, under a context path. */
@SpringBootTest(
        classes = TestedApplication.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "server.servlet.context-path=/app")
@AutoConfigureWebSocketTestClient
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSocketTestClientTests {

    @Autowired
    WebSocketTestClient client;

    @Autowired
    TestedApplication.Echo echo;

    @Test
    void connectsByPathBelowTheContextPathOfTheRunningServer() throws Exception {
        assertThat(client.url("/echo")).matches("ws://localhost:\\d+/app/echo");
        try (WebSocketTestConnection echo = client.connect("/echo")) {
            assertThat(echo.sendText("hello").expectText()).isEqualTo("hello");
            assertThat(echo.sendBinary(new byte[] {1, 2, 3}).expectBinary()).containsExactly(1, 2, 3);
            echo.expectNoMessage(Duration.ofMillis(200));
        }
    }

    @Test
    void bindsJsonBothWaysWithTheApplicationsCodec() throws Exception {
        try (WebSocketTestConnection points = client.connect("/points")) {
            assertThat(points.expectJson(TestedApplication.Point.class)).isEqualTo(new TestedApplication.Point(0, 0));
            points.sendJson(new TestedApplication.Point(3, -4));
            assertThat(points.expectJson(TestedApplication.Point.class)).isEqualTo(new TestedApplication.Point(-3, 4));
        }
    }

    @Test
    void expectsTheServersCloseWithItsCodeAndKeepsSeeingIt() throws Exception {
        try (WebSocketTestConnection closing = client.connect("/closing")) {
            closing.sendText("bye");
            assertThat(closing.expectClose(4000).reason()).isEqualTo("bye");
            assertThat(closing.expectClose().code()).isEqualTo(4000);
            assertThatThrownBy(closing::expectText)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("expected a message from ws://")
                    .hasMessageContaining("got close 4000");
        }
    }

    @Test
    void failedExpectationsSayWhatArrivedInstead() throws Exception {
        try (WebSocketTestConnection echo =
                client.withTimeout(Duration.ofSeconds(2)).connect("/echo")) {
            echo.sendText("text");
            assertThatThrownBy(echo::expectBinary)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("expected a binary message")
                    .hasMessageContaining("got text: text");
            echo.sendText("again");
            assertThatThrownBy(() -> echo.expectNoMessage(Duration.ofSeconds(5)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("got text: again");
            assertThat(echo.expectText()).isEqualTo("again");
            assertThatThrownBy(() -> echo.expectClose(CloseCodes.NORMAL_CLOSURE))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("within");
        }
    }

    @Test
    void closeIsACloseHandshakeWith1000AndAbortADroppedConnection() throws Exception {
        echo.closes.clear();
        client.connect("/echo").sendText("x").close();
        assertThat(echo.closes.poll(10, TimeUnit.SECONDS)).isEqualTo(new CloseStatus(CloseCodes.NORMAL_CLOSURE, ""));

        WebSocketTestConnection dropped = client.connect("/echo");
        dropped.sendText("y").expectText();
        dropped.abort();
        assertThat(echo.closes.poll(10, TimeUnit.SECONDS).code()).isEqualTo(CloseCodes.ABNORMAL_CLOSURE);
    }

    @Test
    void aRefusedHandshakeThrowsWithTheResponse() {
        assertThatThrownBy(() -> client.connect("/echo", Map.of("Origin", List.of("https://evil.example"))))
                .isInstanceOfSatisfying(
                        BadHandshakeException.class,
                        e -> assertThat(e.response().status()).isEqualTo(403));
    }
}
