package io.github.wsboot.sample.json;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.github.wsboot.sample.support.TestSocket;
import io.github.wsboot.websocket.CloseCodes;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /json}: requests bound to records by their {@code type}, replies written as typed JSON. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JsonHandlerTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private TestSocket open() throws Exception {
        return TestSocket.open(URI.create("ws://localhost:" + port + "/json"));
    }

    @Test
    void answersEachRequestTypeWithItsReply() throws Exception {
        try (TestSocket socket = open()) {
            JsonNode hello = json.readTree(socket.next());
            assertThat(hello.get("type").asString()).isEqualTo("hello");

            socket.send("{\"type\":\"add\",\"a\":1.5,\"b\":2}");
            JsonNode sum = json.readTree(socket.next());
            assertThat(sum.get("type").asString()).isEqualTo("sum");
            assertThat(sum.get("sum").asDouble()).isEqualTo(3.5);

            socket.send("{\"type\":\"greet\",\"name\":\"Ada\"}");
            assertThat(json.readTree(socket.next()).get("text").asString()).isEqualTo("Hello, Ada!");

            socket.send("{\"type\":\"time\"}");
            JsonNode clock = json.readTree(socket.next());
            assertThat(clock.get("type").asString()).isEqualTo("clock");
            assertThat(clock.get("now").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        }
    }

    @Test
    void closesWithInvalidPayloadDataOnTextThatIsNotARequest() throws Exception {
        try (TestSocket socket = open()) {
            socket.next();
            socket.send("{\"type\":\"launch-rockets\"}");
            assertThat(socket.closeCode()).isEqualTo(CloseCodes.INVALID_FRAME_PAYLOAD_DATA);
        }
    }
}
