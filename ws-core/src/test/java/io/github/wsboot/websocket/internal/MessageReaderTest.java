package io.github.wsboot.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.wsboot.websocket.CloseException;
import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.ProtocolViolationException;
import io.github.wsboot.websocket.ReadLimitException;
import io.github.wsboot.websocket.testing.MemoryTransport;

/** The message layer over real frame bytes: header checks, control dispatch, close parsing, inflating. */
@Timeout(30)
class MessageReaderTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final int[] CHUNKS = {1, 2, 7, Integer.MAX_VALUE};
    private static final FrameReader.ReadGuard NO_GUARD = new FrameReader.ReadGuard() {
        @Override
        public void beforeRead() {}

        @Override
        public void afterRead() {}
    };

    /** Records what the reader hands over. */
    private static final class Recorder implements MessageReader.ControlFrames {
        final List<String> events = new ArrayList<>();

        @Override
        public void onPing(byte[] payload) {
            events.add("ping " + new String(payload, StandardCharsets.UTF_8));
        }

        @Override
        public void onPong(byte[] payload) {
            events.add("pong " + new String(payload, StandardCharsets.UTF_8));
        }

        @Override
        public void onClose(int code, String reason) {
            events.add("close " + code + " " + reason);
        }

        @Override
        public void onFinalFrame(int type, long length) {
            events.add("final " + type + " " + length);
        }
    }

    private Recorder recorder;
    private MemoryTransport transport;

    private MessageReader reader(String hex, int chunk, boolean server) {
        return reader(HEX.parseHex(hex), chunk, server, null, false);
    }

    private MessageReader reader(
            byte[] wire, int chunk, boolean server, MessageInflater inflater, boolean keepContext) {
        recorder = new Recorder();
        transport = MemoryTransport.reading(wire).chunked(chunk);
        return new MessageReader(new FrameReader(transport, 64, NO_GUARD), server, inflater, keepContext, recorder);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    // ---- messages ----

    @Test
    void readsTheRfcExamplesAtEveryChunking() throws IOException {
        for (int chunk : CHUNKS) {
            MessageReader r = reader("810548656c6c6f", chunk, false);
            assertThat(r.nextMessage()).isEqualTo(MessageType.TEXT);
            assertThat(text(r.readMessage())).isEqualTo("Hello");
            // Fragmented, with a ping between the fragments (RFC 6455 section 5.6).
            r = reader("010348656c" + "890548656c6c6f" + "80026c6f", chunk, false);
            assertThat(r.nextMessage()).isEqualTo(MessageType.TEXT);
            assertThat(text(r.readMessage())).isEqualTo("Hello");
            assertThat(recorder.events).containsExactly("ping Hello", "final 1 5");
            // Masked, read by a server.
            r = reader("818537fa213d7f9f4d5158", chunk, true);
            assertThat(r.nextMessage()).isEqualTo(MessageType.TEXT);
            assertThat(text(r.readMessage())).isEqualTo("Hello");
            assertThat(transport.unread()).isZero();
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @MethodSource("io.github.wsboot.websocket.internal.TestFrames#lengthEncodings")
    void readsEveryLengthEncodingOneByteAtATime(int length, String header) throws IOException {
        byte[] payload = TestFrames.bytes(length, length);
        MessageReader r = reader(TestFrames.concat(HEX.parseHex(header), payload), 1, false, null, false);
        assertThat(r.nextMessage()).isEqualTo(MessageType.BINARY);
        assertThat(r.readMessage()).isEqualTo(payload);
        assertThat(recorder.events).containsExactly("final 2 " + length);
        assertThat(transport.unread()).isZero();
    }

    @Test
    void streamsAMessageAndEndsWithMinusOne() throws IOException {
        MessageReader r = reader("0203010203" + "8a026f6b" + "80020405", 1, false);
        assertThat(r.nextMessage()).isEqualTo(MessageType.BINARY);
        byte[] got = new byte[10];
        int off = 0;
        int n;
        while ((n = r.read(got, off, 2)) > 0) {
            off += n;
        }
        assertThat(n).isEqualTo(-1);
        assertThat(off).isEqualTo(5);
        assertThat(java.util.Arrays.copyOf(got, 5)).isEqualTo(HEX.parseHex("0102030405"));
        assertThat(recorder.events).containsExactly("pong ok", "final 2 5");
    }

    @Test
    void skipsTheRestOfAnUnreadMessage() throws IOException {
        MessageReader r = reader("0203010203" + "80020405" + "8102" + HEX.formatHex("hi".getBytes()), 1, false);
        assertThat(r.nextMessage()).isEqualTo(MessageType.BINARY);
        assertThat(r.read(new byte[1], 0, 1)).isEqualTo(1);
        assertThat(r.nextMessage()).isEqualTo(MessageType.TEXT);
        assertThat(text(r.readMessage())).isEqualTo("hi");
        assertThat(transport.unread()).isZero();
    }

    // ---- header violations: one 1002 naming every problem ----

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "c100 | RSV1 set without a negotiated extension",
                "a200 | RSV2 or RSV3 set",
                "0900 | control frame not final",
                "897e007e | control frame payload longer than 125 bytes",
                "8300 | unknown opcode 3",
                "8000 | continuation frame without a message to continue",
                "01008100 | data frame inside a fragmented message",
                "8280aabbccdd | server frame masked",
                "827f8000000000000001 | payload length has its most significant bit set",
                "397e0080 | RSV2 or RSV3 set; control frame payload longer than 125 bytes; control frame not final"
            })
    void reportsEveryHeaderProblemAsAProtocolError(String hex, String reason) {
        MessageReader r = reader(hex, 1, false);
        assertThatThrownBy(() -> {
                    r.nextMessage();
                    r.readMessage();
                })
                .isInstanceOfSatisfying(ProtocolViolationException.class, e -> {
                    assertThat(e.closeCode()).isEqualTo(1002);
                    assertThat(e).hasMessage("websocket: " + reason);
                });
    }

    @Test
    void aServerRefusesUnmaskedFrames() {
        MessageReader r = reader("810548656c6c6f", 1, true);
        assertThatThrownBy(r::nextMessage).hasMessage("websocket: client frame not masked");
    }

    // ---- read limit ----

    @Test
    void enforcesTheReadLimitOnTheHeaderBeforeReadingThePayload() throws IOException {
        MessageReader r = reader("8105" + "6162636465" + "0103616263" + "8003646566", 1, false);
        r.setReadLimit(5);
        assertThat(r.nextMessage()).isEqualTo(MessageType.TEXT);
        assertThat(text(r.readMessage())).isEqualTo("abcde");
        assertThat(r.nextMessage()).isEqualTo(MessageType.TEXT);
        assertThatThrownBy(r::readMessage)
                .isInstanceOfSatisfying(
                        ReadLimitException.class, e -> assertThat(e.closeCode()).isEqualTo(1009));
        assertThat(transport.unread())
                .as("the oversized frame's payload is not read")
                .isEqualTo(3);
    }

    /** gorilla answers ErrReadLimit here; a length with its top bit set breaks RFC 6455 5.2, so ws sends 1002. */
    @Test
    void aContinuationWithTheTopLengthBitSetIsAProtocolErrorNotAReadLimit() throws IOException {
        MessageReader r = reader("0100" + "807f8000000000000000", 1, false);
        r.setReadLimit(1);
        assertThat(r.nextMessage()).isEqualTo(MessageType.TEXT);
        assertThatThrownBy(r::readMessage)
                .isExactlyInstanceOf(ProtocolViolationException.class)
                .hasMessage("websocket: payload length has its most significant bit set");
    }

    // ---- text ----

    @Test
    void refusesInvalidUtf8AtTheFirstBadByte() throws IOException {
        MessageReader r = reader("8103" + "61ff62", 1, false);
        r.nextMessage();
        byte[] one = new byte[1];
        assertThat(r.read(one, 0, 1)).isEqualTo(1);
        assertThatThrownBy(() -> r.read(one, 0, 1)).isInstanceOfSatisfying(ProtocolViolationException.class, e -> {
            assertThat(e.closeCode()).isEqualTo(1007);
            assertThat(e).hasMessage("websocket: invalid UTF-8 in text message");
        });
    }

    @Test
    void refusesATextMessageEndingInsideASequence() throws IOException {
        MessageReader r = reader("0101c3" + "8000", 1, false);
        r.nextMessage();
        assertThatThrownBy(r::readMessage).hasMessage("websocket: text message ends inside a UTF-8 sequence");
    }

    // ---- close frames ----

    @ParameterizedTest(name = "{0}")
    @CsvSource({"8800, 1005, ''", "880203e8, 1000, ''", "880503e8627965, 1000, bye", "88020bb8, 3000, ''"})
    void parsesCloseFramesAndEndsTheReadWithTheirCode(String hex, int code, String reason) {
        MessageReader r = reader(hex, 1, false);
        assertThatThrownBy(r::nextMessage).isInstanceOfSatisfying(CloseException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.text()).isEqualTo(reason);
        });
        assertThat(recorder.events).containsExactly("close " + code + " " + reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "880103 | 1002 | close frame with a 1-byte payload",
                "880203ed | 1002 | invalid close code 1005",
                "880203f7 | 1002 | invalid close code 1015",
                "8802270f | 1002 | invalid close code 9999",
                "880303e8ff | 1007 | invalid UTF-8 in close reason"
            })
    void refusesMalformedCloseFramesWithoutCallingTheHandler(String hex, int code, String reason) {
        MessageReader r = reader(hex, 1, false);
        assertThatThrownBy(r::nextMessage).isInstanceOfSatisfying(ProtocolViolationException.class, e -> {
            assertThat(e.closeCode()).isEqualTo(code);
            assertThat(e).hasMessage("websocket: " + reason);
        });
        assertThat(recorder.events).isEmpty();
    }

    // ---- permessage-deflate (RFC 7692 section 7.2.3) ----

    @Test
    void inflatesTheRfcExamplesAtEveryChunking() throws IOException {
        for (int chunk : CHUNKS) {
            // 7.2.3.1 a message in one frame; 7.2.3.3 the same message in two fragments.
            MessageReader r = reader(
                    HEX.parseHex("c107f248cdc9c90700" + "4103f248cd" + "8004c9c90700"),
                    chunk,
                    false,
                    new MessageInflater(true),
                    false);
            assertThat(r.nextMessage()).isEqualTo(MessageType.TEXT);
            assertThat(text(r.readMessage())).isEqualTo("Hello");
            assertThat(r.nextMessage()).isEqualTo(MessageType.TEXT);
            assertThat(text(r.readMessage())).isEqualTo("Hello");
            // 7.2.3.2 the second message refers back to the first: context takeover.
            r = reader(
                    HEX.parseHex("c107f248cdc9c90700" + "c105f200110000"),
                    chunk,
                    false,
                    new MessageInflater(false),
                    true);
            r.nextMessage();
            assertThat(text(r.readMessage())).isEqualTo("Hello");
            r.nextMessage();
            assertThat(text(r.readMessage())).isEqualTo("Hello");
        }
    }

    @Test
    void aSkippedMessageStillPassesThroughTheInflaterWithContextTakeover() throws IOException {
        MessageReader r = reader(
                HEX.parseHex("c107f248cdc9c90700" + "c105f200110000"), 1, false, new MessageInflater(false), true);
        r.nextMessage(); // not read
        r.nextMessage();
        assertThat(text(r.readMessage())).isEqualTo("Hello");
    }

    @Test
    void limitsTheInflatedSize() throws IOException {
        MessageReader r = reader(HEX.parseHex("c107f248cdc9c90700"), 1, false, new MessageInflater(true), false);
        r.setReadLimit(4);
        r.nextMessage();
        assertThatThrownBy(r::readMessage).isInstanceOf(ReadLimitException.class);
    }

    @Test
    void refusesRsv1OnAContinuationAndBadDeflateData() throws IOException {
        MessageReader r =
                reader(HEX.parseHex("4103f248cd" + "c004c9c90700"), 1, false, new MessageInflater(true), false);
        r.nextMessage();
        assertThatThrownBy(r::readMessage).hasMessage("websocket: RSV1 set on a continuation or control frame");
        r = reader(HEX.parseHex("c103ffffff"), 1, false, new MessageInflater(true), false);
        r.nextMessage();
        assertThatThrownBy(r::readMessage)
                .isInstanceOfSatisfying(
                        ProtocolViolationException.class,
                        e -> assertThat(e.closeCode()).isEqualTo(1007));
    }
}
