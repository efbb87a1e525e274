package io.github.wsboot.websocket;

import static io.github.wsboot.websocket.internal.TestFrames.concat;
import static io.github.wsboot.websocket.internal.TestFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ControlDispatch} on a server Conn whose peer is a bare socket: control frames reach the handlers and the
 * observer, and the default replies and the close after a protocol violation are checked byte for byte.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ControlDispatchTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] KEY = HEX.parseHex("0a0b0c0d");

    @Test
    void theDefaultPingHandlerAnswersWithAPongOfTheSamePayload() throws Exception {
        try (ConnPair.Raw raw = ConnPair.builder().openRaw(true)) {
            raw.send(concat(frame(0x89, ascii("hi"), KEY), frame(0x81, ascii("x"), KEY)));
            assertThat(raw.conn.readMessage().text()).isEqualTo("x");
            assertThat(HEX.formatHex(raw.peer.getInputStream().readNBytes(4))).isEqualTo("8a026869");
        }
    }

    @Test
    void pongsReachThePongHandlerAndMessagesTheObserver() throws Exception {
        try (ConnPair.Raw raw = ConnPair.builder().openRaw(true)) {
            List<String> seen = new ArrayList<>();
            raw.conn.setPongHandler(data -> seen.add("pong " + new String(data, StandardCharsets.US_ASCII)));
            raw.conn.setObserver(new ConnObserver() {
                @Override
                public void messageReceived(int messageType, long payloadBytes) {
                    seen.add(MessageType.name(messageType) + " " + payloadBytes);
                }
            });
            raw.send(concat(frame(0x8a, ascii("p"), KEY), frame(0x82, new byte[3], KEY)));
            assertThat(raw.conn.readMessage().data()).hasSize(3);
            assertThat(seen).containsExactly("pong p", MessageType.name(MessageType.BINARY) + " 3");
        }
    }

    @Test
    void theDefaultCloseHandlerEchoesTheCodeAndTheHandshakeClosesTheConnection() throws Exception {
        try (ConnPair.Raw raw = ConnPair.builder().openRaw(true)) {
            raw.send(frame(0x88, concat(HEX.parseHex("03e9"), ascii("bye")), KEY));
            TestData.assertClosedWith(raw.conn::readMessage, CloseCodes.GOING_AWAY);
            InputStream in = raw.peer.getInputStream();
            assertThat(HEX.formatHex(in.readNBytes(4))).isEqualTo("880203e9");
            assertThat(in.read()).as("closed after the reply").isEqualTo(-1);
        }
    }

    @Test
    void aProtocolViolationSendsItsCloseCodeThenClosesTheConnection() throws Exception {
        try (ConnPair.Raw raw = ConnPair.builder().openRaw(true)) {
            raw.send(frame(0xc1, ascii("x"), KEY)); // RSV1 without an agreed extension
            assertThatThrownBy(raw.conn::readMessage)
                    .isInstanceOfSatisfying(
                            ProtocolViolationException.class,
                            e -> assertThat(e.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR));
            InputStream in = raw.peer.getInputStream();
            byte[] head = in.readNBytes(4);
            assertThat(HEX.formatHex(head, 0, 1)).isEqualTo("88");
            assertThat(HEX.formatHex(head, 2, 4)).isEqualTo("03ea");
            in.readNBytes(head[1] - 2); // the reason
            assertThat(in.read()).as("closed after the close frame").isEqualTo(-1);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
