package io.github.wsboot.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WebSocketsTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void formatsCloseMessages() {
        assertThat(HEX.formatHex(WebSockets.formatCloseMessage(CloseCodes.NORMAL_CLOSURE, "")))
                .isEqualTo("03e8");
        assertThat(HEX.formatHex(WebSockets.formatCloseMessage(CloseCodes.NORMAL_CLOSURE, null)))
                .isEqualTo("03e8");
        assertThat(HEX.formatHex(WebSockets.formatCloseMessage(4000, "é"))).isEqualTo("0fa0c3a9");
        assertThat(WebSockets.formatCloseMessage(CloseCodes.NO_STATUS_RECEIVED, "ignored"))
                .isEmpty();
        assertThat(WebSockets.formatCloseMessage(CloseCodes.GOING_AWAY, "x".repeat(123)))
                .hasSize(125);
        assertThatThrownBy(() -> WebSockets.formatCloseMessage(CloseCodes.GOING_AWAY, "x".repeat(124)))
                .isInstanceOf(IllegalArgumentException.class);
        // 62 two-byte characters: 124 bytes, one too many, although only 62 chars.
        assertThatThrownBy(() -> WebSockets.formatCloseMessage(CloseCodes.GOING_AWAY, "é".repeat(62)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void classifiesCloseErrors() {
        CloseException normal = new CloseException(CloseCodes.NORMAL_CLOSURE, "");
        CloseException away = new CloseException(CloseCodes.GOING_AWAY, "bye");
        IOException other = new IOException("x");
        assertThat(WebSockets.isCloseError(normal, CloseCodes.NORMAL_CLOSURE)).isTrue();
        assertThat(WebSockets.isCloseError(normal, CloseCodes.GOING_AWAY, CloseCodes.NORMAL_CLOSURE))
                .isTrue();
        assertThat(WebSockets.isCloseError(away, CloseCodes.NORMAL_CLOSURE)).isFalse();
        assertThat(WebSockets.isCloseError(normal)).isFalse();
        assertThat(WebSockets.isCloseError(other, CloseCodes.NORMAL_CLOSURE)).isFalse();
        assertThat(WebSockets.isCloseError(null, CloseCodes.NORMAL_CLOSURE)).isFalse();

        assertThat(WebSockets.isUnexpectedCloseError(away, CloseCodes.NORMAL_CLOSURE))
                .isTrue();
        assertThat(WebSockets.isUnexpectedCloseError(away, CloseCodes.NORMAL_CLOSURE, CloseCodes.GOING_AWAY))
                .isFalse();
        assertThat(WebSockets.isUnexpectedCloseError(away)).isTrue();
        assertThat(WebSockets.isUnexpectedCloseError(other, CloseCodes.NORMAL_CLOSURE))
                .as("not a close error")
                .isFalse();
        assertThat(WebSockets.isUnexpectedCloseError(null)).isFalse();
    }

    @Test
    void closeExceptionMessagesNameTheCode() {
        assertThat(new CloseException(CloseCodes.GOING_AWAY, "bye"))
                .hasMessage("websocket: close 1001 (going away): bye");
        assertThat(new CloseException(4000, "")).hasMessage("websocket: close 4000");
        assertThat(new CloseException(4000, null).text()).isEmpty();
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void joinMessagesEndsAtTheCloseFrame() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            pair.server.writeText("a");
            pair.server.writeMessage(MessageType.BINARY, new byte[] {'b', 'c'});
            pair.server.writeControl(
                    MessageType.CLOSE,
                    WebSockets.formatCloseMessage(1000, ""),
                    Instant.now().plusSeconds(5));
            InputStream joined = WebSockets.joinMessages(pair.client, null);
            assertThat(joined.read(new byte[1], 0, 0)).isZero();
            assertThat(joined.read()).isEqualTo('a');
            assertThat(new String(joined.readAllBytes(), StandardCharsets.US_ASCII))
                    .isEqualTo("bc");
            assertThat(joined.read()).isEqualTo(-1);
        }
    }

    @Test
    void preparedMessagesFromTheHelper() {
        PreparedMessage m = WebSockets.newPreparedMessage(MessageType.TEXT, "x".getBytes(StandardCharsets.UTF_8));
        assertThat(m.type()).isEqualTo(MessageType.TEXT);
        assertThat(m.size()).isEqualTo(1);
    }
}
