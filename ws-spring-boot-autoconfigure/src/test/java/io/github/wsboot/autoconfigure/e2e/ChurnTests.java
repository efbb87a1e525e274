package io.github.wsboot.autoconfigure.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.wsboot.autoconfigure.metrics.MeterNames;
import io.github.wsboot.autoconfigure.server.ConnectionTracker;
import io.github.wsboot.websocket.CloseCodes;
import io.github.wsboot.websocket.CloseException;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Dialer;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.WebSockets;
import io.github.wsboot.websocket.testing.CountingBufferPool;

/**
 * Connection churn through a starter application: thousands of connect / echo / close-handshake cycles on
 * both programming models (a third with permessage-deflate), four clients at a time, must leave nothing
 * behind: the same meters (none per connection), active-connection gauges at 0, an empty
 * {@link ConnectionTracker}, every pooled write buffer returned, no connection thread, and threads and file
 * descriptors back at their level after warm-up. Run on both containers by the subclasses;
 * {@code -Dws.starter.churn.cycles=} changes the number of cycles (default 5,000).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
abstract class ChurnTests {

    static final String PROPERTIES = "ws.server.compression.enabled=true";
    private static final int CYCLES = Integer.getInteger("ws.starter.churn.cycles", 5000);
    private static final int WARM_UP = 400;
    private static final int CLIENTS = 4;
    /**
     * Threads and descriptors may differ by this much from the warmed-up level: the JVM and the container
     * start helpers lazily (a Tomcat/Jetty pool thread, a timer, a class file opened once). A leak per
     * connection would exceed it by thousands.
     */
    private static final int TOLERANCE = 4;

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    @Autowired
    ConnectionTracker tracker;

    @Autowired
    CountingBufferPool pool;

    private int otherConnectionThreads;
    private final Dialer plain =
            Dialer.builder().handshakeTimeout(Duration.ofSeconds(30)).build();
    private final Dialer compressed = plain.toBuilder().enableCompression(true).build();

    @Test
    void churnLeavesNothingBehind() throws Exception {
        // Contexts of other test classes live on in Spring's test context cache; their threads are not ours.
        otherConnectionThreads = connectionThreads().size();
        churn(WARM_UP);
        awaitQuiet();
        Set<String> metersBefore = meterIds();
        int threadsBefore = liveThreads();
        long fdsBefore = openFileDescriptors();

        long start = System.nanoTime();
        churn(CYCLES);
        double seconds = (System.nanoTime() - start) / 1e9;
        awaitQuiet();

        assertThat(meterIds()).as("meter ids after %d cycles", CYCLES).isEqualTo(metersBefore);
        assertThat(metersBefore)
                .as("the WebSocket meters are among them")
                .anyMatch(id -> id.contains("name='" + MeterNames.CLOSES + "'"));
        assertThat(registry.find(MeterNames.CONNECTIONS_ACTIVE).gauges())
                .isNotEmpty()
                .allSatisfy(g -> assertThat(g.value()).isZero());
        assertThat(registry.get(MeterNames.CONNECTIONS_OPENED).counters().stream()
                        .mapToDouble(c -> c.count())
                        .sum())
                .isEqualTo(WARM_UP + CYCLES);
        assertThat(tracker.snapshot()).isEmpty();
        assertThat(pool.outstanding()).as("pooled write buffers not returned").isZero();
        assertThat(pool.gets()).as("the pool is in use").isGreaterThanOrEqualTo(WARM_UP + CYCLES);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() ->
                        liveThreads() <= threadsBefore + TOLERANCE && openFileDescriptors() <= fdsBefore + TOLERANCE);
        System.out.printf(
                "%s: %d cycles in %.1f s (%.0f/s); meters %d -> %d; threads %d -> %d; fds %d -> %d;"
                        + " pooled buffers out 0 of %d gets%n",
                getClass().getSimpleName(),
                CYCLES,
                seconds,
                CYCLES / seconds,
                metersBefore.size(),
                meterIds().size(),
                threadsBefore,
                liveThreads(),
                fdsBefore,
                openFileDescriptors(),
                pool.gets());
    }

    /** Waits until every connection has ended on the server and its connection thread is gone. */
    private void awaitQuiet() {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> tracker.active() == 0 && connectionThreads().size() <= otherConnectionThreads);
    }

    private void churn(int cycles) throws Exception {
        AtomicLong next = new AtomicLong();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                done.add(clients.submit(() -> {
                    for (long n = next.getAndIncrement(); n < cycles; n = next.getAndIncrement()) {
                        cycle(n);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(150, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /** One connection: handshake, one echoed message, our close frame, the server's answer, the socket closed. */
    private void cycle(long n) throws IOException {
        String path = n % 2 == 0 ? "/echo" : "/chat";
        Dialer dialer = n % 3 == 0 ? compressed : plain;
        Conn conn = dialer.dial("ws://localhost:" + port + path, Map.of());
        try {
            String text = "cycle " + n;
            conn.writeText(text);
            Message reply = conn.readMessage();
            assertThat(reply.type()).isEqualTo(MessageType.TEXT);
            assertThat(reply.text()).isEqualTo(text);
            conn.writeControl(
                    MessageType.CLOSE,
                    WebSockets.formatCloseMessage(CloseCodes.NORMAL_CLOSURE, ""),
                    Instant.now().plusSeconds(10));
            conn.setReadDeadline(Instant.now().plusSeconds(30));
            try {
                conn.readMessage();
                throw new AssertionError("a message after the close frame");
            } catch (CloseException e) {
                assertThat(e.code()).isEqualTo(CloseCodes.NORMAL_CLOSURE);
            }
        } finally {
            conn.close();
        }
    }

    /**
     * Every meter of the registry but the JVM's GC meters, which Micrometer registers when a kind of GC pause
     * first happens (churn can cause the first young-generation pause).
     */
    private Set<String> meterIds() {
        return registry.getMeters().stream()
                .map(Meter::getId)
                .filter(id -> !id.getName().startsWith("jvm.gc."))
                .map(Meter.Id::toString)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static List<String> connectionThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(name -> name.startsWith("ws-conn-"))
                .toList();
    }

    /** Descriptors open in this process (Linux); 0 where /proc is missing, which makes that check vacuous. */
    private static long openFileDescriptors() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return 0;
        }
        try (Stream<Path> list = Files.list(fds)) {
            return list.count();
        }
    }

    /** Replaces the starter's write buffer pool with one that counts buffers taken and returned. */
    @Configuration(proxyBeanMethods = false)
    static class CountingPool {

        @Bean
        CountingBufferPool countingBufferPool() {
            return new CountingBufferPool();
        }
    }
}
