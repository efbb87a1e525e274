package io.github.wsboot.websocket.internal;

import static io.github.wsboot.websocket.internal.TestFrames.concat;
import static io.github.wsboot.websocket.internal.TestFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.wsboot.websocket.testing.MemoryTransport;

@Timeout(30)
class FrameReaderTest {

    private static final HexFormat HEX = HexFormat.of();
    /** Chunk sizes for the transport: one byte per read up to everything at once. */
    private static final int[] CHUNKS = {1, 2, 3, 7, 64, Integer.MAX_VALUE};
    /** Read buffer sizes: the minimum (one maximal header) up to a typical one. */
    private static final int[] BUFFERS = {14, 17, 100, 4096};

    /** Counts guard calls; every beforeRead must be matched by an afterRead. */
    private static final class CountingGuard implements FrameReader.ReadGuard {
        int before;
        int after;

        @Override
        public void beforeRead() {
            assertThat(before).isEqualTo(after);
            before++;
        }

        @Override
        public void afterRead() {
            after++;
        }
    }

    private record Parsed(int b0, boolean masked, long length, byte[] payload) {}

    // ---- RFC 6455 section 5.7 examples, from hex ----

    @Test
    void readsTheRfcExamplesAtEveryChunking() throws IOException {
        byte[] hello = "Hello".getBytes(StandardCharsets.US_ASCII);
        for (int chunk : CHUNKS) {
            for (int bufferSize : BUFFERS) {
                // A single-frame unmasked text message.
                assertFrames("810548656c6c6f", chunk, bufferSize, new Parsed(0x81, false, 5, hello));
                // A single-frame masked text message.
                assertFrames("818537fa213d7f9f4d5158", chunk, bufferSize, new Parsed(0x81, true, 5, hello));
                // A fragmented unmasked text message.
                assertFrames(
                        "010348656c80026c6f",
                        chunk,
                        bufferSize,
                        new Parsed(0x01, false, 3, "Hel".getBytes(StandardCharsets.US_ASCII)),
                        new Parsed(0x80, false, 2, "lo".getBytes(StandardCharsets.US_ASCII)));
                // Unmasked ping, masked pong.
                assertFrames(
                        "890548656c6c6f" + "8a8537fa213d7f9f4d5158",
                        chunk,
                        bufferSize,
                        new Parsed(0x89, false, 5, hello),
                        new Parsed(0x8a, true, 5, hello));
                // Empty frames.
                assertFrames(
                        "8800" + "8a80aabbccdd",
                        chunk,
                        bufferSize,
                        new Parsed(0x88, false, 0, new byte[0]),
                        new Parsed(0x8a, true, 0, new byte[0]));
            }
        }
    }

    @Test
    void readsTheRfc256ByteAnd64KiBExamples() throws IOException {
        byte[] p256 = TestFrames.bytes(256, 1);
        byte[] p64k = TestFrames.bytes(65536, 2);
        byte[] wire = concat(HEX.parseHex("827e0100"), p256, HEX.parseHex("827f0000000000010000"), p64k);
        for (int chunk : CHUNKS) {
            for (int bufferSize : BUFFERS) {
                assertFrames(
                        wire,
                        chunk,
                        bufferSize,
                        new int[] {1, 4096, Integer.MAX_VALUE}[chunk % 3],
                        new Parsed(0x82, false, 256, p256),
                        new Parsed(0x82, false, 65536, p64k));
            }
        }
    }

    // ---- random frame sequences against the naive encoder ----

