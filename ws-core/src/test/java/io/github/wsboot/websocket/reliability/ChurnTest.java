package io.github.wsboot.websocket.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.wsboot.websocket.CloseException;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Dialer;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.Upgrader;
import io.github.wsboot.websocket.WebSockets;
import io.github.wsboot.websocket.testing.CountingBufferPool;
import io.github.wsboot.websocket.testing.OwnSockets;
import io.github.wsboot.websocket.testing.TomcatServer;
import io.github.wsboot.websocket.testing.UpgradeServlet;

/**
 * Connection churn over real HTTP upgrades: {@code ws.churn.cycles} connect / echo / close-handshake cycles
 * (CI default 20,000; the full 100,000 with {@code -Dws.churn.cycles=100000}) from four client threads against
 * our Upgrader on embedded Tomcat, a third of them with permessage-deflate (half of those with context
 * takeover, so deflaters and inflaters are held per connection). Afterwards the JVM must hold what it held
 * before: threads, open file descriptors, pooled write buffers (none left out on either side), open server
 * connections, and RSS within a bound that a leak of native zlib state (about 100 KiB per connection) would
 * exceed many times over.
 */
class ChurnTest {

    private static final int CYCLES = Integer.getInteger("ws.churn.cycles", 20_000);
    private static final int CLIENT_THREADS = 4;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void connectCloseCyclesLeakNothing() throws Exception {
        assumeTrue(ProcessResources.available() && OwnSockets.available(), "needs /proc/self and /proc/net (Linux)");
        CountingBufferPool serverPool = new CountingBufferPool();
        CountingBufferPool clientPool = new CountingBufferPool();
        AtomicInteger open = new AtomicInteger();
        Upgrader upgrader = Upgrader.builder()
                .enableCompression(true)
                .compressionContextTakeover(true)
                .writeBufferPool(serverPool)
                .build();
        try (TomcatServer server = TomcatServer.start(new UpgradeServlet(upgrader, conn -> {
            open.incrementAndGet();
            try {
                while (true) {
                    Message m = conn.readMessage();
                    conn.writeMessage(m.type(), m.data());
                }
            } catch (CloseException e) {
                // the client closed: the normal end of a cycle
            } finally {
                open.decrementAndGet();
            }
        }))) {
            Dialer plain = Dialer.builder().writeBufferPool(clientPool).build();
            Dialer deflate = Dialer.builder()
                    .writeBufferPool(clientPool)
                    .enableCompression(true)
                    .build();
            Dialer takeover = Dialer.builder()
                    .writeBufferPool(clientPool)
                    .enableCompression(true)
                    .compressionContextTakeover(true)
                    .build();
            Dialer[] dialers = {plain, plain, plain, plain, deflate, takeover};

            run(server, dialers, 1000); // warm-up: classes, pools, JIT, Tomcat's threads
            ProcessResources before = settle(open);
            int socketsBefore = OwnSockets.connectedOn(server.port());
            long start = System.nanoTime();
            run(server, dialers, CYCLES);
            double seconds = (System.nanoTime() - start) / 1e9;
            ProcessResources after = settle(open);
            int socketsAfter = socketsSettled(server.port(), socketsBefore);

            System.out.printf(
                    Locale.ROOT,
                    "churn: %d cycles in %.1f s (%.0f/s, %d client threads); threads %d -> %d, "
                            + "fds %d -> %d, sockets on the port %d -> %d, RSS %d -> %d KiB; buffers out: server %d, client %d "
                            + "(of %d + %d gets)%n",
                    CYCLES,
                    seconds,
                    CYCLES / seconds,
                    CLIENT_THREADS,
                    before.threads(),
                    after.threads(),
                    before.openFiles(),
                    after.openFiles(),
                    socketsBefore,
                    socketsAfter,
                    before.rssKb(),
                    after.rssKb(),
                    serverPool.outstanding(),
                    clientPool.outstanding(),
                    serverPool.gets(),
                    clientPool.gets());
            assertThat(open.get()).as("server connections still open").isZero();
            assertThat(after.threads()).as("threads").isLessThanOrEqualTo(before.threads() + 2);
            // The connections' own sockets, not all descriptors (unrelated ones open and close meanwhile).
            assertThat(socketsAfter).as("sockets left on the server's port").isLessThanOrEqualTo(socketsBefore);
            assertThat(serverPool.outstanding())
                    .as("server write buffers not returned")
                    .isZero();
            assertThat(clientPool.outstanding())
                    .as("client write buffers not returned")
                    .isZero();
            assertThat(after.rssKb() - before.rssKb()).as("RSS growth (KiB)").isLessThan(96 * 1024);
        }
    }

    private static void run(TomcatServer server, Dialer[] dialers, int cycles) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
        try {
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < CLIENT_THREADS; t++) {
                done.add(clients.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < cycles) {
                        cycle(server, dialers[i % dialers.length], i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private static void cycle(TomcatServer server, Dialer dialer, int i) throws IOException {
        Conn conn = dialer.dial(server.uri("/churn"), Map.of());
        try {
            String text = "cycle " + i + " " + "x".repeat(i % 200);
            conn.writeText(text);
            Message echo = conn.readMessage();
            if (echo.type() != MessageType.TEXT || !text.equals(echo.text())) {
                throw new AssertionError("cycle " + i + ": wrong echo");
            }
            conn.writeControl(MessageType.CLOSE, WebSockets.formatCloseMessage(1000, ""), null);
            try {
                conn.readMessage();
                throw new AssertionError("cycle " + i + ": data after close");
            } catch (CloseException expected) {
                // the server's answer: the handshake is complete
            }
        } finally {
            conn.close();
        }
    }

    /** Sockets on {@code port} once they are down to {@code target}, or after 20 s. */
    private static int socketsSettled(int port, int target) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int now = OwnSockets.connectedOn(port);
        while (now > target && System.nanoTime() < deadline) {
            Thread.sleep(50);
            now = OwnSockets.connectedOn(port);
        }
        return now;
    }

    /** Waits until the server's connection threads have ended, then collects garbage and reads /proc. */
    private static ProcessResources settle(AtomicInteger open) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (open.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        ProcessResources r = ProcessResources.now();
        for (int i = 0; i < 20; i++) { // connection threads finish their last steps after `open` drops
            System.gc();
            Thread.sleep(100);
            ProcessResources now = ProcessResources.now();
            if (now.threads() >= r.threads() && i > 2) {
                return now;
            }
            r = now;
        }
        return r;
    }
}
