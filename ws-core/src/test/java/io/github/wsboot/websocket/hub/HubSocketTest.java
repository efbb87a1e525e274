package io.github.wsboot.websocket.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.wsboot.websocket.CloseException;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Dialer;
import io.github.wsboot.websocket.PreparedMessage;
import io.github.wsboot.websocket.testing.RawFrames;

/**
 * The hub against real connections over loopback: embedded Tomcat upgrades with ws-core, clients are ws-core's
 * Dialer, the JDK's java.net.http WebSocket (as a subscriber that stops reading) and a raw socket that never
 * reads.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HubSocketTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static Conn dial(HubServer server, String name, String topics) throws IOException {
        return Dialer.DEFAULT.dial(server.uri(name, topics), null);
    }

    private static String read(Conn client) throws IOException {
        return client.readMessage().text();
    }

    @Test
    void everySubscriberGetsEveryBroadcastOnceAndInOrderInterleavedWithItsOwnMessages() throws Exception {
        RecordingObserver observer = new RecordingObserver();
        int clients = 20;
        int messages = 300;
        try (HubServer server = HubServer.start(Hub.builder().observer(observer).build(), clients)) {
            List<Conn> conns = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                conns.add(dial(server, "c" + i, "room"));
            }
            server.awaitJoins();
            assertThat(server.hub.presence("room")).hasSize(clients);
            // c0 asks for a private reply between broadcasts: it must arrive after every broadcast queued before it.
            for (int m = 0; m < messages; m++) {
                server.hub.publishText("room", "m" + m);
                if (m == messages / 2) {
                    server.hub.send(server.conns.get("c0"), PreparedMessage.ofText("private"));
                }
            }
            for (int i = 0; i < clients; i++) {
                List<String> got = new ArrayList<>();
                for (int m = 0; m < messages + (i == 0 ? 1 : 0); m++) {
                    got.add(read(conns.get(i)));
                }
                List<String> expected = new ArrayList<>();
                for (int m = 0; m < messages; m++) {
                    expected.add("m" + m);
                    if (i == 0 && m == messages / 2) {
                        expected.add("private");
                    }
                }
                assertThat(got).as("client c%d", i).isEqualTo(expected);
            }
            awaitFanouts(observer, messages);
            assertThat(observer.fanoutConnections.get()).isEqualTo(clients);
            conns.forEach(Conn::close);
        }
    }

    @Test
    void aSubscriberThatStopsReadingDelaysNobodyAndItsQueueStaysWithinItsLimits() throws Exception {
        RecordingObserver observer = new RecordingObserver();
        long limitBytes = 4L << 20; // room for fast clients on a loaded box; the stalled one still overflows it
        int limitMessages = 1024;
        Hub hub = Hub.builder()
                .queueLimitBytes(limitBytes)
                .queueLimitMessages(limitMessages)
                .overflowPolicy(OverflowPolicy.DROP_OLDEST)
                .writeTimeout(Duration.ofSeconds(30))
                .observer(observer)
                .build();
        int fast = 8;
        int messages = 5000;
        try (HubServer server = HubServer.start(hub, fast + 1)) {
            // The JDK client requests no message at all: it stops reading, so its TCP window closes.
            HttpClient http = HttpClient.newHttpClient();
            WebSocket slow = http.newWebSocketBuilder()
                    .buildAsync(server.uri("slow", "feed"), new WebSocket.Listener() {
                        @Override
                        public void onOpen(WebSocket webSocket) {
                            // no request(n): no demand
                        }
                    })
                    .get(10, TimeUnit.SECONDS);
            List<Conn> conns = new ArrayList<>();
            for (int i = 0; i < fast; i++) {
                conns.add(dial(server, "f" + i, "feed"));
            }
            server.awaitJoins();
            List<CompletableFuture<Long>> readers = new ArrayList<>();
            for (Conn c : conns) {
                readers.add(onNewThread(() -> readAllAndMeasureDelay(c, messages)));
            }
            char[] filler = new char[4000];
            java.util.Arrays.fill(filler, 'x');
            String pad = new String(filler);
            AtomicLong maxSlowBytes = new AtomicLong();
            SendQueue slowQueue = hub.queue(server.conns.get("slow"));
            List<SendQueue> fastQueues = new ArrayList<>();
            for (int i = 0; i < fast; i++) {
                fastQueues.add(hub.queue(server.conns.get("f" + i)));
            }
            for (int m = 0; m < messages; m++) {
                // The feed follows the fast clients (as a real feed's rate is bounded), never the stalled one: on a
                // loaded box their queues must not overflow, or the test would measure the machine, not the hub.
                while (fastQueues.stream().anyMatch(q -> q.queuedMessages() > limitMessages / 4)) {
                    Thread.sleep(1);
                }
                hub.publishText("feed", m + " " + System.nanoTime() + " " + pad);
                maxSlowBytes.accumulateAndGet(slowQueue.queuedBytes(), Math::max);
                assertThat(slowQueue.queuedMessages()).isLessThanOrEqualTo(limitMessages);
                if (m % 4 == 0) {
                    Thread.sleep(1); // a feed, not one burst: the fast clients keep up
                }
            }
            long worstDelayMillis = 0;
            for (CompletableFuture<Long> r : readers) {
                worstDelayMillis = Math.max(worstDelayMillis, r.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            }
            // The stated bound: a stalled subscriber adds no wait to the others; each fast client gets every
            // message within 2 s of its publish even on a loaded 2-core box (typically a few milliseconds).
            assertThat(worstDelayMillis).isLessThan(2000);
            assertThat(maxSlowBytes.get()).isLessThanOrEqualTo(limitBytes);
            assertThat(observer.maxQueuedBytes.get()).isLessThanOrEqualTo(limitBytes);
            assertThat(observer.maxQueuedMessages.get()).isLessThanOrEqualTo(limitMessages);
            assertThat(observer.dropped(OverflowPolicy.DROP_OLDEST)).isPositive();
            assertThat(server.hub.presence("feed")).contains("slow"); // dropping does not evict
            slow.abort();
            conns.forEach(Conn::close);
        }
    }

    /** Reads {@code count} messages "seq publishNanos pad", checks their order, returns the worst delay in ms. */
    private static long readAllAndMeasureDelay(Conn c, int count) {
        long worst = 0;
        try {
            for (int m = 0; m < count; m++) {
                String[] parts = read(c).split(" ", 3);
                assertThat(Integer.parseInt(parts[0])).isEqualTo(m);
                worst = Math.max(worst, System.nanoTime() - Long.parseLong(parts[1]));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return TimeUnit.NANOSECONDS.toMillis(worst);
    }

    @Test
    void overflowUnderATerminatingPolicyClosesWithTheChosenCode() throws Exception {
        assertTerminatesWith(OverflowPolicy.TERMINATE_POLICY_VIOLATION, 1008);
        assertTerminatesWith(OverflowPolicy.TERMINATE_TRY_AGAIN_LATER, 1013);
    }

    /** A hub whose queues hold 4 messages and drain only when {@code gate} opens. */
    private static Hub gatedHub(OverflowPolicy policy, GatedExecutor gate, RecordingObserver observer) {
        return Hub.builder()
                .queueLimitMessages(4)
                .overflowPolicy(policy)
                .executor(gate)
                .observer(observer)
                .build();
    }

    private static void assertTerminatesWith(OverflowPolicy policy, int code) throws Exception {
        RecordingObserver observer = new RecordingObserver();
        GatedExecutor gate = new GatedExecutor(); // nothing drains until the gate opens: the queue fills for sure
        Hub hub = gatedHub(policy, gate, observer);
        try (HubServer server = HubServer.start(hub, 2)) {
            Conn victim = dial(server, "victim", "t");
            Conn other = dial(server, "other", "u");
            server.awaitJoins();
            for (int m = 0; m < 5; m++) {
                hub.publishText("t", "m" + m);
            }
            assertThat(observer.terminations(policy)).isEqualTo(1);
            assertThat(hub.presence("t")).isEmpty(); // left at once, before the close frame is out
            assertThat(hub.topics()).containsExactly("u");
            gate.open();
            Throwable e = catchThrowable(() -> read(victim));
            assertThat(e).isInstanceOf(CloseException.class);
            assertThat(((CloseException) e).code()).isEqualTo(code);
            hub.publishText("u", "still here");
            assertThat(read(other)).isEqualTo("still here");
            other.close();
        }
    }

    @Test
    void dropNewestAndDropOldestKeepTheRightMessagesAndControlFramesJumpTheFullQueue() throws Exception {
        assertKeeps(OverflowPolicy.DROP_NEWEST, List.of("m0", "m1", "m2", "m3"));
        assertKeeps(OverflowPolicy.DROP_OLDEST, List.of("m6", "m7", "m8", "m9"));
    }

    private static void assertKeeps(OverflowPolicy policy, List<String> kept) throws Exception {
        RecordingObserver observer = new RecordingObserver();
        GatedExecutor gate = new GatedExecutor();
        Hub hub = gatedHub(policy, gate, observer);
        try (HubServer server = HubServer.start(hub, 1)) {
            Conn client = dial(server, "c", "t");
            server.awaitJoins();
            CompletableFuture<List<String>> received = onNewThread(() -> {
                List<String> got = new ArrayList<>();
                try {
                    for (int i = 0; i < kept.size(); i++) {
                        got.add(read(client)); // the client's read loop also answers the server's ping
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return got;
            });
            for (int m = 0; m < 10; m++) {
                hub.publishText("t", "m" + m);
            }
            SendQueue queue = hub.queue(server.conns.get("c"));
            assertThat(queue.queuedMessages()).isEqualTo(4);
            assertThat(observer.dropped(policy)).isEqualTo(6);
            // The queue is full and frozen, yet a ping goes out and its pong comes back (the server's read loop sees
            // it).
            Duration rtt = server.conns.get("c").ping(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
            assertThat(rtt).isLessThan(Duration.ofSeconds(5));
            gate.open();
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(kept);
            client.close();
        }
    }

    @SuppressWarnings("try") // the frozen member only has to stay connected
    @Test
    void theWriteTimeoutTimerEndsAWriteStuckOnAClientThatNeverReads() throws Exception {
        RecordingObserver observer = new RecordingObserver();
        List<String> presence = new CopyOnWriteArrayList<>();
        Hub hub = Hub.builder()
                .queueLimitBytes(8 << 20)
                .writeTimeout(Duration.ofMillis(300))
                .observer(observer)
                .build();
        hub.onPresenceChange((topic, member, joined) -> presence.add((joined ? "+" : "-") + member + "@" + topic));
        try (HubServer server = HubServer.start(hub, 1);
                Socket frozen = frozenClient(server.uri("stuck", "t"))) {
            server.awaitJoins();
            // One large message and nothing after it: no later send is needed to notice the stuck write.
            hub.publish("t", PreparedMessage.of(io.github.wsboot.websocket.MessageType.BINARY, new byte[4 << 20]));
            long start = System.nanoTime();
            while (observer.writeTimeouts.get() == 0 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
                Thread.sleep(10);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(observer.writeTimeouts.get()).isEqualTo(1);
            assertThat(millis).isBetween(200L, 2000L);
            assertThat(hub.connections()).isZero();
            assertThat(hub.topics()).isEmpty();
            assertThat(presence).containsExactly("+stuck@t", "-stuck@t");
        }
    }

    @Test
    void aClosedConnectionLeavesEveryTopicAndPresenceListenersHearIt() throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        Hub hub = Hub.builder().build();
        hub.onPresenceChange((topic, member, joined) -> events.add((joined ? "+" : "-") + member + "@" + topic));
        try (HubServer server = HubServer.start(hub, 2)) {
            Conn alice = dial(server, "alice", "a,b");
            Conn bob = dial(server, "bob", "b");
            server.awaitJoins();
            assertThat(hub.topics()).containsExactlyInAnyOrder("a", "b");
            assertThat(hub.presence("b")).containsExactlyInAnyOrder("alice", "bob"); // joins run on two server threads
            alice.close(); // no close frame: the server's read fails, its handler returns, the Conn closes
            long start = System.nanoTime();
            while (hub.presence("b").size() != 1 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
                Thread.sleep(10);
            }
            assertThat(hub.presence("b")).containsExactly("bob");
            assertThat(hub.topics()).containsExactly("b");
            assertThat(hub.connections()).isEqualTo(1);
            assertThat(events).containsExactlyInAnyOrder("+alice@a", "+alice@b", "+bob@b", "-alice@a", "-alice@b");
            // hub.send through a Conn's queue answers "echo:" in order with broadcasts.
            bob.writeText("echo:hello");
            assertThat(read(bob)).isEqualTo("hello");
            bob.close();
        }
    }

    /** Completes the handshake on a raw socket with a small receive buffer, then never reads again. */
    private static Socket frozenClient(java.net.URI uri) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(16 * 1024);
        s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), uri.getPort()));
        s.getOutputStream().write(RawFrames.handshake(uri.getPort(), uri.getRawPath() + "?" + uri.getRawQuery()));
        RawFrames.readResponseHead(s.getInputStream());
        return s;
    }

    /** A reader per client on its own thread: the common pool has one thread on a 2-core box. */
    private static <T> CompletableFuture<T> onNewThread(java.util.function.Supplier<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread t = new Thread(
                () -> {
                    try {
                        f.complete(task.get());
                    } catch (Throwable e) {
                        f.completeExceptionally(e);
                    }
                },
                "test-reader");
        t.setDaemon(true);
        t.start();
        return f;
    }

    private static void awaitFanouts(RecordingObserver observer, int count) throws InterruptedException {
        long start = System.nanoTime();
        while (observer.fanoutNanos.size() < count && System.nanoTime() - start < WAIT.toNanos()) {
            Thread.sleep(10);
        }
        assertThat(observer.fanoutNanos).hasSize(count);
    }
}
