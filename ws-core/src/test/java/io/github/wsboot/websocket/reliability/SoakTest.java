package io.github.wsboot.websocket.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Dialer;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.Upgrader;
import io.github.wsboot.websocket.testing.TomcatServer;
import io.github.wsboot.websocket.testing.UpgradeServlet;

/**
 * Soak: {@code ws.soak.seconds} (60 in CI; e.g. 600 by hand) of mixed traffic through our Upgrader on
 * embedded Tomcat to our Dialer: 16 connections, a third compressed (some with context takeover), each with a
 * writer thread sending text and binary messages of sizes from 0 bytes to 300 KiB and a reader thread taking
 * the echoes. Every message carries its sequence number and is checked byte for byte, in order, and the CRC-32s of all
 * of them are summed on both sides: no error, nothing lost, duplicated or reordered.
 */
class SoakTest {

    private static final int SECONDS = Integer.getInteger("ws.soak.seconds", 60);
    private static final int CONNECTIONS = 16;
    private static final byte[] END = "end".getBytes(StandardCharsets.US_ASCII);
    private static final int[] SIZES = {0, 1, 7, 125, 126, 1000, 4096, 65535, 65536, 300_000};

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void mixedTrafficLosesNothing() throws Exception {
        Upgrader upgrader = Upgrader.builder()
                .enableCompression(true)
                .compressionContextTakeover(true)
                .build();
        try (TomcatServer server = TomcatServer.start(new UpgradeServlet(upgrader, conn -> {
            conn.setReadLimit(1 << 20);
            while (true) {
                Message m = conn.readMessage();
                conn.writeMessage(m.type(), m.data());
            }
        }))) {
            Dialer[] dialers = {
                Dialer.builder().build(),
                Dialer.builder()
                        .writeBufferPool(io.github.wsboot.websocket.BufferPool.bounded(16))
                        .build(),
                Dialer.builder().enableCompression(true).build(),
                Dialer.builder()
                        .enableCompression(true)
                        .compressionContextTakeover(true)
                        .build()
            };
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
            AtomicLong sent = new AtomicLong();
            AtomicLong received = new AtomicLong();
            AtomicLong bytes = new AtomicLong();
            // Sum of every message's CRC-32: independent of how connections interleave, exact per message.
            AtomicLong sentSum = new AtomicLong();
            AtomicLong receivedSum = new AtomicLong();
            List<CompletableFuture<Void>> done = new ArrayList<>();
            List<Conn> conns = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                Conn conn = dialers[c % dialers.length].dial(server.uri("/soak"), Map.of());
                conn.setReadLimit(1 << 20);
                conns.add(conn);
                int id = c;
                CompletableFuture<Void> writer = CompletableFuture.runAsync(
                        () -> {
                            try {
                                for (long seq = 0; System.nanoTime() < end; seq++) {
                                    Message m = message(id, seq);
                                    conn.writeMessage(m.type(), m.data());
                                    sentSum.addAndGet(crc(m.data()));
                                    sent.incrementAndGet();
                                }
                                conn.writeMessage(
                                        MessageType.TEXT, END); // shorter than any message: cannot be confused
                            } catch (IOException e) {
                                throw new IllegalStateException("connection " + id + ": write failed", e);
                            }
                        },
                        runnable -> new Thread(runnable, "soak-writer-" + id).start());
                CompletableFuture<Void> reader = CompletableFuture.runAsync(
                        () -> {
                            try {
                                for (long seq = 0; ; seq++) {
                                    Message got = conn.readMessage();
                                    if (java.util.Arrays.equals(got.data(), END)) {
                                        break;
                                    }
                                    Message expected = message(id, seq);
                                    if (got.type() != expected.type()
                                            || !java.util.Arrays.equals(got.data(), expected.data())) {
                                        throw new AssertionError(
                                                "connection " + id + ": message " + seq + " differs (lost, "
                                                        + "reordered or corrupted); got seq " + seqOf(got));
                                    }
                                    receivedSum.addAndGet(crc(got.data()));
                                    received.incrementAndGet();
                                    bytes.addAndGet(got.data().length);
                                }
                            } catch (IOException e) {
                                throw new IllegalStateException("connection " + id + ": read failed", e);
                            }
                        },
                        runnable -> new Thread(runnable, "soak-reader-" + id).start());
                done.add(writer);
                done.add(reader);
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(SECONDS + 120L, TimeUnit.SECONDS);
            for (Conn conn : conns) {
                conn.close();
            }
            String report = String.format(
                    Locale.ROOT,
                    "soak: %d s, %d connections, %d messages (%d MiB) echoed, "
                            + "none lost or reordered; sum of CRC-32s sent %x, received %x%n",
                    SECONDS,
                    CONNECTIONS,
                    received.get(),
                    bytes.get() >> 20,
                    sentSum.get(),
                    receivedSum.get());
            System.out.print(report);
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "soak.txt"), report);
            assertThat(received.get()).isEqualTo(sent.get());
            assertThat(receivedSum.get()).isEqualTo(sentSum.get());
            assertThat(received.get()).isGreaterThan(50L * SECONDS);
        }
    }

    private static long crc(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }

    /** Message {@code seq} of connection {@code id}: deterministic type, size and content. */
    static Message message(int id, long seq) {
        SplittableRandom r = new SplittableRandom(id * 1_000_003L + seq);
        int size = SIZES[r.nextInt(SIZES.length)];
        boolean text = r.nextBoolean();
        byte[] data = new byte[Math.max(size, 8)];
        ByteBuffer.wrap(data).putLong(seq);
        if (text) {
            // Sequence number as 8 ASCII hex-ish characters, then letters (valid UTF-8, compressible).
            byte[] head = String.format(Locale.ROOT, "%08x", seq & 0xffffffffL).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(head, 0, data, 0, 8);
            for (int i = 8; i < data.length; i++) {
                data[i] = (byte) ('a' + r.nextInt(26));
            }
            return new Message(MessageType.TEXT, data);
        }
        for (int i = 8; i < data.length; i++) {
            data[i] = (byte) (r.nextInt(4) == 0 ? r.nextInt(256) : i & 0x0f);
        }
        return new Message(MessageType.BINARY, data);
    }

    private static String seqOf(Message m) {
        return m.data().length < 8
                ? "?"
                : m.type() == MessageType.TEXT
                        ? new String(m.data(), 0, 8, StandardCharsets.US_ASCII)
                        : Long.toString(ByteBuffer.wrap(m.data()).getLong());
    }
}
