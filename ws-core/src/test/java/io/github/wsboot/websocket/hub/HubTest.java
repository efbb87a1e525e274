package io.github.wsboot.websocket.hub;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.PreparedMessage;

/** Argument and state checks that need no connection. */
class HubTest {

    @Test
    void rejectsMessagesTheQueueCouldNeverHoldAndControlMessages() {
        try (Hub hub = Hub.builder().queueLimitBytes(10).build()) {
            assertThatThrownBy(() -> hub.publishText("t", "eleven char"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("exceeds the queue limit of 10 bytes");
            assertThatThrownBy(() -> hub.publish("t", PreparedMessage.of(MessageType.PING, new byte[0])))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("writeControl");
            hub.publishText("nobody-here", "fine"); // no subscribers: nothing to do
        }
    }

    @Test
    void aClosedHubRefusesWork() {
        Hub hub = Hub.builder().build();
        hub.close();
        hub.close(); // idempotent
        assertThatThrownBy(() -> hub.publishText("t", "x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("hub: closed");
    }

    @Test
    void builderRejectsNonsense() {
        assertThatThrownBy(() -> Hub.builder().queueLimitBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hub.builder().queueLimitMessages(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hub.builder().writeTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hub.builder().drainThreads(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
