package io.github.wsboot.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Dialer against Jetty 12's own WebSocket server: an implementation we did not write. */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DialerJettyTest {

    private static final Dialer DIALER =
            Dialer.builder().handshakeTimeout(Duration.ofSeconds(10)).build();

    @Test
    void echoesTextAndBinary() throws Exception {
        try (JettyWebSocketServer server = JettyWebSocketServer.plain();
                Conn conn = DIALER.dial(server.url("127.0.0.1", "/echo"), null)) {
            conn.setReadDeadline(Instant.now().plusSeconds(10));
            conn.writeText("grüß dich");
            Message text = conn.readMessage();
            assertThat(text.type()).isEqualTo(MessageType.TEXT);
            assertThat(new String(text.data(), StandardCharsets.UTF_8)).isEqualTo("grüß dich");

            byte[] payload = new byte[40_000]; // more than one write buffer: several frames
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) (i * 7);
            }
            conn.writeMessage(MessageType.BINARY, payload);
            Message binary = conn.readMessage();
            assertThat(binary.type()).isEqualTo(MessageType.BINARY);
            assertThat(binary.data()).isEqualTo(payload);
        }
    }

    @Test
    void closeHandshakeCompletesWithTheServersCloseFrame() throws Exception {
        try (JettyWebSocketServer server = JettyWebSocketServer.plain();
                Conn conn = DIALER.dial(server.url("127.0.0.1", "/echo"), null)) {
            conn.setReadDeadline(Instant.now().plusSeconds(10));
            conn.writeControl(
                    MessageType.CLOSE,
                    WebSockets.formatCloseMessage(CloseCodes.NORMAL_CLOSURE, "bye"),
                    Instant.now().plusSeconds(5));

            CloseException closed = catchThrowableOfType(CloseException.class, conn::readMessage);

            assertThat(closed).isNotNull();
            assertThat(closed.code()).isEqualTo(CloseCodes.NORMAL_CLOSURE);
            assertThat(server.closeCodes().poll(5, TimeUnit.SECONDS)).isEqualTo(CloseCodes.NORMAL_CLOSURE);
        }
    }
}
