package io.github.wsboot.sample.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.wsboot.test.WebSocketTestClient;
import io.github.wsboot.test.WebSocketTestConnection;
import io.github.wsboot.test.autoconfigure.AutoConfigureWebSocketTestClient;
import io.github.wsboot.websocket.BadHandshakeException;
import io.github.wsboot.websocket.CloseCodes;

/**
 * The Grafana dashboards under {@code sample-app/dashboards/} query only meters that the running application
 * really exports: after real traffic (echo, JSON, chat through the hub, a refused origin, a bad payload, keepalive pings) every metric
 * name in every panel query must be in the {@code /actuator/prometheus} scrape (the hub's meters included).
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "ws.server.keepalive.ping-interval=100ms",
        })
@AutoConfigureWebSocketTestClient
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GrafanaDashboardTests {

    private static final Pattern METRIC = Pattern.compile("\\b((?:websocket|ws)_[a-z0-9_]+)\\b");

    @LocalServerPort
    int port;

    @Autowired
    WebSocketTestClient client;

    @Test
    void everyPanelQueriesMetersThatExistAfterTraffic() throws Exception {
        produceTraffic();
        Set<String> exported = scrapedMetricNames();

        List<Path> dashboards = new ArrayList<>();
        try (var files = Files.list(Path.of("dashboards"))) {
            files.filter(p -> p.toString().endsWith(".json")).forEach(dashboards::add);
        }
        assertThat(dashboards).as("Grafana dashboards in sample-app/dashboards").isNotEmpty();

        JsonMapper json = JsonMapper.builder().build();
        for (Path dashboard : dashboards) {
            JsonNode panels = json.readTree(dashboard.toFile()).path("panels");
            assertThat(panels.size()).as(dashboard + " panels").isPositive();
            for (JsonNode panel : panels) {
                String title = panel.path("title").asString();
                assertThat(panel.path("targets").size())
                        .as(dashboard + ": " + title + " has queries")
                        .isPositive();
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asString();
                    Set<String> used = new TreeSet<>();
                    Matcher m = METRIC.matcher(expr);
                    while (m.find()) {
                        used.add(m.group(1));
                    }
                    assertThat(used)
                            .as(dashboard + ": '" + title + "' names a meter: " + expr)
                            .isNotEmpty();
                    assertThat(exported)
                            .as(dashboard + ": '" + title + "' queries " + used)
                            .containsAll(used);
                }
            }
        }
    }

    @SuppressWarnings("try") // the foreign connection only has to stay open
    private void produceTraffic() throws Exception {
        try (WebSocketTestConnection echo = client.connect("/echo");
                WebSocketTestConnection json = client.connect("/json")) {
            for (int i = 0; i < 20; i++) {
                assertThat(echo.sendText("hello " + i).expectText()).isEqualTo("hello " + i);
            }
            echo.sendBinary(new byte[1024]).expectBinary();
            json.expectText();
            json.sendText("not json").expectClose(CloseCodes.INVALID_FRAME_PAYLOAD_DATA);
            Thread.sleep(500); // a few keepalive pings and pongs on the echo connection
        }
        try (WebSocketTestConnection ben = client.connect("/chat?room=grafana&nick=ben");
                WebSocketTestConnection ann = client.connect("/chat?room=grafana&nick=ann")) {
            // ann's join reaching ben shows ben is in the room: only then is ann's message sure to reach him
            while (!ben.expectText().contains("ann")) {
                // ben's welcome and presence come first
            }
            ann.sendText("{\"text\":\"hello\"}");
            while (!ben.expectText().contains("hello")) {
                // welcome, presence and join notices come first
            }
        }
        // refused with 403: counted as a handshake with a failed outcome
        assertThatThrownBy(() -> client.connect("/echo", Map.of("Origin", List.of("https://evil.example"))))
                .isInstanceOf(BadHandshakeException.class);
        Thread.sleep(300); // the closed connections end on the server
    }

    private Set<String> scrapedMetricNames() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        Set<String> names = new TreeSet<>();
        for (String line : response.body().split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private URI uri(String path) {
        return URI.create("ws://localhost:" + port + path);
    }
}
