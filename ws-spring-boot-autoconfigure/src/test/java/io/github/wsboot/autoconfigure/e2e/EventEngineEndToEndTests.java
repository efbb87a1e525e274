package io.github.wsboot.autoconfigure.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import io.github.wsboot.autoconfigure.testsupport.JdkWsClient;
import io.github.wsboot.websocket.engine.EventEngine;

/**
 * The end-to-end suite on embedded Tomcat 11 with {@code ws.server.engine=event}: both programming models,
 * the hub, security, metrics and shutdown with the event engine driving the sockets.
 */
@SpringBootTest(
        classes = {EndToEndApplication.class, TomcatEndToEndTests.Tomcat.class},
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "ws.server.engine=event")
class EventEngineEndToEndTests extends EndToEndTests {

    @Test
    void theEventEngineDrivesTheConnections() throws Exception {
        try (JdkWsClient client = JdkWsClient.connect(ws("/rooms/lobby"))) {
            client.nextText(); // the @OnOpen greeting
            assertThat(EventEngine.started()).isTrue();
            assertThat(EventEngine.shared().connections())
                    .as("connections on the engine")
                    .isPositive();
        }
    }

    @Test
    void messageOrientedConnectionsHoldNoThreadWhileIdle() throws Exception {
        List<JdkWsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                JdkWsClient client = JdkWsClient.connect(ws("/rooms/idle"));
                assertThat(client.nextText()).isEqualTo("welcome to idle");
                clients.add(client);
            }
            clients.get(0).sendText("hi");
            assertThat(clients.get(0).nextText()).startsWith("idle: hi");
            long connectionThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("ws-conn-"))
                    .count();
            // A thread per connection (the blocking engine) would be 20 or more.
            assertThat(connectionThreads)
                    .as("connection threads for 20 open @OnMessage connections")
                    .isLessThan(20);
        } finally {
            for (JdkWsClient c : clients) {
                c.close();
            }
        }
    }

    @Override
    String expectedServer() {
        return "TomcatWebServer";
    }
}
