package io.github.wsboot.sample.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import io.github.wsboot.sample.SampleAppTest;
import io.github.wsboot.test.WebSocketTestClient;
import io.github.wsboot.test.WebSocketTestConnection;
import io.github.wsboot.websocket.CloseCodes;

/** {@code /json}: requests bound to records by their {@code type}, replies written as typed JSON. */
@SampleAppTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JsonHandlerTests {

    @Autowired
    WebSocketTestClient client;

    @Test
    void saysHelloThenAnswersEachRequestTypeWithItsReply() throws Exception {
        try (WebSocketTestConnection json = client.connect("/json")) {
            assertThat(json.expectJson(Reply.class)).isInstanceOf(Reply.Hello.class);

            json.sendJson(new Request.Add(1.5, 2));
            assertThat(json.expectJson(Reply.class)).isEqualTo(new Reply.Sum(1.5, 2, 3.5));

            json.sendJson(new Request.Greet("Ada"));
            assertThat(json.expectJson(Reply.class)).isEqualTo(new Reply.Greeting("Hello, Ada!"));

            json.sendText("{\"type\":\"time\"}");
            JsonNode clock = json.expectJson(JsonNode.class);
            assertThat(clock.get("type").asString()).isEqualTo("clock");
            assertThat(clock.get("now").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        }
    }

    @Test
    void closesWithInvalidPayloadDataOnTextThatIsNotARequest() throws Exception {
        try (WebSocketTestConnection json = client.connect("/json")) {
            json.expectJson(Reply.Hello.class);
            json.sendText("{\"type\":\"launch-rockets\"}");
            assertThat(json.expectClose(CloseCodes.INVALID_FRAME_PAYLOAD_DATA).reason())
                    .isEqualTo("payload could not be bound");
        }
    }
}
