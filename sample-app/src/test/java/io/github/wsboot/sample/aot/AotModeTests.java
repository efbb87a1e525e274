package io.github.wsboot.sample.aot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.wsboot.autoconfigure.server.WebSocketEndpoints;

/**
 * Guards the {@code aot-mode-tests} execution (see the pom): the WebSocket tests there really run on the
 * generated contexts, and the hints generated for this application name what the starter reaches by
 * reflection. Runs only in that execution.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@EnabledIfSystemProperty(named = "spring.aot.enabled", matches = "true")
class AotModeTests {

    private static final String METADATA =
            "META-INF/native-image/io.github.wsboot/sample-app/reachability-metadata.json";

    @Autowired
    WebSocketEndpoints endpoints;

    @Test
    void theContextComesFromGeneratedCodeWithEveryEndpoint() {
        assertThat(AotDetector.useGeneratedArtifacts()).isTrue();
        assertThat(endpoints.paths()).containsExactlyInAnyOrder("/echo", "/chat", "/json");
    }

    @Test
    void theGeneratedHintsNameTheHandlerMethodsAndTheirJsonTypes() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(METADATA)) {
            assertThat(in).as(METADATA).isNotNull();
            metadata = JsonMapper.builder().build().readTree(in);
        }
        Map<String, JsonNode> types = new HashMap<>();
        metadata.get("reflection").forEach(entry -> {
            if (entry.get("type").isString()) { // proxies are objects here
                types.put(entry.get("type").asString(), entry);
            }
        });
        assertThat(methods(types.get("io.github.wsboot.sample.json.JsonHandler")))
                .contains("handle", "open");
        assertThat(methods(types.get("io.github.wsboot.sample.chat.ChatHandler")))
                .contains("join", "say");
        assertThat(types)
                .containsKeys(
                        "io.github.wsboot.sample.json.Request$Add",
                        "io.github.wsboot.sample.json.Request$Time",
                        "io.github.wsboot.sample.json.Reply$Clock",
                        "io.github.wsboot.sample.chat.ChatInput",
                        "io.github.wsboot.sample.chat.ChatEvent$Said",
                        "io.github.wsboot.websocket.transport.TomcatUpgradeHandler");
    }

    private static List<String> methods(JsonNode type) {
        assertThat(type).isNotNull();
        List<String> names = new ArrayList<>();
        type.path("methods").forEach(m -> names.add(m.get("name").asString()));
        return names;
    }
}
