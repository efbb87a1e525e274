package io.github.wsboot.websocket.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.wsboot.websocket.CloseCodes;
import io.github.wsboot.websocket.CloseException;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Dialer;
import io.github.wsboot.websocket.EngineMode;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.MessageListener;
import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.Upgrader;
import io.github.wsboot.websocket.WebSockets;
import io.github.wsboot.websocket.testing.TomcatServer;
import io.github.wsboot.websocket.testing.UpgradeServlet;

/**
 * The event engine's message-oriented model over real loopback sockets on embedded Tomcat: messages reach the
 * listener whole, in order and never concurrently; the close handshake ends it once; idle connections hold
 * no thread; a listener that is behind stops the engine reading its socket (the client's writes stall) and
 * loses nothing; a ping is answered while the listener is busy.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventEngineTest {

    private static final Upgrader UPGRADER =
            Upgrader.builder().engine(EngineMode.EVENT).build();

    @Test
    void messagesArriveWholeInOrderOneAtATimeAndTheCloseEndsTheListenerOnce() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        MessageListener echo = new MessageListener() {
            @Override
            public void onOpen(Conn conn) throws IOException {
                conn.writeText("open");
            }

            @Override
            public void onMessage(Conn conn, Message message) throws IOException {
                if (inside.incrementAndGet() != 1) {
                    overlaps.incrementAndGet();
                }
                conn.writeMessage(message.type(), message.data());
                inside.decrementAndGet();
            }

            @Override
            public void onClose(Conn conn, Exception cause) {
                events.add(cause);
            }
        };
        try (TomcatServer server = TomcatServer.start(new UpgradeServlet(UPGRADER, echo));
                Conn client = Dialer.DEFAULT.dial(server.uri("/"), null)) {
            assertThat(client.readMessage().text()).isEqualTo("open");
            byte[] large = new byte[300_000]; // larger than the engine's inbound limit: read as it streams in
            for (int i = 0; i < large.length; i++) {
                large[i] = (byte) i;
            }
            for (int i = 0; i < 200; i++) {
                client.writeText("m" + i);
                if (i == 100) {
                    client.writeMessage(MessageType.BINARY, large);
                }
            }
            for (int i = 0; i < 200; i++) {
                assertThat(client.readMessage().text()).isEqualTo("m" + i);
                if (i == 100) {
                    assertThat(client.readMessage().data()).isEqualTo(large);
                }
            }
            client.writeControl(
                    MessageType.CLOSE,
                    WebSockets.formatCloseMessage(CloseCodes.NORMAL_CLOSURE, "bye"),
                    Instant.now().plusSeconds(1));
            Throwable answer = readUntilFailure(client);
            assertThat(answer).isInstanceOf(CloseException.class);
            assertThat(((CloseException) answer).code()).isEqualTo(CloseCodes.NORMAL_CLOSURE);

            Object cause = events.poll(10, TimeUnit.SECONDS);
            assertThat(cause).isInstanceOf(CloseException.class);
            assertThat(((CloseException) cause).code()).isEqualTo(CloseCodes.NORMAL_CLOSURE);
            assertThat(events.poll(300, TimeUnit.MILLISECONDS))
                    .as("onClose once")
                    .isNull();
            assertThat(overlaps).hasValue(0);
        }
    }

    @Test
    void idleConnectionsHoldNoThread() throws Exception {
        CountDownLatch opened = new CountDownLatch(200);
        MessageListener listener = new MessageListener() {
            @Override
            public void onOpen(Conn conn) {
                opened.countDown();
            }

            @Override
            public void onMessage(Conn conn, Message message) throws IOException {
                conn.writeMessage(message.type(), message.data());
            }
        };
        try (TomcatServer server = TomcatServer.start(new UpgradeServlet(UPGRADER, listener))) {
            List<Conn> clients = new ArrayList<>();
            try {
                clients.add(Dialer.DEFAULT.dial(server.uri("/"), null)); // warm up: loops, Tomcat threads
                clients.get(0).writeText("warm");
                assertThat(clients.get(0).readMessage().text()).isEqualTo("warm");
                Thread.sleep(500);
                int before = liveThreads();
                for (int i = 1; i < 200; i++) {
                    clients.add(Dialer.DEFAULT.dial(server.uri("/"), null));
                }
                assertThat(opened.await(20, TimeUnit.SECONDS)).isTrue();
                for (Conn c : clients) {
                    c.writeText("ping");
                }
                for (Conn c : clients) {
                    assertThat(c.readMessage().text()).isEqualTo("ping");
                }
                Thread.sleep(500); // dispatch threads that served the messages end or go back to their pool
                int after = liveThreads();
                // 199 more connections, served; a thread per connection would add 199.
                assertThat(after - before)
                        .as("threads added by 199 idle connections")
                        .isLessThan(40);
            } finally {
                for (Conn c : clients) {
                    c.closeNow();
                }
            }
        }
    }

    @Test
    void aListenerThatIsBehindStopsTheEngineReadingAndLosesNothing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger received = new AtomicInteger();
        BlockingQueue<String> orderErrors = new LinkedBlockingQueue<>();
        MessageListener slow = (conn, message) -> {
            int n = received.getAndIncrement();
            if (n == 0) {
                release.await();
            }
            int seq = ((message.data()[0] & 0xff) << 24)
                    | ((message.data()[1] & 0xff) << 16)
                    | ((message.data()[2] & 0xff) << 8)
                    | (message.data()[3] & 0xff);
            if (seq != n) {
                orderErrors.add("message " + seq + " arrived as number " + n);
            }
        };
        int count = 1024;
        byte[] payload = new byte[64 * 1024];
        try (TomcatServer server = TomcatServer.start(new UpgradeServlet(UPGRADER, slow));
                Conn client = Dialer.DEFAULT.dial(server.uri("/"), null)) {
            CountDownLatch sent = new CountDownLatch(1);
            Thread writer = new Thread(
                    () -> {
                        try {
                            for (int i = 0; i < count; i++) {
                                payload[0] = (byte) (i >>> 24);
                                payload[1] = (byte) (i >>> 16);
                                payload[2] = (byte) (i >>> 8);
                                payload[3] = (byte) i;
                                client.writeMessage(MessageType.BINARY, payload);
                            }
                            sent.countDown();
                        } catch (IOException e) {
                            // the assertions below report it
                        }
                    },
                    "writer");
            writer.setDaemon(true);
            writer.start();
            // 64 MiB cannot fit in the socket buffers: if the engine kept reading into memory, it would all go.
            assertThat(sent.await(2, TimeUnit.SECONDS))
                    .as("the writer stalls while the listener is behind")
                    .isFalse();
            assertThat(received)
                    .as("messages delivered while the first is still being handled")
                    .hasValue(1);
            release.countDown();
            assertThat(sent.await(40, TimeUnit.SECONDS))
                    .as("the writer finishes once the listener catches up")
                    .isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (received.get() < count && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(received).hasValue(count);
            assertThat(orderErrors).isEmpty();
        }
    }

    @Test
    void aPingIsAnsweredWhileTheListenerIsBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        MessageListener busy = (conn, message) -> release.await();
        try (TomcatServer server = TomcatServer.start(new UpgradeServlet(UPGRADER, busy));
                Conn client = Dialer.DEFAULT.dial(server.uri("/"), null)) {
            BlockingQueue<String> pongs = new LinkedBlockingQueue<>();
            client.setPongHandler(data -> pongs.add(new String(data, StandardCharsets.UTF_8)));
            client.writeText("keeps the listener busy");
            client.writeControl(
                    MessageType.PING,
                    "are you there".getBytes(StandardCharsets.UTF_8),
                    Instant.now().plusSeconds(1));
            Thread reader = new Thread(() -> readUntilFailure(client), "client-reader");
            reader.setDaemon(true);
            reader.start();
            assertThat(pongs.poll(5, TimeUnit.SECONDS)).isEqualTo("are you there");
            release.countDown();
        }
    }

    private static Throwable readUntilFailure(Conn conn) {
        try {
            while (true) {
                conn.readMessage();
            }
        } catch (IOException | RuntimeException e) {
            return e;
        }
    }

    private static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }
}
