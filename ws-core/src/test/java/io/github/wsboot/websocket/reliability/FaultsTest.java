package io.github.wsboot.websocket.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Dialer;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.Upgrader;
import io.github.wsboot.websocket.WebSockets;
import io.github.wsboot.websocket.testing.RawWsClient;
import io.github.wsboot.websocket.testing.TomcatServer;
import io.github.wsboot.websocket.testing.UpgradeServlet;

/**
 * Peers that stop cooperating, over real sockets on embedded Tomcat: a client that stops reading, a client
 * that freezes (no FIN, no pong — as a peer behind a dead NAT entry looks), a peer that never answers our
 * close frame. Each is detected within a bounded time and its connection closed, and the other connections
 * of the same server keep their latency.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FaultsTest {

    /**
     * The server streams 64 KiB messages to each client under a write timeout of one second. A raw client that
     * never reads fills the TCP buffers; the blocked write fails after the timeout and closes that connection,
     * while a well-behaved client on the same server keeps echoing with low latency throughout.
     */
    @SuppressWarnings("try") // the stuck client only has to stay connected
    @Test
    void aClientThatStopsReadingIsClosedByTheWriteTimeoutAndOthersKeepTheirLatency() throws Exception {
        CompletableFuture<Throwable> stuckEnded = new CompletableFuture<>();
        CompletableFuture<Long> stuckWritten = new CompletableFuture<>();
        Upgrader upgrader = Upgrader.builder().build();
        Upgrader.Handler flood = conn -> {
            conn.setWriteTimeout(Duration.ofSeconds(1));
            byte[] chunk = new byte[64 * 1024];
            long written = 0;
            long start = System.nanoTime();
            try {
                while (true) {
                    conn.writeMessage(MessageType.BINARY, chunk);
                    written += chunk.length;
                }
            } catch (IOException e) {
                stuckWritten.complete(written);
                stuckEnded.complete(e);
                System.out.printf(
                        Locale.ROOT,
                        "slow consumer: %d KiB written, closed after %d ms by %s%n",
                        written / 1024,
                        (System.nanoTime() - start) / 1_000_000,
                        e);
            }
        };
        Upgrader.Handler echo = conn -> {
            conn.setWriteTimeout(Duration.ofSeconds(1));
            while (true) {
                Message m = conn.readMessage();
                conn.writeMessage(m.type(), m.data());
            }
        };
        HttpServlet servlet = new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                upgrader.upgrade(req, resp, null, "/flood".equals(req.getRequestURI()) ? flood : echo);
            }
        };
        try (TomcatServer server = TomcatServer.start(servlet)) {
            Conn healthy = Dialer.builder().build().dial(server.uri("/echo"), Map.of());
            long[] before = roundTrips(healthy, 200);
            try (RawWsClient stuck = RawWsClient.connect(server.port(), "/flood", "")) {
                long[] during = roundTrips(healthy, 200);
                Throwable e = stuckEnded.get(20, TimeUnit.SECONDS);
                assertThat(e).isInstanceOf(SocketTimeoutException.class);
                long[] after = roundTrips(healthy, 200);
                System.out.printf(
                        Locale.ROOT,
                        "healthy client round trip p99: %.2f ms before, %.2f ms while the other "
                                + "stalls, %.2f ms after%n",
                        p99(before),
                        p99(during),
                        p99(after));
                assertThat(p99(during))
                        .as("p99 round trip (ms) of the healthy client meanwhile")
                        .isLessThan(250);
                assertThat(stuckWritten.get()).isLessThan(64L << 20);
            }
            healthy.close();
        }
    }

    /**
     * A client that freezes: its socket stays open (no FIN, no RST) but it answers nothing. Keepalive pings
     * every 300 ms with a 300 ms pong timeout find it and close the connection.
     */
    @Test
    void aFrozenPeerIsFoundByKeepaliveAndClosed() throws Exception {
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        CompletableFuture<Long> missed = new CompletableFuture<>();
        Upgrader upgrader = Upgrader.builder().build();
        try (TomcatServer server = TomcatServer.start(new UpgradeServlet(upgrader, conn -> {
                    conn.setKeepalive(Duration.ofMillis(300), Duration.ofMillis(300));
                    try {
                        while (true) {
                            conn.readMessage();
                        }
                    } catch (IOException e) {
                        missed.complete(conn.missedPongs());
                        ended.complete(e);
                    }
                }));
                RawWsClient frozen = RawWsClient.connect(server.port(), "")) {
            long start = System.nanoTime();
            Throwable e = ended.get(10, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf(Locale.ROOT, "frozen peer: closed after %d ms by %s%n", millis, e);
            assertThat(millis).isLessThan(3000);
            assertThat(missed.get()).isPositive();
            // The frozen client sees pings and then the end of the connection, never data.
            assertThat(frozen.readFrame().opcode()).isEqualTo(0x9);
        }
    }

    /** The close handshake has a timeout: a peer that never answers our close frame does not hold us. */
    @Test
    void theCloseHandshakeTimesOutWhenThePeerNeverAnswers() throws Exception {
        CompletableFuture<Long> waited = new CompletableFuture<>();
        Upgrader upgrader = Upgrader.builder().build();
        try (TomcatServer server = TomcatServer.start(new UpgradeServlet(upgrader, conn -> {
                    conn.writeControl(
                            MessageType.CLOSE,
                            WebSockets.formatCloseMessage(1000, "bye"),
                            Instant.now().plusSeconds(1));
                    long start = System.nanoTime();
                    conn.setReadDeadline(Instant.now().plusMillis(500));
                    try {
                        while (true) {
                            conn.nextReader();
                        }
                    } catch (IOException e) {
                        waited.complete((System.nanoTime() - start) / 1_000_000);
                    }
                }));
                RawWsClient silent = RawWsClient.connect(server.port(), "")) {
            assertThat(silent.readFrame().closeCode()).isEqualTo(1000);
            assertThat(waited.get(10, TimeUnit.SECONDS)).isBetween(400L, 3000L);
            assertThat(silent.socket().getInputStream().read())
                    .as("the server closed the TCP connection")
                    .isEqualTo(-1);
        }
    }

    private static long[] roundTrips(Conn conn, int n) throws IOException {
        long[] nanos = new long[n];
        byte[] payload = new byte[256];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            conn.writeMessage(MessageType.BINARY, payload);
            conn.readMessage();
            nanos[i] = System.nanoTime() - t;
        }
        return nanos;
    }

    private static double p99(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(int) (sorted.length * 0.99) - 1] / 1e6;
    }
}
