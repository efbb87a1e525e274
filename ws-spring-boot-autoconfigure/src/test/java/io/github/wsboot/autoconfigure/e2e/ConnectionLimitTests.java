package io.github.wsboot.autoconfigure.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.github.wsboot.autoconfigure.metrics.MeterNames;
import io.github.wsboot.autoconfigure.server.ConnectionTracker;
import io.github.wsboot.autoconfigure.testsupport.JdkWsClient;
import io.github.wsboot.websocket.testing.RawWsClient;

/** {@code ws.server.max-connections}: handshakes beyond the limit get 503 and are counted as over capacity. */
@SpringBootTest(
        classes = {SmallApplication.class, TomcatEndToEndTests.Tomcat.class},
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "ws.server.max-connections=2")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionLimitTests {

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Test
    void handshakesBeyondTheLimitGet503UntilAConnectionEnds() throws Exception {
        try (JdkWsClient first = JdkWsClient.connect("ws://localhost:" + port + "/chat");
                JdkWsClient second = JdkWsClient.connect("ws://localhost:" + port + "/chat")) {
            first.sendText("1");
            first.nextText();
            second.sendText("2");
            second.nextText();

            assertThat(RawWsClient.status(port, "/echo", Map.of())).isEqualTo(503);
            assertThat(registry.get(MeterNames.HANDSHAKES)
                            .tag("uri", "/echo")
                            .tag("outcome", "over_capacity")
                            .counter()
                            .count())
                    .isEqualTo(1);
            assertThat(context.getBean(ConnectionTracker.class).active()).isEqualTo(2);

            first.sendClose(1000, "");
            first.awaitClose();
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> RawWsClient.status(port, "/echo", Map.of()) == 101);
        }
    }
}