    @Test
    void parsesRandomFrameSequencesAtEveryChunkingAndBufferSize() throws IOException {
        long[] lengths = {0, 1, 2, 3, 4, 5, 125, 126, 127, 128, 200, 1000, 65535, 65536, 70001};
        Random random = new Random(42);
        List<Parsed> expected = new ArrayList<>();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (int i = 0; i < 30; i++) {
            int length = (int) lengths[random.nextInt(lengths.length)];
            byte[] payload = TestFrames.bytes(length, i);
            boolean masked = random.nextBoolean();
            byte[] key = masked ? TestFrames.bytes(4, 1000 + i) : null;
            int b0 = random.nextInt(256);
            expected.add(new Parsed(b0, masked, length, payload));
            wire.writeBytes(frame(b0, payload, key));
        }
        Parsed[] frames = expected.toArray(new Parsed[0]);
        int[] readSizes = {1, 3, 13, 4096, Integer.MAX_VALUE};
        for (int chunk : new int[] {1, 5, 1000, Integer.MAX_VALUE}) {
            for (int bufferSize : BUFFERS) {
                for (int readSize : readSizes) {
                    if (chunk == 1 && readSize != 3 && readSize != Integer.MAX_VALUE) {
                        continue; // one byte per read is slow; two read sizes cover it
                    }
                    assertFrames(wire.toByteArray(), chunk, bufferSize, readSize, frames);
                }
            }
        }
    }

    // ---- the buffer-bypass path and unmasking across reads ----

    @ParameterizedTest(name = "chunk {0}")
    @ValueSource(ints = {1, 3, 100, Integer.MAX_VALUE})
    void largePayloadGoesStraightIntoTheCallersArrayAndIsUnmaskedAcrossReads(int chunk) throws IOException {
        byte[] payload = TestFrames.bytes(5000, 7);
        byte[] key = HEX.parseHex("a1b2c3d4");
        byte[] wire = frame(0x82, payload, key); // header: 2 + 2 + 4 = 8 bytes
        MemoryTransport t = chunked(wire, chunk);
        // A 17-byte buffer leaves 9 payload bytes buffered with the header when the transport gives everything:
        // the bypass read then starts at key position 1, not at a multiple of four.
        FrameReader reader = new FrameReader(t, 17, new CountingGuard());
        reader.readHeader();
        assertThat(reader.payloadLength()).isEqualTo(5000);
        byte[] dst = new byte[5000];
        int off = 0;
        while (off < dst.length) {
            int n = reader.readPayload(dst, off, dst.length - off);
            assertThat(n).isPositive();
            off += n;
        }
        assertThat(dst).isEqualTo(payload);
        assertThat(reader.remaining()).isZero();
        assertThat(t.readTargets())
                .as("reads went straight into the caller's array")
                .contains(dst);
        assertExhausted(t, reader);
    }

    @Test
    void smallReadsOfALargePayloadGoThroughTheBuffer() throws IOException {
        byte[] payload = TestFrames.bytes(300, 8);
        MemoryTransport t = chunked(frame(0x82, payload), Integer.MAX_VALUE);
        FrameReader reader = new FrameReader(t, 64, new CountingGuard());
        reader.readHeader();
        byte[] dst = new byte[300];
        int off = 0;
        while (off < dst.length) {
            off += reader.readPayload(dst, off, Math.min(10, dst.length - off));
        }
        assertThat(dst).isEqualTo(payload);
        assertThat(t.readTargets()).doesNotContain(dst);
        assertExhausted(t, reader);
    }

    // ---- end of stream ----

    @Test
    void cleanEndOfStreamBeforeAHeaderIsAPlainEof() {
        FrameReader reader = new FrameReader(chunked(new byte[0], 1), 14, new CountingGuard());
        assertThatThrownBy(reader::readHeader).isExactlyInstanceOf(EOFException.class);
    }

    @Test
    void endOfStreamInsideAHeaderIsUnexpected() {
        for (String partial : new String[] {"82", "827e00", "827f00000000", "8285aabb"}) {
            for (int chunk : CHUNKS) {
                FrameReader reader = new FrameReader(chunked(HEX.parseHex(partial), chunk), 14, new CountingGuard());
                assertThatThrownBy(reader::readHeader)
                        .as(partial)
                        .isInstanceOf(FrameReader.UnexpectedEofException.class);
            }
        }
    }

