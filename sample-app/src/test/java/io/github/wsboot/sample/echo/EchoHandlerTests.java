package io.github.wsboot.sample.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;

import io.github.wsboot.sample.SampleAppTest;
import io.github.wsboot.test.WebSocketTestClient;
import io.github.wsboot.test.WebSocketTestConnection;

/** {@code /echo} through the starter: text and binary come back with their type, up to the 16 MiB limit. */
@SampleAppTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EchoHandlerTests {

    @Autowired
    WebSocketTestClient client;

    @Test
    void echoesTextAndA16MiBBinaryMessageWithTheirTypes() throws Exception {
        try (WebSocketTestConnection echo =
                client.withTimeout(Duration.ofSeconds(30)).connect("/echo")) {
            assertThat(echo.sendText("hello").expectText()).isEqualTo("hello");

            byte[] big = new byte[16 << 20];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) i;
            }
            assertThat(echo.sendBinary(big).expectBinary()).isEqualTo(big);
            echo.expectNoMessage(Duration.ofMillis(200));
        }
    }
}
