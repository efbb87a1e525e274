package io.github.wsboot.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our Dialer negotiating permessage-deflate with Jetty 12's own WebSocket server, an independent peer. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DialerCompressionTest {

    static byte[] jsonLike(int size, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < size) {
            sb.append("{\"symbol\":\"EUR")
                    .append(r.nextInt(20))
                    .append("\",\"bid\":")
                    .append(r.nextInt(100000))
                    .append(",\"ask\":")
                    .append(r.nextInt(100000))
                    .append("},");
        }
        return sb.substring(0, size).getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "contextTakeover={0}")
    @ValueSource(booleans = {true, false})
    void compressedEchoWithJetty(boolean takeover) throws Exception {
        try (JettyWebSocketServer server = JettyWebSocketServer.plain()) {
            Dialer dialer = Dialer.builder()
                    .enableCompression(true)
                    .compressionContextTakeover(takeover)
                    .build();
            Conn conn = dialer.dial(server.url("127.0.0.1", "/echo"), null);
            try {
                conn.setReadDeadline(Instant.now().plusSeconds(30));
                assertThat(conn.compressionNegotiated()).isTrue();
                String answer = conn.handshakeResponse()
                        .headers()
                        .firstValue("Sec-WebSocket-Extensions")
                        .orElseThrow();
                assertThat(answer).startsWith("permessage-deflate");
                if (!takeover) {
                    assertThat(answer).contains("server_no_context_takeover");
                }
                for (int i = 0; i < 20; i++) {
                    byte[] data = jsonLike(i * 997, i);
                    conn.writeMessage(MessageType.TEXT, data);
                    Message back = conn.readMessage();
                    assertThat(back.type()).isEqualTo(MessageType.TEXT);
                    assertThat(back.data()).isEqualTo(data);
                }
                // Streamed in many compressed frames; Jetty's default message limit is 64 KiB, hence the size.
                byte[] big = jsonLike(60_000, 99);
                try (MessageOutputStream out = conn.nextWriter(MessageType.TEXT)) {
                    for (int off = 0; off < big.length; off += 1000) {
                        out.write(big, off, Math.min(1000, big.length - off));
                    }
                }
                assertThat(conn.readMessage().data()).isEqualTo(big);
                conn.writeControl(
                        MessageType.CLOSE,
                        WebSockets.formatCloseMessage(CloseCodes.NORMAL_CLOSURE, ""),
                        Instant.now().plus(Duration.ofSeconds(5)));
            } finally {
                conn.close();
            }
        }
    }
}
