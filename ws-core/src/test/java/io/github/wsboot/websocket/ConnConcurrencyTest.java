package io.github.wsboot.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Many threads on one connection: what the concurrency contract in Conn's documentation promises. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnConcurrencyTest {

    private static final int STREAMER_ID = 99;

    /**
     * A self-describing message: writer id, sequence number and payload length, the payload (derived from id
     * and sequence), then a CRC32 of everything before it. A message mixed with another one cannot pass.
     */
    static byte[] encode(int writer, int seq, int payloadLength) {
        ByteBuffer b = ByteBuffer.allocate(12 + payloadLength + 8);
        b.putInt(writer).putInt(seq).putInt(payloadLength);
        byte[] payload = new byte[payloadLength];
        TestData.fill(writer * 1_000_003L + seq, 0, payload, payloadLength);
        b.put(payload);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, 12 + payloadLength);
        b.putLong(crc.getValue());
        return b.array();
    }

    /** Checks a message made by {@link #encode} and returns {writer, seq}. */
    static int[] decode(byte[] m) {
        assertThat(m.length).isGreaterThanOrEqualTo(20);
        ByteBuffer b = ByteBuffer.wrap(m);
        int writer = b.getInt();
        int seq = b.getInt();
        int len = b.getInt();
        assertThat(m.length).as("length of message %d/%d", writer, seq).isEqualTo(12 + len + 8);
        CRC32 crc = new CRC32();
        crc.update(m, 0, 12 + len);
        assertThat(ByteBuffer.wrap(m, 12 + len, 8).getLong())
                .as("checksum of message %d/%d", writer, seq)
                .isEqualTo(crc.getValue());
        assertThat(m).isEqualTo(encode(writer, seq, len));
        return new int[] {writer, seq};
    }

    /**
     * Four threads write whole messages with writeMessage while a fifth streams messages through nextWriter
     * in odd pieces and a sixth sends pings and, after a while, a close frame. The peer receives every message
     * whose write completed, intact, unmixed and in each writer's order; the close frame ends the stream.
     */
    @ParameterizedTest(name = "server writes: {0}")
    @ValueSource(booleans = {true, false})
    void concurrentWritersNeverInterleaveFrames(boolean serverWrites) throws Exception {
        int writers = 4;
        long runMillis = 2500;
        try (ConnPair pair = ConnPair.open()) {
            Conn sender = pair.side(serverWrites);
            Conn receiver = pair.peer(serverWrites);
            Map<Integer, AtomicInteger> completed = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            List<CompletableFuture<Void>> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int id = w;
                completed.put(id, new AtomicInteger());
                threads.add(TestData.async("writer-" + id, () -> {
                    Random random = new Random(id);
                    for (int seq = 0; !stop.get(); seq++) {
                        // Mostly small; sometimes larger than the write buffer (the direct frame path).
                        int len = random.nextInt(10) == 0 ? 4096 + random.nextInt(70_000) : random.nextInt(3000);
                        try {
                            sender.writeMessage(MessageType.BINARY, encode(id, seq, len));
                        } catch (CloseSentException e) {
                            return null; // the closer went first
                        }
                        completed.get(id).incrementAndGet();
                    }
                    return null;
                }));
            }
            completed.put(STREAMER_ID, new AtomicInteger());
            threads.add(TestData.async("streamer", () -> {
                Random random = new Random(STREAMER_ID);
                for (int seq = 0; !stop.get(); seq++) {
                    byte[] m = encode(STREAMER_ID, seq, random.nextInt(200_000));
                    try (MessageOutputStream out = sender.nextWriter(MessageType.BINARY)) {
                        for (int off = 0; off < m.length; ) {
                            int n = Math.min(1 + random.nextInt(9000), m.length - off);
                            out.write(m, off, n);
                            off += n;
                        }
                    } catch (CloseSentException e) {
                        return null; // a message cut short by the close frame never completed
                    }
                    completed.get(STREAMER_ID).incrementAndGet();
                }
                return null;
            }));
            AtomicInteger pings = new AtomicInteger();
            CompletableFuture<Void> closer = TestData.async("pinger-closer", () -> {
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(runMillis);
                while (System.nanoTime() < end) {
                    sender.writeControl(
                            MessageType.PING,
                            ("p" + pings.get()).getBytes(StandardCharsets.UTF_8),
                            Instant.now().plusSeconds(5));
                    pings.incrementAndGet();
                    Thread.sleep(1);
                }
                sender.writeControl(
                        MessageType.CLOSE,
                        WebSockets.formatCloseMessage(CloseCodes.NORMAL_CLOSURE, "done"),
                        Instant.now().plusSeconds(5));
                stop.set(true);
                return null;
            });
            // The sender reads too, so that pongs and the close reply are consumed.
            AtomicInteger pongs = new AtomicInteger();
            sender.setPongHandler(data -> pongs.incrementAndGet());
            CompletableFuture<Throwable> senderReader =
                    TestData.async("sender-reader", () -> catchThrowable(sender::readMessage));

            Map<Integer, Integer> nextSeq = new HashMap<>();
            AtomicInteger pingsSeen = new AtomicInteger();
            receiver.setPingHandler(data -> {
                pingsSeen.incrementAndGet();
                receiver.writeControl(MessageType.PONG, data, Instant.now().plusSeconds(5));
            });
            Throwable end;
            while (true) {
                Message m;
                try {
                    m = receiver.readMessage();
                } catch (CloseException e) {
                    end = e;
                    break;
                }
                int[] ws = decode(m.data());
                int expected = nextSeq.getOrDefault(ws[0], 0);
                assertThat(ws[1]).as("sequence of writer %d", ws[0]).isEqualTo(expected);
                nextSeq.put(ws[0], expected + 1);
            }
            closer.get(10, TimeUnit.SECONDS);
            for (CompletableFuture<Void> t : threads) {
                t.get(10, TimeUnit.SECONDS);
            }
            assertThat(((CloseException) end).code()).isEqualTo(CloseCodes.NORMAL_CLOSURE);
            assertThat(senderReader.get(10, TimeUnit.SECONDS)).isInstanceOf(CloseException.class);
            for (Map.Entry<Integer, AtomicInteger> e : completed.entrySet()) {
                // Every completed write arrived; none that failed did.
                assertThat(nextSeq.getOrDefault(e.getKey(), 0))
                        .as("messages from writer %d", e.getKey())
                        .isEqualTo(e.getValue().get());
            }
            assertThat(completed.values().stream().mapToInt(AtomicInteger::get).sum())
                    .isGreaterThan(50);
            assertThat(completed.get(STREAMER_ID).get()).isPositive();
            assertThat(pingsSeen.get()).isEqualTo(pings.get());
            assertThat(pongs.get()).isEqualTo(pings.get());
        }
    }

    /**
     * A second thread that reads while a first one is blocked in a read gets an IllegalStateException at once,
     * every time; the first read is not disturbed.
     */
    @Test
    void aSecondConcurrentReaderIsRefusedDeterministically() throws Exception {
        try (ConnPair pair = ConnPair.builder().observeClient().open()) {
            BlockingQueue<Object> received = new LinkedBlockingQueue<>();
            CompletableFuture<Void> reader = TestData.async("first-reader", () -> {
                while (true) {
                    try {
                        received.add(pair.client.readMessage().text());
                    } catch (CloseException e) {
                        return null;
                    } catch (Throwable e) {
                        received.add(e);
                        return null;
                    }
                }
            });
            for (int i = 0; i < 100; i++) {
                pair.observedClient.awaitBlockedRead(5000);
                long start = System.nanoTime();
                assertThatThrownBy(pair.client::readMessage)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("first-reader");
                assertThatThrownBy(pair.client::nextReader).isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(() -> pair.client.readJson(String.class)).isInstanceOf(IllegalStateException.class);
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                        .isLessThan(1000);
                pair.server.writeText("m" + i);
                assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("m" + i);
            }
            pair.server.writeControl(
                    MessageType.CLOSE,
                    WebSockets.formatCloseMessage(1000, ""),
                    Instant.now().plusSeconds(5));
            reader.get(5, TimeUnit.SECONDS);
            assertThat(received).isEmpty();
        }
    }

    @Test
    void aSecondThreadReadingAStreamWhileTheFirstBlocksIsRefused() throws Exception {
        try (ConnPair pair = ConnPair.builder().observeClient().open()) {
            MessageOutputStream out = pair.server.nextWriter(MessageType.BINARY);
            out.write(new byte[5000]); // more than the write buffer: goes out as a frame at once
            MessageInputStream in = pair.client.nextReader();
            CompletableFuture<byte[]> first = TestData.async("first-reader", () -> in.readNBytes(10_000));
            pair.observedClient.awaitBlockedRead(5000);
            assertThatThrownBy(() -> in.read(new byte[5])).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(pair.client::readMessage).isInstanceOf(IllegalStateException.class);
            out.write(new byte[5000]);
            out.close();
            assertThat(first.get(5, TimeUnit.SECONDS)).hasSize(10_000);
            // Once the first reader is done, another thread may read.
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    /** The documented rule: a writer must be closed by the thread that opened it. */
    @Test
    void aWriterClosedFromAnotherThreadIsRefused() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            MessageOutputStream out = pair.server.nextWriter(MessageType.TEXT);
            out.write("abc".getBytes(StandardCharsets.UTF_8));
            CompletableFuture<Throwable> other = TestData.async("other", () -> catchThrowable(out::close));
            assertThat(other.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("thread that opened it");
            // The writer is still usable by its owner, and the message arrives whole.
            out.write("def".getBytes(StandardCharsets.UTF_8));
            out.close();
            assertThat(pair.client.readMessage().text()).isEqualTo("abcdef");
        }
    }

    /** gorilla's NextWriter: the same thread opening a second writer closes (sends) the first. */
    @Test
    void nextWriterTwiceOnOneThreadClosesTheFirstWriter() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            MessageOutputStream first = pair.server.nextWriter(MessageType.TEXT);
            first.write("one".getBytes(StandardCharsets.UTF_8));
            MessageOutputStream second = pair.server.nextWriter(MessageType.TEXT);
            second.write("two".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> first.write('x')).isInstanceOf(IOException.class);
            first.close(); // idempotent
            second.close();
            // writeMessage on a thread with an open writer closes it too.
            MessageOutputStream third = pair.server.nextWriter(MessageType.BINARY);
            third.write(3);
            pair.server.writeText("four");
            assertThat(pair.client.readMessage().text()).isEqualTo("one");
            assertThat(pair.client.readMessage().text()).isEqualTo("two");
            assertThat(pair.client.readMessage().data()).containsExactly(3);
            assertThat(pair.client.readMessage().text()).isEqualTo("four");
            // And another thread may write now: nothing is left holding the write side.
            CompletableFuture<Void> other = TestData.async("other", () -> {
                pair.server.writeText("five");
                return null;
            });
            other.get(5, TimeUnit.SECONDS);
            assertThat(pair.client.readMessage().text()).isEqualTo("five");
        }
    }

    /** Other writers wait while a writer is open, bounded by their write deadline, and never cut into it. */
    @Test
    void otherWritersWaitForAnOpenWriter() throws Exception {
        try (ConnPair pair = ConnPair.open()) {
            MessageOutputStream out = pair.server.nextWriter(MessageType.TEXT);
            out.write("first-".getBytes(StandardCharsets.UTF_8));
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<Void> waiting = TestData.async("waiting-writer", () -> {
                started.countDown();
                pair.server.writeText("second");
                return null;
            });
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(200);
            assertThat(waiting).isNotDone();
            // A writer with a deadline gives up waiting, without harming the connection.
            CompletableFuture<Throwable> impatient = TestData.async("impatient-writer", () -> {
                pair.server.setWriteDeadline(Instant.now().plusMillis(200));
                Throwable e = catchThrowable(() -> pair.server.writeText("never"));
                pair.server.setWriteDeadline(null);
                return e;
            });
            assertThat(impatient.get(5, TimeUnit.SECONDS)).isInstanceOf(SocketTimeoutException.class);
            out.write("end".getBytes(StandardCharsets.UTF_8));
            out.close();
            waiting.get(5, TimeUnit.SECONDS);
            assertThat(pair.client.readMessage().text()).isEqualTo("first-end");
            assertThat(pair.client.readMessage().text()).isEqualTo("second");
        }
    }

    /** close() from another thread while one thread reads and another writes: both fail promptly. */
    @Test
    void closeReleasesAReaderAndAWriterAtOnce() throws Exception {
        try (ConnPair pair =
                ConnPair.builder().socketBufferSize(64 * 1024).observeServer().open()) {
            byte[] big = new byte[64 << 20];
            CompletableFuture<Throwable> reader = TestData.readFailure("reader", pair.server);
            CompletableFuture<Throwable> writer = TestData.async(
                    "writer", () -> catchThrowable(() -> pair.server.writeMessage(MessageType.BINARY, big)));
            pair.observedServer.awaitBlockedRead(5000);
            pair.observedServer.awaitBlockedWrite(5000);
            Thread.sleep(100);
            long start = System.nanoTime();
            TestData.async("closer", () -> {
                        pair.server.closeNow();
                        return null;
                    })
                    .get(5, TimeUnit.SECONDS);
            assertThat(reader.get(2, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
            assertThat(writer.get(2, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
        }
    }
}
