package io.github.wsboot.autoconfigure.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.test.context.TestPropertySource;

import io.github.wsboot.autoconfigure.metrics.MeterNames;
import io.github.wsboot.autoconfigure.testsupport.JdkWsClient;
import io.github.wsboot.spring.CloseStatus;
import io.github.wsboot.spring.InvalidPayloadException;
import io.github.wsboot.websocket.CloseException;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Dialer;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.testing.RawWsClient;

/**
 * Both programming models over a real server and real clients (the JDK's {@code java.net.http.WebSocket},
 * our {@link Dialer}, a bare socket for handshake details). Subclasses choose the servlet container.
 */
@TestPropertySource(
        properties = {
            "management.endpoints.web.exposure.include=health,metrics,prometheus,websockets",
            "ws.server.keepalive.ping-interval=200ms",
            "ws.server.keepalive.pong-timeout=5s",
        })
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class EndToEndTests {

    @LocalServerPort
    int port;

    @Autowired
    EndToEndApplication.Rooms rooms;

    @Autowired
    EndToEndApplication.Json json;

    @Autowired
    EndToEndApplication.Failing failing;

    @Autowired
    Dialer dialer;

    @Autowired
    ServletWebServerApplicationContext context;

    @Autowired
    MeterRegistry registry;

    /** The simple name of the {@code WebServer} class the subclass runs on. */
    abstract String expectedServer();

    String ws(String path) {
        return "ws://localhost:" + port + path;
    }

    @Test
    void runsOnTheIntendedContainer() {
        assertThat(context.getWebServer().getClass().getSimpleName()).isEqualTo(expectedServer());
    }

    @Test
    void connectionModelEchoesTextAndBinaryWithTheirTypes() throws Exception {
        try (JdkWsClient client = JdkWsClient.connect(ws("/echo"))) {
            client.sendText("hello");
            assertThat(client.nextText()).isEqualTo("hello");
            client.sendBinary(new byte[] {1, 2, 3});
            assertThat(client.next())
                    .isInstanceOfSatisfying(
                            JdkWsClient.Binary.class, b -> assertThat(b.data()).containsExactly(1, 2, 3));
            client.sendClose(1000, "done");
            assertThat(client.awaitClose().code()).isEqualTo(1000);
        }
    }

    @Test
    void dialerBeanTalksToTheServer() throws Exception {
        Conn conn = dialer.dial(ws("/echo"), null);
        try {
            conn.writeText("via dialer");
            Message m = conn.readMessage();
            assertThat(m.type()).isEqualTo(MessageType.TEXT);
            assertThat(m.text()).isEqualTo("via dialer");
            conn.writeControl(
                    MessageType.CLOSE,
                    io.github.wsboot.websocket.WebSockets.formatCloseMessage(1000, ""),
                    java.time.Instant.now().plusSeconds(5));
            assertThatThrownBy(conn::readMessage)
                    .isInstanceOfSatisfying(
                            CloseException.class, e -> assertThat(e.code()).isEqualTo(1000));
        } finally {
            conn.close();
        }
    }

    @Test
    void messageModelResolvesPathVariablesQueryAndBothMessageTypes() throws Exception {
        try (JdkWsClient client = JdkWsClient.connect(ws("/rooms/lobby?nick=bob"))) {
            assertThat(client.nextText()).isEqualTo("welcome to lobby");
            client.sendText("hi");
            assertThat(client.nextText()).isEqualTo("lobby: hi from bob");
            client.sendBinary(new byte[] {1, 2, 3});
            assertThat(client.next())
                    .isInstanceOfSatisfying(
                            JdkWsClient.Binary.class, b -> assertThat(b.data()).containsExactly(3, 2, 1));
            rooms.closes.clear();
            client.sendClose(1000, "bye");
            assertThat(client.awaitClose().code()).isEqualTo(1000);
        }
        assertThat(rooms.closes.poll(10, TimeUnit.SECONDS)).isEqualTo(new CloseStatus(1000, "bye"));
    }

    @Test
    void perHandlerReadLimitClosesWith1009() throws Exception {
        try (JdkWsClient client = JdkWsClient.connect(ws("/rooms/big"))) {
            assertThat(client.nextText()).isEqualTo("welcome to big");
            client.sendText("x".repeat(1025));
            assertThat(client.awaitClose().code()).isEqualTo(1009);
        }
    }

    @Test
    void jsonPayloadIsBoundToARecordAndTheReplySentAsJson() throws Exception {
        try (JdkWsClient client = JdkWsClient.connect(ws("/json"))) {
            client.sendText("{\"name\":\"ann\",\"count\":1}");
            assertThat(client.nextText()).isEqualTo("{\"greeting\":\"hello ann\",\"count\":2}");
            json.errors.clear();
            client.sendText("not json");
            assertThat(client.awaitClose().code()).isEqualTo(1007);
        }
        assertThat(json.errors.poll(10, TimeUnit.SECONDS)).isInstanceOf(InvalidPayloadException.class);
    }

    @Test
    void endpointSubprotocolsAreNegotiatedInServerPreferenceOrder() throws Exception {
        try (JdkWsClient client = JdkWsClient.connect(ws("/protocols"), Map.of(), "v1.chat")) {
            assertThat(client.nextText()).isEqualTo("subprotocol=v1.chat");
            assertThat(client.socket().getSubprotocol()).isEqualTo("v1.chat");
        }
        try (JdkWsClient client = JdkWsClient.connect(ws("/protocols"), Map.of(), "v1.chat", "v2.chat")) {
            assertThat(client.nextText()).isEqualTo("subprotocol=v2.chat");
        }
    }

    @Test
    void handlerExceptionGoesToOnErrorAndClosesWith1011() throws Exception {
        failing.errors.clear();
        try (JdkWsClient client = JdkWsClient.connect(ws("/fail"))) {
            client.sendText("x");
            assertThat(client.awaitClose().code()).isEqualTo(1011);
        }
        assertThat(failing.errors.poll(10, TimeUnit.SECONDS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("boom: x");
    }

    @Test
    void originPolicyIsSameOriginPlusTheEndpointsPatterns() throws IOException {
        assertThat(RawWsClient.status(port, "/echo", Map.of())).isEqualTo(101);
        assertThat(RawWsClient.status(port, "/echo", Map.of("Origin", "http://localhost:" + port)))
                .isEqualTo(101);
        assertThat(RawWsClient.status(port, "/echo", Map.of("Origin", "https://evil.example")))
                .isEqualTo(403);
        assertThat(RawWsClient.status(port, "/partner", Map.of("Origin", "https://app.partner.example")))
                .isEqualTo(101);
        assertThat(RawWsClient.status(port, "/partner", Map.of("Origin", "https://evil.example")))
                .isEqualTo(403);
    }

    @Test
    void aRefusedOriginsBodyNamesTheSettingThatAdmitsIt() throws IOException {
        try (RawWsClient c = RawWsClient.handshake(port, "/echo", Map.of("Origin", "https://evil.example"))) {
            assertThat(c.status()).isEqualTo(403);
            assertThat(c.body())
                    .contains("'https://evil.example'", "ws.server.allowed-origins")
                    .doesNotContain("Upgrader");
        }
        try (RawWsClient c = RawWsClient.handshake(port, "/partner", Map.of("Origin", "https://evil.example"))) {
            assertThat(c.status()).isEqualTo(403);
            assertThat(c.body()).contains("allowedOrigins of @WebSocketHandler").doesNotContain("Upgrader");
        }
    }

    @Test
    void plainHttpRequestToAnEndpointIsABadRequest() throws Exception {
        HttpResponse<String> response = get("/echo");
        assertThat(response.statusCode()).isEqualTo(400);
    }

    // ---- Spring Security: the handshake passes through the filter chain ------------------------------------

    @Test
    void securedEndpointRefusesAnUnauthenticatedHandshakeWith401() {
        assertThatThrownBy(() -> JdkWsClient.connect(ws("/secure/whoami")))
                .isInstanceOfSatisfying(
                        WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
    }

    @Test
    void authenticatedPrincipalReachesTheHandler() throws Exception {
        try (JdkWsClient client =
                JdkWsClient.connect(ws("/secure/whoami"), Map.of("Authorization", basic("alice", "secret")))) {
            assertThat(client.nextText()).isEqualTo("alice");
        }
    }

    @Test
    void authorizationRulesOnThePathApplyToTheHandshake() throws IOException {
        assertThat(RawWsClient.status(port, "/secure/whoami", Map.of("Authorization", basic("alice", "wrong"))))
                .isEqualTo(401);
        assertThat(RawWsClient.status(port, "/secure/admin/whoami", Map.of("Authorization", basic("alice", "secret"))))
                .isEqualTo(403);
    }

    // ---- Metrics and actuator ------------------------------------------------------------------------------

    @Test
    void trafficIsMeteredPerEndpoint() throws Exception {
        Snapshot before = new Snapshot("/metered");
        try (JdkWsClient client = JdkWsClient.connect(ws("/metered"))) {
            for (int i = 0; i < 3; i++) {
                client.sendText("abc");
                assertThat(client.nextText()).isEqualTo("abc");
            }
            client.sendBinary(new byte[5]);
            client.next();
            Thread.sleep(700); // keepalive pings every 200 ms; the JDK client answers them
            client.sendText("last");
            client.nextText();
            client.sendClose(1000, "");
            client.awaitClose();
        }
        assertThat(RawWsClient.status(port, "/metered", Map.of("Origin", "https://evil.example")))
                .isEqualTo(403);
        assertThat(get("/metered").statusCode()).isEqualTo(400);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Snapshot after = new Snapshot("/metered");
            assertThat(after.textIn - before.textIn).isEqualTo(4);
            assertThat(after.binaryIn - before.binaryIn).isEqualTo(1);
            assertThat(after.textOut - before.textOut).isEqualTo(4);
            assertThat(after.binaryOut - before.binaryOut).isEqualTo(1);
            assertThat(after.textBytesIn - before.textBytesIn).isEqualTo(13);
            assertThat(after.binaryBytesOut - before.binaryBytesOut).isEqualTo(5);
            assertThat(after.opened - before.opened).isEqualTo(1);
            assertThat(after.success - before.success).isEqualTo(1);
            assertThat(after.originRejected - before.originRejected).isEqualTo(1);
            assertThat(after.badRequest - before.badRequest).isEqualTo(1);
            assertThat(after.closesReceived1000 - before.closesReceived1000).isEqualTo(1);
            assertThat(after.closesSent1000 - before.closesSent1000).isEqualTo(1);
            assertThat(after.durations - before.durations).isEqualTo(1);
            assertThat(after.pings - before.pings).isGreaterThanOrEqualTo(1);
            assertThat(registry.get(MeterNames.CONNECTIONS_ACTIVE)
                            .tag("uri", "/metered")
                            .gauge()
                            .value())
                    .isZero();
        });
    }

    @Test
    void activeConnectionsGaugeFollowsOpenConnections() throws Exception {
        Gauge active = registry.get(MeterNames.CONNECTIONS_ACTIVE)
                .tag("uri", "/rooms/{room}")
                .gauge();
        double before = active.value();
        try (JdkWsClient a = JdkWsClient.connect(ws("/rooms/a"));
                JdkWsClient b = JdkWsClient.connect(ws("/rooms/b"))) {
            a.nextText();
            b.nextText();
            assertThat(active.value() - before).isEqualTo(2);
            a.sendClose(1000, "");
            a.awaitClose();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> active.value() - before == 1);
        }
    }

    @Test
    void handlerFailuresAreCountedByException() throws Exception {
        double before = count(MeterNames.ERRORS, "uri", "/fail", "exception", "IllegalStateException");
        try (JdkWsClient client = JdkWsClient.connect(ws("/fail"))) {
            client.sendText("x");
            client.awaitClose();
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() ->
                        count(MeterNames.ERRORS, "uri", "/fail", "exception", "IllegalStateException") - before == 1);
    }

    @Test
    void metersAreVisibleAtTheActuatorMetricsAndPrometheusEndpoints() throws Exception {
        try (JdkWsClient client = JdkWsClient.connect(ws("/metered"))) {
            client.sendText("x");
            client.nextText();
        }
        HttpResponse<String> metric = get("/actuator/metrics/" + MeterNames.MESSAGES_RECEIVED);
        assertThat(metric.statusCode()).isEqualTo(200);
        assertThat(metric.body())
                .contains("\"name\":\"websocket.server.messages.received\"")
                .contains("/metered");
        HttpResponse<String> prometheus = get("/actuator/prometheus");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body())
                .contains("websocket_server_messages_received_total{type=\"text\",uri=\"/metered\"}")
                .contains("websocket_server_data_received_bytes_total{")
                .contains("websocket_server_connections_active{uri=\"/rooms/{room}\"}")
                .contains("websocket_server_connection_duration_seconds_count{")
                .contains("websocket_server_handshakes_total{outcome=\"success\"");
    }

    @Test
    void websocketsActuatorEndpointListsTheEndpoints() throws Exception {
        HttpResponse<String> response = get("/actuator/websockets");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"path\":\"/rooms/{room}\"", "\"model\":\"message\"", "\"readLimitBytes\":1024")
                .contains("\"path\":\"/protocols\"", "\"subprotocols\":[\"v2.chat\",\"v1.chat\"]")
                .contains("\"path\":\"/echo\"", "\"model\":\"connection\"", "\"readLimitBytes\":65536")
                .contains("\"transport\":\"auto\"");
        try (JdkWsClient client = JdkWsClient.connect(ws("/echo"))) {
            client.sendText("hand-over");
            assertThat(client.nextText()).isEqualTo("hand-over");
        }
        String native_ = expectedServer().startsWith("Tomcat") ? "tomcat" : "jetty";
        assertThat(get("/actuator/websockets").body())
                .as("the transport that served /echo")
                .containsPattern("\"path\":\"/echo\"[^}]*\"transportsInUse\":\\[\"" + native_ + "\"\\]");
    }

    double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The meters of one endpoint at one moment. */
    final class Snapshot {

        final double textIn;
        final double binaryIn;
        final double textOut;
        final double binaryOut;
        final double textBytesIn;
        final double binaryBytesOut;
        final double opened;
        final double success;
        final double originRejected;
        final double badRequest;
        final double closesReceived1000;
        final double closesSent1000;
        final long durations;
        final long pings;

        Snapshot(String uri) {
            textIn = count(MeterNames.MESSAGES_RECEIVED, "uri", uri, "type", "text");
            binaryIn = count(MeterNames.MESSAGES_RECEIVED, "uri", uri, "type", "binary");
            textOut = count(MeterNames.MESSAGES_SENT, "uri", uri, "type", "text");
            binaryOut = count(MeterNames.MESSAGES_SENT, "uri", uri, "type", "binary");
            textBytesIn = count(MeterNames.DATA_RECEIVED, "uri", uri, "type", "text");
            binaryBytesOut = count(MeterNames.DATA_SENT, "uri", uri, "type", "binary");
            opened = count(MeterNames.CONNECTIONS_OPENED, "uri", uri);
            success = count(MeterNames.HANDSHAKES, "uri", uri, "outcome", "success");
            originRejected = count(MeterNames.HANDSHAKES, "uri", uri, "outcome", "origin_rejected");
            badRequest = count(MeterNames.HANDSHAKES, "uri", uri, "outcome", "bad_request");
            closesReceived1000 = count(MeterNames.CLOSES, "uri", uri, "code", "1000", "direction", "received");
            closesSent1000 = count(MeterNames.CLOSES, "uri", uri, "code", "1000", "direction", "sent");
            Timer duration = registry.find(MeterNames.CONNECTION_DURATION)
                    .tag("uri", uri)
                    .timer();
            durations = duration == null ? 0 : duration.count();
            Timer ping =
                    registry.find(MeterNames.PING_ROUND_TRIP).tag("uri", uri).timer();
            pings = ping == null ? 0 : ping.count();
        }
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