    @Test
    void endOfStreamInsideAPayloadIsUnexpected() throws IOException {
        for (int chunk : CHUNKS) {
            for (int readSize : new int[] {1, 10, 5000}) {
                FrameReader reader =
                        new FrameReader(chunked(HEX.parseHex("820a0102030405"), chunk), 14, new CountingGuard());
                reader.readHeader();
                byte[] dst = new byte[10];
                assertThatThrownBy(() -> {
                            int off = 0;
                            while (true) {
                                off += reader.readPayload(dst, off, Math.min(readSize, 10 - off));
                            }
                        })
                        .isInstanceOf(FrameReader.UnexpectedEofException.class);
            }
        }
        FrameReader skipper = new FrameReader(chunked(HEX.parseHex("820a0102"), 1), 14, new CountingGuard());
        skipper.readHeader();
        assertThatThrownBy(skipper::skipPayload).isInstanceOf(FrameReader.UnexpectedEofException.class);
    }

    // ---- odd lengths and odd streams ----

    @Test
    void reportsA64BitLengthWithTheTopBitSetAsNegative() throws IOException {
        FrameReader reader = new FrameReader(chunked(HEX.parseHex("827f8000000000000001"), 1), 14, new CountingGuard());
        reader.readHeader();
        assertThat(reader.payloadLength()).isNegative();
    }

    /** Found by FrameReaderFuzzTarget: the low 32 bits of such a length used to become a large read count. */
    @Test
    void readsNoPayloadForA64BitLengthWithTheTopBitSet() throws IOException {
        MemoryTransport transport = chunked(HEX.parseHex("827fffffffff03ffffff" + "00".repeat(64)), 64);
        FrameReader reader = new FrameReader(transport, 14, new CountingGuard());
        reader.readHeader();
        assertThat(reader.payloadLength()).isNegative();
        assertThat(reader.readPayload(new byte[1], 0, 1)).isZero();
        assertThat(reader.readPayload(new byte[100], 0, 100)).isZero();
    }

