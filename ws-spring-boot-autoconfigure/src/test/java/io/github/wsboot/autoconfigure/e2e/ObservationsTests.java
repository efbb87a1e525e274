package io.github.wsboot.autoconfigure.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.ObservationView;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.wsboot.autoconfigure.testsupport.JdkWsClient;
import io.github.wsboot.spring.ConnectionHandler;
import io.github.wsboot.spring.Handshake;
import io.github.wsboot.spring.WebSocketHandler;
import io.github.wsboot.websocket.CloseCodes;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.testing.RawWsClient;

/**
 * Observations over real connections to the end-to-end application on Tomcat, recorded by a
 * {@link TestObservationRegistry} that replaces Boot's registry: once with message observations on, once with the
 * default (off).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ObservationsTests {

    private static Server withMessages;
    private static Server byDefault;

    @BeforeAll
    static void start() {
        withMessages = new Server("ws.server.observations.messages=true");
        byDefault = new Server();
    }

    @AfterAll
    static void stop() {
        withMessages.context.close();
        byDefault.context.close();
    }

    @Test
    void aHandshakeIsAChildOfTheHttpRequestAndEachMessageAChildOfTheHandshake() throws Exception {
        TestObservationRegistry registry = withMessages.registry();
        try (JdkWsClient client =
                JdkWsClient.connect("ws://localhost:" + withMessages.port + "/rooms/lobby?nick=ada")) {
            assertThat(client.nextText()).isEqualTo("welcome to lobby");
            client.sendText("hi");
            assertThat(client.nextText()).isEqualTo("lobby: hi from ada");
            client.sendBinary(new byte[] {1, 2, 3});
            client.next();
            client.sendClose(CloseCodes.NORMAL_CLOSURE, "");
            client.awaitClose();
        }
        Observation.Context handshake = awaitOne(registry, "websocket.server.handshake", "/rooms/{room}");
        assertThat(low(handshake)).isEqualTo(KeyValues.of("outcome", "success", "uri", "/rooms/{room}"));
        assertThat(handshake.getHighCardinalityKeyValues()).isEmpty();
        // The HTTP request's observation is an ancestor (Spring Security's filter chain observation is in between).
        List<String> ancestors = new ArrayList<>();
        for (ObservationView p = handshake.getParentObservation();
                p != null;
                p = p.getContextView().getParentObservation()) {
            ancestors.add(p.getContextView().getName());
        }
        assertThat(ancestors).contains("http.server.requests");

        List<Observation.Context> messages = awaitCount(registry, "websocket.server.message", "/rooms/{room}", 2);
        assertThat(messages)
                .extracting(ObservationsTests::low)
                .containsExactly(
                        KeyValues.of("exception", "none", "outcome", "success", "type", "text", "uri", "/rooms/{room}"),
                        KeyValues.of(
                                "exception", "none", "outcome", "success", "type", "binary", "uri", "/rooms/{room}"));
        for (Observation.Context message : messages) {
            assertThat(message.getParentObservation().getContextView()).isSameAs(handshake);
            assertThat(message.getContextualName()).isEqualTo("websocket message /rooms/{room}");
        }
    }

    @Test
    void aConnectionHandlerRunsWithTheHandshakeObservationCurrent() throws Exception {
        try (JdkWsClient client = JdkWsClient.connect("ws://localhost:" + byDefault.port + "/current")) {
            assertThat(client.nextText()).isEqualTo("websocket.server.handshake /current");
        }
    }

    @Test
    void aFailingHandlerMethodMakesAnErrorObservationNamingItsException() throws Exception {
        TestObservationRegistry registry = withMessages.registry();
        try (JdkWsClient client = JdkWsClient.connect("ws://localhost:" + withMessages.port + "/fail")) {
            client.sendText("x");
            assertThat(client.awaitClose().code()).isEqualTo(CloseCodes.INTERNAL_SERVER_ERR);
        }
        Observation.Context message = awaitOne(registry, "websocket.server.message", "/fail");
        assertThat(low(message))
                .isEqualTo(KeyValues.of(
                        "exception", "IllegalStateException", "outcome", "error", "type", "text", "uri", "/fail"));
        assertThat(message.getError()).isInstanceOf(IllegalStateException.class).hasMessage("boom: x");
    }

    @Test
    void aRefusedHandshakeIsObservedWithItsOutcome() throws Exception {
        TestObservationRegistry registry = withMessages.registry();
        int status = RawWsClient.status(withMessages.port, "/partner", Map.of("Origin", "https://evil.example"));
        assertThat(status).isEqualTo(403);
        Observation.Context handshake = awaitOne(registry, "websocket.server.handshake", "/partner");
        assertThat(low(handshake)).isEqualTo(KeyValues.of("outcome", "origin_rejected", "uri", "/partner"));
    }

    @Test
    void messagesAreNotObservedByDefaultButHandshakesAre() throws Exception {
        TestObservationRegistry registry = byDefault.registry();
        try (JdkWsClient client = JdkWsClient.connect("ws://localhost:" + byDefault.port + "/rooms/quiet")) {
            client.nextText();
            client.sendText("hi");
            client.nextText();
        }
        awaitOne(registry, "websocket.server.handshake", "/rooms/{room}");
        assertThat(contexts(registry))
                .extracting(Observation.Context::getName)
                .doesNotContain("websocket.server.message");
    }

    private static KeyValues low(Observation.Context context) {
        return context.getLowCardinalityKeyValues();
    }

    private static Observation.Context awaitOne(TestObservationRegistry registry, String name, String uri) {
        return awaitCount(registry, name, uri, 1).get(0);
    }

    /**
     * The observations named {@code name} of endpoint {@code uri}, once there are {@code count} and all have
     * stopped (their key values are final then: a stopped handshake has an outcome other than unknown, and the
     * client's last reply may arrive before the message observation around it stops, so this waits a little).
     */
    private static List<Observation.Context> awaitCount(
            TestObservationRegistry registry, String name, String uri, int count) {
        return Awaitility.await()
                .atMost(10, TimeUnit.SECONDS)
                .pollDelay(Duration.ofMillis(200))
                .until(
                        () -> contexts(registry).stream()
                                .filter(c -> c.getName().equals(name) && uri.equals(value(c, "uri")))
                                .filter(c -> !"unknown".equals(value(c, "outcome")))
                                .toList(),
                        list -> list.size() == count);
    }

    private static List<Observation.Context> contexts(TestObservationRegistry registry) {
        List<Observation.Context> all = new ArrayList<>();
        TestObservationRegistryAssert.assertThat(registry).hasHandledContextsThatSatisfy(all::addAll);
        return all;
    }

    private static String value(Observation.Context context, String key) {
        KeyValue value = context.getLowCardinalityKeyValue(key);
        return value == null ? null : value.getValue();
    }

    /** The end-to-end application on Tomcat with a {@link TestObservationRegistry}. */
    private static final class Server {

        final ConfigurableApplicationContext context;
        final int port;

        Server(String... properties) {
            context = new SpringApplicationBuilder(
                            EndToEndApplication.class, TomcatEndToEndTests.Tomcat.class, TestRegistry.class)
                    .properties("server.port=0", "spring.main.banner-mode=off")
                    .properties(properties)
                    .run();
            port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
        }

        TestObservationRegistry registry() {
            return (TestObservationRegistry) context.getBean(ObservationRegistry.class);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TestRegistry {

        @Bean
        TestObservationRegistry testObservationRegistry() {
            return TestObservationRegistry.create();
        }

        @Bean
        CurrentObservation currentObservation(ObservationRegistry registry) {
            return new CurrentObservation(registry);
        }
    }

    /** Sends the name and endpoint of the observation current on the connection's thread. */
    @WebSocketHandler("/current")
    static class CurrentObservation implements ConnectionHandler {

        private final ObservationRegistry registry;

        CurrentObservation(ObservationRegistry registry) {
            this.registry = registry;
        }

        @Override
        public void serve(Conn conn, Handshake handshake) throws IOException {
            Observation current = registry.getCurrentObservation();
            conn.writeText(
                    current == null
                            ? "none"
                            : current.getContext().getName() + " "
                                    + current.getContext()
                                            .getLowCardinalityKeyValue("uri")
                                            .getValue());
            conn.readMessage();
        }
    }
}
