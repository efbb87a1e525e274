package io.github.wsboot.websocket.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.wsboot.websocket.ProtocolViolationException;
import io.github.wsboot.websocket.ReadLimitException;
import io.github.wsboot.websocket.testing.RawWsClient;

/**
 * Resource attacks against our server over real sockets (embedded Tomcat): each is refused with the right
 * close code, and the connection's thread allocates a bounded amount while refusing it — the attack's size
 * never turns into memory. The heap in use after a full GC is compared before and after all of them.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ResourceAttackTest {

    private static final long READ_LIMIT = 1 << 20;
    private static final long MIB = 1 << 20;
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private static AttackedServer server;
    private static long heapBefore;

    @BeforeAll
    static void start() throws Exception {
        server = new AttackedServer(READ_LIMIT);
        heapBefore = heapAfterGc();
    }

    @AfterAll
    static void stopAndCheckHeap() throws Exception {
        long heapAfter = heapAfterGc();
        System.out.printf(
                Locale.ROOT,
                "heap in use after GC: %d KiB before the attacks, %d KiB after%n",
                heapBefore / 1024,
                heapAfter / 1024);
        server.close();
        assertThat(heapAfter - heapBefore).as("heap growth over all attacks").isLessThan(16 * MIB);
    }

    @Test
    void aLengthOfTwoToTheSixtyThirdIsAProtocolError() throws Exception {
        CompletableFuture<AttackedServer.Outcome> outcome = server.expectConnection();
        try (RawWsClient c = RawWsClient.connect(server.port(), "")) {
            c.writeHeader(true, 0, 0x2, Long.MIN_VALUE); // 2^63: the top bit, which RFC 6455 forbids
            assertThat(c.readUntilClose().closeCode()).isEqualTo(1002);
        }
        AttackedServer.Outcome o = server.await(outcome);
        assertThat(o.error()).isInstanceOf(ProtocolViolationException.class);
        assertThat(((ProtocolViolationException) o.error()).closeCode()).isEqualTo(1002);
        assertThat(o.allocatedBytes()).isLessThan(MIB);
    }

    @Test
    void aLengthOfTwoToTheSixtyThirdMinusOneIsRefusedAtTheHeader() throws Exception {
        CompletableFuture<AttackedServer.Outcome> outcome = server.expectConnection();
        try (RawWsClient c = RawWsClient.connect(server.port(), "")) {
            c.writeHeader(true, 0, 0x2, Long.MAX_VALUE);
            assertThat(c.readUntilClose().closeCode()).isEqualTo(1009);
        }
        AttackedServer.Outcome o = server.await(outcome);
        assertThat(o.error()).isInstanceOf(ReadLimitException.class);
        assertThat(o.allocatedBytes()).isLessThan(MIB);
    }

    @Test
    void endlessContinuationFramesStopAtTheReadLimit() throws Exception {
        CompletableFuture<AttackedServer.Outcome> outcome = server.expectConnection();
        long sent = 0;
        try (RawWsClient c = RawWsClient.connect(server.port(), "")) {
            byte[] chunk = new byte[4096];
            c.writeFrame(false, 0, 0x2, chunk);
            try {
                for (int i = 0; i < 100_000; i++) { // 400 MiB if nobody stops it
                    c.writeFrame(false, 0, 0x0, chunk);
                    sent += chunk.length;
                }
            } catch (IOException closedByServer) {
                // expected: the server closed after the limit
            }
            assertThat(sent).isLessThan(64 * MIB);
            assertCloseFrame1009UnlessReset(c);
        }
        AttackedServer.Outcome o = server.await(outcome);
        assertThat(o.error()).isInstanceOf(ReadLimitException.class);
        assertThat(o.allocatedBytes())
                .as("allocated while reading %d bytes of continuations", sent)
                .isLessThan(8 * MIB);
    }

    /**
     * The close frame may be lost when the server resets a connection we were still writing to; the test's
     * server side then shows that it was sent.
     */
    private static void assertCloseFrame1009UnlessReset(RawWsClient c) {
        try {
            assertThat(c.readUntilClose().closeCode()).isEqualTo(1009);
        } catch (IOException reset) {
            // the close frame was sent before the reset
        }
    }

    @Test
    void aCompressionBombStopsAtTheReadLimitWithoutInflatingIt() throws Exception {
        byte[] bomb = deflatedZeros(512 * MIB); // 512 MiB of zeros, about half a MiB on the wire
        CompletableFuture<AttackedServer.Outcome> outcome = server.expectConnection();
        try (RawWsClient c = RawWsClient.connect(server.port(), "Sec-WebSocket-Extensions: permessage-deflate\r\n")) {
            try {
                c.writeFrame(true, 0x4, 0x2, bomb); // RSV1: compressed
            } catch (IOException closedByServer) {
                // the server may close before it has read the whole frame
            }
            assertCloseFrame1009UnlessReset(c);
        }
        AttackedServer.Outcome o = server.await(outcome);
        assertThat(o.error()).isInstanceOf(ReadLimitException.class);
        assertThat(o.allocatedBytes())
                .as("allocated while refusing a %d-byte bomb of 512 MiB", bomb.length)
                .isLessThan(8 * MIB);
    }

    /**
     * Pings as fast as the socket takes them, never reading a pong: our server answers each pong synchronously
     * with a short deadline instead of queueing them, so when the attacker's receive window is full the
     * connection is closed — nothing piles up.
     */
    @Test
    void aPingFloodFromAPeerThatNeverReadsEndsTheConnection() throws Exception {
        CompletableFuture<AttackedServer.Outcome> outcome = server.expectConnection();
        AtomicLong pings = new AtomicLong();
        RawWsClient c = RawWsClient.connect(server.port(), "");
        Thread flooder = new Thread(() -> {
            byte[] payload = new byte[125];
            try {
                while (true) {
                    c.writeFrame(true, 0, 0x9, payload);
                    pings.incrementAndGet();
                }
            } catch (IOException closed) {
                // the server gave up on us
            }
        });
        flooder.start();
        long start = System.nanoTime();
        AttackedServer.Outcome o = server.await(outcome);
        long millis = (System.nanoTime() - start) / 1_000_000;
        c.close();
        flooder.join(10_000);
        System.out.printf(
                Locale.ROOT,
                "ping flood: %d pings sent, connection closed after %d ms, %d KiB allocated%n",
                pings.get(),
                millis,
                o.allocatedBytes() / 1024);
        assertThat(o.error()).isInstanceOf(IOException.class);
        assertThat(millis).isLessThan(30_000);
        assertThat(o.allocatedBytes())
                .as("allocated while answering %d pings", pings.get())
                .isLessThan(Math.max(16 * MIB, pings.get() * 1024));
    }

    private static byte[] deflatedZeros(long size) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            byte[] zeros = new byte[1 << 20];
            byte[] buf = new byte[64 * 1024];
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (long done = 0; done < size; done += zeros.length) {
                d.setInput(zeros);
                while (!d.needsInput()) {
                    out.write(buf, 0, d.deflate(buf));
                }
            }
            int n;
            while ((n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
                out.write(buf, 0, n);
            }
            byte[] all = out.toByteArray();
            return java.util.Arrays.copyOf(all, all.length - 4);
        } finally {
            d.end();
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }
}
