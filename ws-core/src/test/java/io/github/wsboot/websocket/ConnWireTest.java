package io.github.wsboot.websocket;

import static io.github.wsboot.websocket.internal.TestFrames.concat;
import static io.github.wsboot.websocket.internal.TestFrames.frame;
import static io.github.wsboot.websocket.internal.TestFrames.frameWithLength;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.wsboot.websocket.internal.TestFrames;

/** What a Conn puts on the wire, byte for byte, and how it copes with frames that lie about their length. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnWireTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] KEY = HEX.parseHex("0a0b0c0d");

    // ---- output ----

    @Test
    void serverFramesAreByteExact() throws Exception {
        try (ConnPair.Raw raw = ConnPair.builder().openRaw(true)) {
            raw.conn.writeMessage(MessageType.TEXT, "Hello".getBytes(StandardCharsets.US_ASCII));
            assertThat(HEX.formatHex(raw.receive(7))).isEqualTo("810548656c6c6f");
            raw.conn.writeMessage(MessageType.BINARY, new byte[0]);
            assertThat(HEX.formatHex(raw.receive(2))).isEqualTo("8200");
            raw.conn.writeControl(MessageType.PING, "Hello".getBytes(StandardCharsets.US_ASCII), null);
            assertThat(HEX.formatHex(raw.receive(7))).isEqualTo("890548656c6c6f");
            raw.conn.writeMessage(MessageType.PONG, new byte[0]);
            assertThat(HEX.formatHex(raw.receive(2))).isEqualTo("8a00");
            byte[] p256 = TestFrames.bytes(256, 1);
            raw.conn.writeMessage(MessageType.BINARY, p256);
            assertThat(raw.receive(260)).isEqualTo(concat(HEX.parseHex("827e0100"), p256));
            byte[] p64k = TestFrames.bytes(65536, 2);
            raw.conn.writeMessage(MessageType.BINARY, p64k); // larger than the write buffer: the direct path
            assertThat(raw.receive(65546)).isEqualTo(concat(HEX.parseHex("827f0000000000010000"), p64k));
            raw.conn.writePreparedMessage(PreparedMessage.of(MessageType.BINARY, p256));
            assertThat(raw.receive(260)).isEqualTo(concat(HEX.parseHex("827e0100"), p256));
            raw.conn.writeControl(
                    MessageType.CLOSE, WebSockets.formatCloseMessage(CloseCodes.NORMAL_CLOSURE, ""), null);
            assertThat(HEX.formatHex(raw.receive(4))).isEqualTo("880203e8");
        }
    }

    @Test
    void aStreamedMessageIsCutIntoFramesOfTheWriteBufferSize() throws Exception {
        try (ConnPair.Raw raw = ConnPair.builder().writeBufferSize(16).openRaw(true)) {
            byte[] data = "0123456789abcdefghijklmnopqrstuvwxyzABCD".getBytes(StandardCharsets.US_ASCII);
            try (MessageOutputStream out = raw.conn.nextWriter(MessageType.TEXT)) {
                for (int off = 0; off < data.length; off += 10) {
                    out.write(data, off, 10);
                }
            }
            byte[] expected = concat(
                    frame(0x01, Arrays.copyOfRange(data, 0, 16)),
                    frame(0x00, Arrays.copyOfRange(data, 16, 32)),
                    frame(0x80, Arrays.copyOfRange(data, 32, 40)));
            assertThat(HEX.formatHex(raw.receive(expected.length))).isEqualTo(HEX.formatHex(expected));

            // A write larger than the buffer, with nothing buffered, goes out as one frame of its own.
            byte[] big = TestFrames.bytes(100, 3);
            try (MessageOutputStream out = raw.conn.nextWriter(MessageType.BINARY)) {
                out.write(big);
            }
            expected = concat(frame(0x02, big), frame(0x80, new byte[0]));
            assertThat(HEX.formatHex(raw.receive(expected.length))).isEqualTo(HEX.formatHex(expected));
        }
    }

    @Test
    void clientFramesAreMaskedWithFreshKeys() throws Exception {
        // A 100-byte write buffer: the 1000-byte message is masked through it in chunks (writeLargeFrame).
        try (ConnPair.Raw raw = ConnPair.builder().writeBufferSize(100).openRaw(false)) {
            byte[] small = "Hello".getBytes(StandardCharsets.US_ASCII);
            byte[] big = TestFrames.bytes(1000, 4);
            raw.conn.writeMessage(MessageType.TEXT, small);
            raw.conn.writeMessage(MessageType.BINARY, big);
            raw.conn.writeMessage(MessageType.BINARY, big);
            try (MessageOutputStream out = raw.conn.nextWriter(MessageType.BINARY)) {
                out.write(big, 0, 7);
                out.write(big, 7, 993); // buffered 7 bytes, so this fills the buffer and flushes frames
            }

            byte[] h1 = raw.receive(6);
            assertThat(HEX.formatHex(h1, 0, 2)).isEqualTo("8185");
            assertThat(TestFrames.unmask(Arrays.copyOfRange(h1, 2, 6), raw.receive(5)))
                    .isEqualTo(small);

            byte[] keyA = null;
            for (int i = 0; i < 2; i++) {
                byte[] h = raw.receive(8);
                assertThat(HEX.formatHex(h, 0, 4)).isEqualTo("82fe03e8");
                byte[] key = Arrays.copyOfRange(h, 4, 8);
                assertThat(TestFrames.unmask(key, raw.receive(1000))).isEqualTo(big);
                if (keyA == null) {
                    keyA = key;
                } else {
                    assertThat(key).as("each frame has its own mask key").isNotEqualTo(keyA);
                }
            }

            // The streamed message: a 100-byte frame (7 buffered + 93), then the other 900 bytes in one frame
            // (a write larger than the buffer with nothing buffered), then the empty final frame; all masked.
            byte[] streamed = new byte[1000];
            int got = 0;
            boolean first = true;
            List<Integer> lengths = new ArrayList<>();
            while (true) {
                byte[] h = raw.receive(2);
                int b0 = h[0] & 0xff;
                assertThat(b0 & 0x0f).isEqualTo(first ? 2 : 0);
                assertThat(h[1] & 0x80).as("masked").isEqualTo(0x80);
                int len = h[1] & 0x7f;
                if (len == 126) {
                    byte[] ext = raw.receive(2);
                    len = ((ext[0] & 0xff) << 8) | (ext[1] & 0xff);
                }
                lengths.add(len);
                byte[] key = raw.receive(4);
                byte[] payload = TestFrames.unmask(key, raw.receive(len));
                System.arraycopy(payload, 0, streamed, got, len);
                got += len;
                first = false;
                if ((b0 & 0x80) != 0) {
                    break;
                }
            }
            assertThat(got).isEqualTo(1000);
            assertThat(lengths).containsExactly(100, 900, 0);
            assertThat(streamed).isEqualTo(big);
        }
    }

    @Test
    void preparedMessageServerFrameIsByteExact() {
        assertThat(HEX.formatHex(PreparedMessage.ofText("Hello").serverFrame())).isEqualTo("810548656c6c6f");
        assertThat(HEX.formatHex(
                        PreparedMessage.of(MessageType.PING, new byte[0]).serverFrame()))
                .isEqualTo("8900");
        byte[] p = TestFrames.bytes(70_000, 5);
        byte[] f = PreparedMessage.of(MessageType.BINARY, p).serverFrame();
        assertThat(f).isEqualTo(concat(HEX.parseHex("827f0000000000011170"), p));
        PreparedMessage m = PreparedMessage.of(MessageType.BINARY, p);
        assertThat(m.serverFrame()).as("built once and shared").isSameAs(m.serverFrame());
        byte[] source = {1, 2, 3};
        PreparedMessage copy = PreparedMessage.of(MessageType.BINARY, source);
        source[0] = 9;
        assertThat(copy.serverFrame()).containsExactly(0x82, 3, 1, 2, 3);
        assertThat(copy.size()).isEqualTo(3);
        assertThatThrownBy(() -> PreparedMessage.of(MessageType.PING, new byte[126]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PreparedMessage.of(3, new byte[1])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void preparedMessageOnAClientIsMaskedLikeAnyMessage() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            PreparedMessage m = PreparedMessage.ofText("shared");
            pair.client.writePreparedMessage(m);
            pair.server.writePreparedMessage(m);
            assertThat(pair.server.readMessage().text()).isEqualTo("shared");
            assertThat(pair.client.readMessage().text()).isEqualTo("shared");
        }
    }

    // ---- lying lengths ----

    /**
     * A header that announces far more than a Java array can hold, with no read limit set: readMessage must
     * not try to allocate it, and fails at once with close 1009 (the message can never be returned whole).
     */
    @Test
    void readMessageRefusesAMessageThatCanNeverFitAnArray() throws Exception {
        try (ConnPair.Raw raw = ConnPair.builder().openRaw(true)) {
            raw.send(frameWithLength(0x82, 1L << 40, TestFrames.bytes(100, 6), KEY));
            assertTooBigWithoutAllocatingIt(raw);
        }
    }

    /** Same across fragments: each fragment fits, their sum does not. */
    @Test
    void readMessageRefusesFragmentsThatAddUpToMoreThanAnArray() throws Exception {
        try (ConnPair.Raw raw = ConnPair.builder().openRaw(true)) {
            raw.send(frame(0x02, TestFrames.bytes(1000, 7), KEY));
            raw.send(frameWithLength(0x00, Integer.MAX_VALUE - 100, TestFrames.bytes(5000, 8), KEY));
            assertTooBigWithoutAllocatingIt(raw);
        }
    }

    /** readMessage fails with close 1009, sent to the peer, having allocated less than 4 MiB. */
    private static void assertTooBigWithoutAllocatingIt(ConnPair.Raw raw) throws Exception {
        long before = TestData.allocatedBytes();
        assertThatThrownBy(raw.conn::readMessage)
                .isInstanceOfSatisfying(
                        ProtocolViolationException.class,
                        e -> assertThat(e.closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG));
        assertThat(TestData.allocatedBytes() - before).isLessThan(4L << 20);
        assertCloseFrame(raw, CloseCodes.MESSAGE_TOO_BIG);
    }

    /**
     * A header that announces 1 GiB (which would fit an array) but delivers 100 bytes and ends: readMessage
     * grows its buffer as data arrives instead of trusting the header.
     */
    @Test
    void readMessageDoesNotTrustTheAnnouncedLength() throws Exception {
        for (long announced : new long[] {1L << 30, 20L << 20, 2L << 20}) {
            try (ConnPair.Raw raw = ConnPair.builder().openRaw(true)) {
                raw.send(frameWithLength(0x82, announced, TestFrames.bytes(100, 9), KEY));
                raw.peer.shutdownOutput();
                long before = TestData.allocatedBytes();
                TestData.assertClosedWith(raw.conn::readMessage, CloseCodes.ABNORMAL_CLOSURE);
                assertThat(TestData.allocatedBytes() - before)
                        .as("allocated for a %d-byte header", announced)
                        .isLessThan(3L << 20);
            }
        }
    }

    /** nextReader has no array to fill, so a message of any announced size streams. */
    @Test
    void nextReaderStreamsAMessageAnnouncedAsHuge() throws Exception {
        try (ConnPair.Raw raw = ConnPair.builder().openRaw(true)) {
            byte[] part = TestFrames.bytes(100, 10);
            raw.send(frameWithLength(0x82, 1L << 40, part, KEY));
            MessageInputStream in = raw.conn.nextReader();
            assertThat(in.readNBytes(100)).isEqualTo(part);
            raw.peer.shutdownOutput();
            TestData.assertClosedWith(in::read, CloseCodes.ABNORMAL_CLOSURE);
        }
    }

    @Test
    void aReadLimitRejectsALyingHeaderBeforeAnyPayload() throws Exception {
        try (ConnPair.Raw raw = ConnPair.builder().openRaw(true)) {
            raw.conn.setReadLimit(1 << 20);
            raw.send(frameWithLength(0x82, 1L << 40, new byte[0], KEY));
            assertThatThrownBy(raw.conn::readMessage)
                    .isInstanceOfSatisfying(
                            ReadLimitException.class, e -> assertThat(e.limit()).isEqualTo(1 << 20));
            assertCloseFrame(raw, CloseCodes.MESSAGE_TOO_BIG);
        }
    }

    /** Reads the close frame the Conn sent and checks its code; the Conn then closed the connection. */
    private static void assertCloseFrame(ConnPair.Raw raw, int code) throws IOException {
        InputStream in = raw.peer.getInputStream();
        byte[] h = in.readNBytes(2);
        assertThat(h[0] & 0xff).isEqualTo(0x88);
        byte[] payload = in.readNBytes(h[1] & 0x7f);
        assertThat(((payload[0] & 0xff) << 8) | (payload[1] & 0xff)).isEqualTo(code);
        assertThat(in.read()).as("connection closed after the close frame").isEqualTo(-1);
    }

    @Test
    void clientCloseFrameIsMasked() throws Exception {
        try (ConnPair.Raw raw = ConnPair.builder().openRaw(false)) {
            raw.conn.writeControl(
                    MessageType.CLOSE,
                    WebSockets.formatCloseMessage(4000, "x"),
                    Instant.now().plusSeconds(5));
            byte[] h = raw.receive(2);
            assertThat(HEX.formatHex(h)).isEqualTo("8883");
            byte[] key = raw.receive(4);
            assertThat(HEX.formatHex(TestFrames.unmask(key, raw.receive(3)))).isEqualTo("0fa078");
        }
    }
}
