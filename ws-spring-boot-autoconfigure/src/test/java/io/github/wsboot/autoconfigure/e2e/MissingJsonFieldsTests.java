package io.github.wsboot.autoconfigure.e2e;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import io.github.wsboot.autoconfigure.testsupport.JdkWsClient;
import io.github.wsboot.spring.OnMessage;
import io.github.wsboot.spring.WebSocketHandler;
import io.github.wsboot.websocket.CloseCodes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a JSON message missing a record component binds to, over a real connection: by default an object
 * component is null and a missing primitive fails the message (1007), as Jackson 3 does; Boot's {@code spring.jackson.deserialization.*} settings reach
 * the starter's JSON binding, so {@code fail-on-missing-creator-properties} and
 * {@code fail-on-null-creator-properties} turn such messages into 1007 closes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MissingJsonFieldsTests {

    @Test
    void byDefaultAMissingComponentBindsNullButAMissingPrimitiveClosesWith1007() throws Exception {
        try (ConfigurableApplicationContext app = start()) {
            try (JdkWsClient client = connect(app)) {
                client.sendText("{\"x\":1}");
                assertThat(client.nextText()).isEqualTo("Labelled[x=1, label=null]");
                client.sendText("{\"label\":\"a\"}"); // Jackson 3: FAIL_ON_NULL_FOR_PRIMITIVES is on by default
                assertThat(client.awaitClose().code()).isEqualTo(CloseCodes.INVALID_FRAME_PAYLOAD_DATA);
            }
        }
    }

    @Test
    void withoutFailOnNullForPrimitivesAMissingPrimitiveBindsZero() throws Exception {
        try (ConfigurableApplicationContext app = start(
                "spring.jackson.deserialization.fail-on-null-for-primitives=false")) {
            try (JdkWsClient client = connect(app)) {
                client.sendText("{\"label\":\"a\"}");
                assertThat(client.nextText()).isEqualTo("Labelled[x=0, label=a]");
            }
        }
    }

    @Test
    void failOnMissingCreatorPropertiesClosesWith1007() throws Exception {
        try (ConfigurableApplicationContext app = start(
                "spring.jackson.deserialization.fail-on-missing-creator-properties=true")) {
            try (JdkWsClient client = connect(app)) {
                client.sendText("{\"x\":1,\"label\":\"complete\"}");
                assertThat(client.nextText()).isEqualTo("Labelled[x=1, label=complete]");
                client.sendText("{\"x\":1}");
                assertThat(client.awaitClose().code()).isEqualTo(CloseCodes.INVALID_FRAME_PAYLOAD_DATA);
            }
        }
    }

    @Test
    void failOnNullCreatorPropertiesRefusesAnExplicitNull() throws Exception {
        try (ConfigurableApplicationContext app = start(
                "spring.jackson.deserialization.fail-on-null-creator-properties=true")) {
            try (JdkWsClient client = connect(app)) {
                client.sendText("{\"x\":1,\"label\":null}");
                assertThat(client.awaitClose().code()).isEqualTo(CloseCodes.INVALID_FRAME_PAYLOAD_DATA);
            }
        }
    }

    private static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(LabelApplication.class)
                .properties("server.port=0", "spring.main.banner-mode=off")
                .properties(properties)
                .run();
    }

    private static JdkWsClient connect(ConfigurableApplicationContext app) throws Exception {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return JdkWsClient.connect("ws://localhost:" + port + "/labels");
    }

    record Labelled(int x, String label) {
    }

    /** Answers each message with the record it was bound to. */
    @WebSocketHandler("/labels")
    static class Labels {

        @OnMessage
        String echo(Labelled value) {
            return value.toString();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class LabelApplication {

        @Bean
        Labels labels() {
            return new Labels();
        }

        @Bean
        SecurityFilterChain permitAll(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll()).build();
        }
    }
}