    @Test
    void reportsHugeLengthsWithoutReadingThem() throws IOException {
        FrameReader reader = new FrameReader(chunked(HEX.parseHex("827f7fffffffffffffff"), 1), 14, new CountingGuard());
        reader.readHeader();
        assertThat(reader.payloadLength()).isEqualTo(Long.MAX_VALUE);
        assertThat(reader.remaining()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void toleratesReadsThatReturnNothing() throws IOException {
        byte[] payload = TestFrames.bytes(1000, 3);
        byte[] wire = concat(frame(0x81, payload, HEX.parseHex("01020304")), HEX.parseHex("8800"));
        for (int chunk : new int[] {1, 5, Integer.MAX_VALUE}) {
            MemoryTransport t = MemoryTransport.reading(wire).chunked(chunk).withZeroReads();
            FrameReader reader = new FrameReader(t, 14, new CountingGuard());
            readAll(reader, 7, new Parsed(0x81, true, 1000, payload), new Parsed(0x88, false, 0, new byte[0]));
            assertExhausted(t, reader);
        }
    }

    @Test
    void primedBytesAreReadBeforeTheTransport() throws IOException {
        byte[] wire = HEX.parseHex("810548656c6c6f" + "8a00" + "820103");
        for (int split = 0; split <= wire.length; split++) {
            MemoryTransport t = chunked(Arrays.copyOfRange(wire, split, wire.length), 1);
            FrameReader reader = new FrameReader(t, 14, new CountingGuard());
            reader.prime(wire, 0, split);
            readAll(
                    reader,
                    Integer.MAX_VALUE,
                    new Parsed(0x81, false, 5, "Hello".getBytes(StandardCharsets.US_ASCII)),
                    new Parsed(0x8a, false, 0, new byte[0]),
                    new Parsed(0x82, false, 1, new byte[] {3}));
            assertExhausted(t, reader);
        }
    }

    @Test
    void refusesMorePrimedBytesThanTheBufferHolds() {
        FrameReader reader = new FrameReader(chunked(new byte[0], 1), 14, new CountingGuard());
        assertThatThrownBy(() -> reader.prime(new byte[15], 0, 15)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void skipsPayloadsAcrossReads() throws IOException {
        byte[] wire = concat(frame(0x82, TestFrames.bytes(10_000, 4)), HEX.parseHex("8903010203"));
        for (int chunk : CHUNKS) {
            MemoryTransport t = chunked(wire, chunk);
            FrameReader reader = new FrameReader(t, 14, new CountingGuard());
            reader.readHeader();
            byte[] some = new byte[3];
            reader.readPayload(some, 0, 3);
            reader.skipPayload();
            assertThat(reader.remaining()).isZero();
            reader.readHeader();
            assertThat(reader.opcode()).isEqualTo(WebSocketProtocol.OPCODE_PING);
            assertThat(reader.readPayloadFully()).containsExactly(1, 2, 3);
            assertExhausted(t, reader);
        }
    }

    @Test
    void decodesHeaderBits() throws IOException {
        FrameReader reader = new FrameReader(chunked(HEX.parseHex("f100" + "0200"), 1), 14, new CountingGuard());
        reader.readHeader();
        assertThat(reader.fin()).isTrue();
        assertThat(reader.rsv1()).isTrue();
        assertThat(reader.rsv23()).isEqualTo(0x30);
        assertThat(reader.opcode()).isEqualTo(1);
        assertThat(reader.masked()).isFalse();
        reader.readHeader();
        assertThat(reader.fin()).isFalse();
        assertThat(reader.rsv1()).isFalse();
        assertThat(reader.rsv23()).isZero();
        assertThat(reader.opcode()).isEqualTo(2);
    }

    // ---- helpers ----

    private static void assertFrames(String hex, int chunk, int bufferSize, Parsed... expected) throws IOException {
        assertFrames(HEX.parseHex(hex), chunk, bufferSize, Integer.MAX_VALUE, expected);
    }

    private static void assertFrames(byte[] wire, int chunk, int bufferSize, Parsed... expected) throws IOException {
        assertFrames(wire, chunk, bufferSize, Integer.MAX_VALUE, expected);
    }

    private static void assertFrames(byte[] wire, int chunk, int bufferSize, int readSize, Parsed... expected)
            throws IOException {
        MemoryTransport t = chunked(wire, chunk);
        CountingGuard guard = new CountingGuard();
        FrameReader reader = new FrameReader(t, bufferSize, guard);
        readAll(reader, readSize, expected);
        assertExhausted(t, reader);
        assertThat(guard.before).isEqualTo(guard.after);
    }

    private static void readAll(FrameReader reader, int readSize, Parsed... expected) throws IOException {
        for (Parsed e : expected) {
            reader.readHeader();
            String what = "frame " + HEX.toHexDigits((byte) e.b0()) + " of " + e.length() + " bytes";
            assertThat(reader.fin()).as(what).isEqualTo((e.b0() & 0x80) != 0);
            assertThat(reader.rsv1()).as(what).isEqualTo((e.b0() & 0x40) != 0);
            assertThat(reader.rsv23()).as(what).isEqualTo(e.b0() & 0x30);
            assertThat(reader.opcode()).as(what).isEqualTo(e.b0() & 0x0f);
            assertThat(reader.masked()).as(what).isEqualTo(e.masked());
            assertThat(reader.payloadLength()).as(what).isEqualTo(e.length());
            byte[] payload = new byte[(int) e.length()];
            int off = 0;
            while (off < payload.length) {
                int n = reader.readPayload(payload, off, Math.min(readSize, payload.length - off));
                if (n <= 0) {
                    throw new AssertionError(what + ": readPayload returned " + n + " with payload left");
                }
                off += n;
            }
            assertThat(reader.readPayload(new byte[1], 0, 1))
                    .as("payload exhausted")
                    .isZero();
            assertThat(payload).as(what).isEqualTo(e.payload());
        }
    }

    /** Everything was consumed, and the next header read meets a clean end of stream. */
    /** A transport serving {@code wire} in reads of at most {@code chunk} bytes, recording where reads went. */
    private static MemoryTransport chunked(byte[] wire, int chunk) {
        return MemoryTransport.reading(wire).chunked(chunk).recordingReadTargets();
    }

    private static void assertExhausted(MemoryTransport t, FrameReader reader) {
        assertThat(t.unread()).isZero();
        assertThat(reader.buffered()).isZero();
        assertThatThrownBy(reader::readHeader).isExactlyInstanceOf(EOFException.class);
    }
}
