package io.github.wsboot.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Messages of every size and shape over a real loopback connection, in both directions. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnMessageTest {

    /** Around every boundary: 7-bit, 16-bit and 64-bit lengths, and the 4096-byte read and write buffers. */
    private static final int[] SIZES = {
        0, 1, 2, 3, 4, 125, 126, 127, 128, 4081, 4082, 4095, 4096, 4097, 4110, 8192, 65535, 65536, 65537, 200_003
    };

    private enum WriteStyle {
        WRITE_MESSAGE,
        WRITER_WHOLE,
        WRITER_PIECES
    }

    private static void write(Conn conn, int type, byte[] data, WriteStyle style) throws IOException {
        switch (style) {
            case WRITE_MESSAGE -> conn.writeMessage(type, data);
            case WRITER_WHOLE -> {
                try (MessageOutputStream out = conn.nextWriter(type)) {
                    out.write(data);
                }
            }
            case WRITER_PIECES -> {
                try (MessageOutputStream out = conn.nextWriter(type)) {
                    // Odd piece sizes, and single bytes, so that frames split UTF-8 characters.
                    int[] pieces = {1, 999, 3, 5000, 17};
                    int off = 0;
                    for (int i = 0; off < data.length; i++) {
                        int n = Math.min(pieces[i % pieces.length], data.length - off);
                        if (n == 1) {
                            out.write(data[off]);
                        } else {
                            out.write(data, off, n);
                        }
                        off += n;
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "server sends: {0}")
    @ValueSource(booleans = {true, false})
    void everySizeBoundaryArrivesIntactBothWays(boolean serverSends) throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            Conn sender = pair.side(serverSends);
            Conn receiver = pair.peer(serverSends);
            for (int size : SIZES) {
                for (int type : new int[] {MessageType.TEXT, MessageType.BINARY}) {
                    byte[] data = type == MessageType.TEXT ? TestData.text(size) : TestData.binary(size, size);
                    for (WriteStyle style : WriteStyle.values()) {
                        for (boolean stream : new boolean[] {false, true}) {
                            String what = MessageType.name(type) + " of " + size + " bytes, " + style
                                    + (stream ? ", nextReader" : ", readMessage");
                            CompletableFuture<Void> w = TestData.async("writer", () -> {
                                write(sender, type, data, style);
                                return null;
                            });
                            Message m;
                            if (stream) {
                                MessageInputStream in = receiver.nextReader();
                                assertThat(in.type()).as(what).isEqualTo(type);
                                m = new Message(in.type(), readInOddChunks(in));
                            } else {
                                m = receiver.readMessage();
                            }
                            w.get(10, TimeUnit.SECONDS);
                            assertThat(m.type()).as(what).isEqualTo(type);
                            if (!java.util.Arrays.equals(m.data(), data)) {
                                throw new AssertionError(what + ": content differs");
                            }
                        }
                    }
                }
            }
        }
    }

    private static byte[] readInOddChunks(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] chunks = {1, 13, 4099, 65537, 3};
        byte[] buf = new byte[65537];
        for (int i = 0; ; i++) {
            int n = in.read(buf, 0, chunks[i % chunks.length]);
            if (n < 0) {
                break;
            }
            assertThat(n).isPositive();
            out.write(buf, 0, n);
        }
        assertThat(in.read()).as("stays at end of message").isEqualTo(-1);
        return out.toByteArray();
    }

    /**
     * A 20 MiB message streamed through nextWriter while the peer reads it in odd chunk sizes: the content
     * arrives intact, and the writer streams in constant memory instead of buffering the message.
     */
    @ParameterizedTest(name = "server sends: {0}, write size {1}")
    @CsvSource({"true, 7", "true, 1048576", "false, 7", "false, 1048576"})
    void streamsA20MiBMessageInBoundedMemory(boolean serverSends, int writeSize) throws Exception {
        long total = 20L << 20;
        long seed = writeSize;
        try (ConnPair pair = ConnPair.open()) {
            Conn sender = pair.side(serverSends);
            Conn receiver = pair.peer(serverSends);
            AtomicLong writerAllocated = new AtomicLong();
            CompletableFuture<Long> writer = TestData.async("writer", () -> {
                byte[] chunk = new byte[writeSize];
                CRC32 crc = new CRC32();
                long before = TestData.allocatedBytes();
                try (MessageOutputStream out = sender.nextWriter(MessageType.BINARY)) {
                    for (long pos = 0; pos < total; pos += writeSize) {
                        int n = (int) Math.min(writeSize, total - pos);
                        TestData.fill(seed, pos, chunk, n);
                        crc.update(chunk, 0, n);
                        out.write(chunk, 0, n);
                    }
                }
                writerAllocated.set(TestData.allocatedBytes() - before);
                return crc.getValue();
            });
            MessageInputStream in = receiver.nextReader();
            CRC32 crc = new CRC32();
            long received = 0;
            int[] chunks = {1, 13, 4099, 65537, 3, 1 << 20};
            byte[] buf = new byte[1 << 20];
            for (int i = 0; ; i++) {
                int n = in.read(buf, 0, chunks[i % chunks.length]);
                if (n < 0) {
                    break;
                }
                crc.update(buf, 0, n);
                received += n;
            }
            assertThat(received).isEqualTo(total);
            assertThat(crc.getValue()).isEqualTo(writer.get(30, TimeUnit.SECONDS));
            assertThat(writerAllocated.get())
                    .as("bytes the writer thread allocated while streaming 20 MiB")
                    .isLessThan(2L << 20);
        }
    }

    /** readMessage assembles a 17 MiB message from many fragments (more than its preallocation bound). */
    @ParameterizedTest(name = "server sends: {0}, write size {1}")
    @CsvSource({"true, 1048576", "false, 1048576", "true, 1000", "false, 1000", "true, 0", "false, 0"})
    void readMessageAssemblesA17MiBFragmentedMessage(boolean serverSends, int writeSize) throws Exception {
        int total = 17 << 20;
        byte[] data = TestData.binary(total, 17);
        try (ConnPair pair = ConnPair.open()) {
            Conn sender = pair.side(serverSends);
            CompletableFuture<Void> writer = TestData.async("writer", () -> {
                if (writeSize == 0) {
                    sender.writeMessage(MessageType.BINARY, data); // one 17 MiB frame
                    return null;
                }
                try (MessageOutputStream out = sender.nextWriter(MessageType.BINARY)) {
                    for (int off = 0; off < total; off += writeSize) {
                        out.write(data, off, Math.min(writeSize, total - off));
                    }
                }
                return null;
            });
            Message m = pair.peer(serverSends).readMessage();
            writer.get(30, TimeUnit.SECONDS);
            assertThat(m.data().length).isEqualTo(total);
            assertThat(TestData.crc(m.data())).isEqualTo(TestData.crc(data));
        }
    }

    /**
     * Pings written with writeControl from another thread while a message streams out go between its
     * fragments: the peer's ping handler sees them in the middle of the message, the message arrives intact,
     * and the pongs come back to the sender's pong handler.
     */
    @ParameterizedTest(name = "server sends: {0}")
    @ValueSource(booleans = {true, false})
    void controlFramesGoOutBetweenTheFragmentsOfAStreamedMessage(boolean serverSends) throws Exception {
        int pings = 20;
        int half = 4 << 20;
        try (ConnPair pair = ConnPair.open()) {
            Conn sender = pair.side(serverSends);
            Conn receiver = pair.peer(serverSends);
            AtomicLong receivedSoFar = new AtomicLong();
            List<Long> pingPositions = new CopyOnWriteArrayList<>();
            List<String> pingPayloads = new CopyOnWriteArrayList<>();
            receiver.setPingHandler(data -> {
                pingPositions.add(receivedSoFar.get());
                pingPayloads.add(new String(data, StandardCharsets.UTF_8));
                receiver.writeControl(MessageType.PONG, data, Instant.now().plusSeconds(5));
            });
            List<String> pongs = new CopyOnWriteArrayList<>();
            CountDownLatch allPongs = new CountDownLatch(pings);
            sender.setPongHandler(data -> {
                pongs.add(new String(data, StandardCharsets.UTF_8));
                allPongs.countDown();
            });
            // The sender needs a reader to see pongs; it ends with the close at the end of the test.
            CompletableFuture<Void> senderReader = TestData.async("sender-reader", () -> {
                try {
                    sender.readMessage();
                } catch (CloseException expected) {
                    // end of test
                }
                return null;
            });

            CountDownLatch firstHalfWritten = new CountDownLatch(1);
            CountDownLatch pingsSent = new CountDownLatch(1);
            CompletableFuture<Long> writer = TestData.async("writer", () -> {
                CRC32 crc = new CRC32();
                byte[] chunk = new byte[1024]; // divides half exactly
                try (MessageOutputStream out = sender.nextWriter(MessageType.BINARY)) {
                    for (long pos = 0; pos < 2L * half; pos += chunk.length) {
                        if (pos == half) {
                            firstHalfWritten.countDown();
                            assertThat(pingsSent.await(10, TimeUnit.SECONDS)).isTrue();
                        }
                        TestData.fill(3, pos, chunk, chunk.length);
                        crc.update(chunk);
                        out.write(chunk);
                    }
                }
                return crc.getValue();
            });
            CompletableFuture<Void> pinger = TestData.async("pinger", () -> {
                assertThat(firstHalfWritten.await(10, TimeUnit.SECONDS)).isTrue();
                for (int i = 0; i < pings; i++) {
                    sender.writeControl(
                            MessageType.PING,
                            ("ping-" + i).getBytes(StandardCharsets.UTF_8),
                            Instant.now().plusSeconds(5));
                }
                pingsSent.countDown();
                return null;
            });

            MessageInputStream in = receiver.nextReader();
            CRC32 crc = new CRC32();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                crc.update(buf, 0, n);
                receivedSoFar.addAndGet(n);
            }
            pinger.get(10, TimeUnit.SECONDS);
            assertThat(crc.getValue()).isEqualTo(writer.get(10, TimeUnit.SECONDS));
            assertThat(receivedSoFar.get()).isEqualTo(2L * half);
            assertThat(pingPayloads).hasSize(pings);
            for (int i = 0; i < pings; i++) {
                assertThat(pingPayloads.get(i)).isEqualTo("ping-" + i);
            }
            assertThat(pingPositions)
                    .as("pings arrived in the middle of the message")
                    .allSatisfy(p -> assertThat(p).isStrictlyBetween(0L, 2L * half));
            assertThat(allPongs.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(pongs).hasSize(pings);

            receiver.writeControl(
                    MessageType.CLOSE,
                    WebSockets.formatCloseMessage(CloseCodes.NORMAL_CLOSURE, ""),
                    Instant.now().plusSeconds(5));
            senderReader.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void nextReaderDiscardsTheUnreadRestOfTheMessage() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            byte[] big = TestData.binary(100_000, 1);
            CompletableFuture<Void> w = TestData.async("writer", () -> {
                pair.server.writeMessage(MessageType.BINARY, big);
                try (MessageOutputStream out = pair.server.nextWriter(MessageType.TEXT)) {
                    out.write("frag-".getBytes(StandardCharsets.UTF_8));
                    out.write(new byte[10_000]); // continuation frames of a message the reader abandons
                }
                pair.server.writeText("third");
                return null;
            });
            MessageInputStream first = pair.client.nextReader();
            assertThat(first.readNBytes(10)).containsExactly(java.util.Arrays.copyOf(big, 10));
            MessageInputStream second = pair.client.nextReader();
            assertThat(first.read())
                    .as("an abandoned stream reports end of message")
                    .isEqualTo(-1);
            assertThat(second.readNBytes(5)).isEqualTo("frag-".getBytes(StandardCharsets.UTF_8));
            assertThat(pair.client.readMessage().text()).isEqualTo("third");
            w.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aZeroLengthReadReturnsZeroEvenAtTheEndOfTheMessage() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            pair.server.writeText("ab");
            MessageInputStream in = pair.client.nextReader();
            assertThat(in.read(new byte[4], 0, 0)).isZero();
            assertThat(in.readAllBytes()).containsExactly('a', 'b');
            assertThat(in.read(new byte[4], 0, 0)).isZero();
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void writeMessageHonoursOffsetAndLength() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            byte[] data = "xxhelloyy".getBytes(StandardCharsets.US_ASCII);
            pair.client.writeMessage(MessageType.TEXT, data, 2, 5);
            assertThat(pair.server.readMessage().text()).isEqualTo("hello");
            byte[] big = TestData.binary(10_000, 2);
            pair.client.writeMessage(MessageType.BINARY, big, 7, 9000);
            assertThat(pair.server.readMessage().data()).isEqualTo(java.util.Arrays.copyOfRange(big, 7, 9007));
        }
    }

    @Test
    void joinMessagesConcatenatesMessagesWithTheTerminator() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            List<String> words = new ArrayList<>(List.of("one", "", "three", "x".repeat(10_000)));
            for (String w : words) {
                pair.server.writeText(w);
            }
            pair.server.writeControl(
                    MessageType.CLOSE,
                    WebSockets.formatCloseMessage(CloseCodes.NORMAL_CLOSURE, ""),
                    Instant.now().plusSeconds(5));
            InputStream joined = WebSockets.joinMessages(pair.client, "\n");
            String all = new String(joined.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(all).isEqualTo(String.join("\n", words) + "\n");
            assertThat(joined.read()).isEqualTo(-1);
        }
    }

    @SuppressWarnings("try") // closes the pair mid-test to end the readers
    @Test
    void pingCompletesWithTheRoundTripTimeWhenThePeerReads() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            CompletableFuture<Void> peerReader = TestData.async("peer-reader", () -> {
                try {
                    pair.client.readMessage();
                } catch (IOException expected) {
                    // ends when the test closes
                }
                return null;
            });
            CompletableFuture<Void> localReader = TestData.async("local-reader", () -> {
                try {
                    pair.server.readMessage();
                } catch (IOException expected) {
                    // ends when the test closes
                }
                return null;
            });
            for (int i = 0; i < 5; i++) {
                Duration rtt = pair.server.ping(Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);
                assertThat(rtt).isPositive().isLessThan(Duration.ofSeconds(5));
            }
            CompletableFuture<Duration> pending = pair.client.ping(Duration.ofSeconds(5));
            assertThat(pending.get(5, TimeUnit.SECONDS)).isPositive();
            pair.close();
            peerReader.get(5, TimeUnit.SECONDS);
            localReader.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void pingFailsWhenTheConnectionClosesFirst() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            // Nobody reads on the client: no pong can come back.
            CompletableFuture<Duration> ping = pair.server.ping(Duration.ofSeconds(5));
            pair.server.close();
            assertThat(ping).failsWithin(Duration.ofSeconds(5));
            assertThat(pair.server.ping(Duration.ofSeconds(1))).failsWithin(Duration.ofSeconds(5));
        }
    }

    /** Text messages carry JSON both ways with the default Jackson 3 codec. */
    record Point(int x, int y, String label) {}

    @Test
    void writeJsonAndReadJsonRoundTripARecord() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            Point p = new Point(3, -4, "héllo");
            pair.client.writeJson(p);
            Message raw = pair.server.readMessage();
            assertThat(raw.isText()).isTrue();
            assertThat(raw.text()).contains("\"label\":\"héllo\"");
            pair.server.writeMessage(raw.type(), raw.data());
            assertThat(pair.client.readJson(Point.class)).isEqualTo(p);
            pair.server.writeJson(List.of(p, p));
            java.lang.reflect.Type listOfPoints = new tools.jackson.core.type.TypeReference<List<Point>>() {}.getType();
            List<Point> list = pair.client.readJson(listOfPoints);
            assertThat(list).containsExactly(p, p);
        }
    }
}
