package io.github.wsboot.autoconfigure.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
        assertThat(answers(List.of(), "{\"x\":1}", "{\"label\":\"a\"}")) // Jackson 3: FAIL_ON_NULL_FOR_PRIMITIVES
                .containsExactly("Labelled[x=1, label=null]", CLOSED_1007);
    }

    @Test
    void withoutFailOnNullForPrimitivesAMissingPrimitiveBindsZero() throws Exception {
        assertThat(answers(
                        List.of("spring.jackson.deserialization.fail-on-null-for-primitives=false"),
                        "{\"label\":\"a\"}"))
                .containsExactly("Labelled[x=0, label=a]");
    }

    @Test
    void failOnMissingCreatorPropertiesClosesWith1007() throws Exception {
        assertThat(answers(
                        List.of("spring.jackson.deserialization.fail-on-missing-creator-properties=true"),
                        "{\"x\":1,\"label\":\"complete\"}",
                        "{\"x\":1}"))
                .containsExactly("Labelled[x=1, label=complete]", CLOSED_1007);
    }

    @Test
    void failOnNullCreatorPropertiesRefusesAnExplicitNull() throws Exception {
        assertThat(answers(
                        List.of("spring.jackson.deserialization.fail-on-null-creator-properties=true"),
                        "{\"x\":1,\"label\":null}"))
                .containsExactly(CLOSED_1007);
    }

    private static final String CLOSED_1007 = "closed " + CloseCodes.INVALID_FRAME_PAYLOAD_DATA;

    /**
     * Starts the application with {@code properties}, sends each message in turn on one connection, and returns
     * the server's answer to each: the text it sent back, or "closed CODE" (after which nothing more is sent).
     */
    private static List<String> answers(List<String> properties, String... messages) throws Exception {
        List<String> answers = new ArrayList<>();
        try (ConfigurableApplicationContext app = start(properties.toArray(String[]::new));
                JdkWsClient client = connect(app)) {
            for (String message : messages) {
                client.sendText(message);
                JdkWsClient.Event event = client.next();
                if (event instanceof JdkWsClient.Closed closed) {
                    answers.add("closed " + closed.code());
                    break;
                }
                answers.add(((JdkWsClient.Text) event).text());
            }
        }
        return answers;
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

    record Labelled(int x, String label) {}

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
            return http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                    .build();
        }
    }
}
