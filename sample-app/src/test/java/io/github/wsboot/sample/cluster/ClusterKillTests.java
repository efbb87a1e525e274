package io.github.wsboot.sample.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.wsboot.websocket.testing.RedisServerProcess;

/**
 * Three sample-app processes behind HAProxy (round-robin) with one redis-server: six chat clients in two rooms
 * publish mid-stream while one instance is killed with SIGKILL. Its clients reconnect through the balancer to the
 * others with their last position. In the end every client has every message of its room exactly once and in
 * each publisher's order, direct messages reach their users on any instance, and presence converges within the
 * stated bound (expiry + heartbeat after the kill, plus delivery). Then redis-server itself is killed and started
 * again (empty) while the clients go on publishing: nothing is lost or duplicated either.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ClusterKillTests {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterKillTests.class);
    private static final int INSTANCES = 3;
    private static final int CLIENTS = 6;
    private static final int MESSAGES = 40;
    /** A crashed instance's members leave within expiry + heartbeat; 2 s more for the notices on a loaded box. */
    private static final Duration PRESENCE_BOUND =
            SampleInstance.EXPIRY.plus(SampleInstance.HEARTBEAT).plusSeconds(2);

    @Test
    void killingAnInstanceMidStreamLosesNoMessageDuplicatesNoneAndPresenceConverges() throws Exception {
        ClusterPeers.assumeInstalledOrFailInCi();
        Path dir = Files.createTempDirectory("cluster-test");
        List<Process> processes = new ArrayList<>();
        List<SampleInstance> instances = new ArrayList<>();
        List<ClusterChatClient> clients = new ArrayList<>();
        ExecutorService publishers = Executors.newFixedThreadPool(CLIENTS);
        try {
            int redisPort = ClusterPeers.freePort();
            processes.add(RedisServerProcess.launch(redisPort, dir));
            await(() -> ClusterPeers.listening(redisPort), Duration.ofSeconds(10), "redis-server");
            for (int i = 0; i < INSTANCES; i++) {
                SampleInstance instance = SampleInstance.start("instance-" + i, redisPort, dir);
                instances.add(instance);
                processes.add(instance.process);
            }
            for (SampleInstance instance : instances) {
                instance.awaitHealthy(Duration.ofSeconds(150));
            }
            int balancerPort = ClusterPeers.freePort();
            processes.add(ClusterPeers.haproxy(
                    balancerPort, instances.stream().mapToInt(s -> s.port).toArray(), dir));
            await(() -> ClusterPeers.listening(balancerPort), Duration.ofSeconds(10), "haproxy");
            URI balancer = URI.create("ws://127.0.0.1:" + balancerPort);

            // Round-robin: client i lands on instance i % 3; rooms alternate, so each room spans every instance.
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(new ClusterChatClient(balancer, "c" + i, i % 2 == 0 ? "red" : "blue"));
            }
            await(
                    () -> clients.stream().allMatch(c -> c.presence().size() == CLIENTS / 2),
                    Duration.ofSeconds(30),
                    "every client sees its room's three members");

            // Direct messages across instances before the kill.
            for (int i = 0; i < CLIENTS; i++) {
                clients.get(i).direct("c" + (i + 1) % CLIENTS, "before");
            }
            List<Future<?>> running = publish(publishers, clients, 0, MESSAGES);
            await(
                    () -> clients.stream()
                            .allMatch(c ->
                                    c.said().getOrDefault(c.nick, List.of()).size() >= MESSAGES / 3),
                    Duration.ofSeconds(60),
                    "a third of the messages published");
            SampleInstance victim = instances.get(0);
            victim.kill();
            long killed = System.nanoTime();
            LOG.info("killed instance on port {} mid-stream", victim.port);
            for (Future<?> f : running) {
                f.get(90, TimeUnit.SECONDS);
            }

            // Presence: every client sees its room's three nicknames once (the dead instance's entries gone).
            await(
                    () -> clients.stream().allMatch(c -> c.presence().equals(roomMembers(c.room))),
                    PRESENCE_BOUND.plusSeconds(30),
                    "presence converged");
            long convergedNanos = clients.stream()
                    .mapToLong(ClusterChatClient::presenceChangedNanos)
                    .max()
                    .orElseThrow();
            Duration converged = Duration.ofNanos(Math.max(0, convergedNanos - killed));
            LOG.info(
                    "presence converged {} ms after the kill (bound {} ms)",
                    converged.toMillis(),
                    PRESENCE_BOUND.toMillis());
            assertThat(converged).as("presence convergence after the kill").isLessThanOrEqualTo(PRESENCE_BOUND);

            // Direct messages after the kill reach users wherever they reconnected.
            for (int i = 0; i < CLIENTS; i++) {
                clients.get(i).direct("c" + (i + 1) % CLIENTS, "after");
            }
            for (int i = 0; i < CLIENTS; i++) {
                ClusterChatClient c = clients.get(i);
                String from = "c" + (i + CLIENTS - 1) % CLIENTS;
                await(
                        () -> c.directs().contains(from + ">after"),
                        Duration.ofSeconds(20),
                        "direct message to " + c.nick);
            }

            // Redis restarts (no persistence: everything in it is lost) while the clients publish more; the relay
            // keeps their messages in its outbox, presence is written again, the recoverable rooms start new streams.
            Process redis = processes.get(0);
            redis.destroyForcibly();
            redis.waitFor();
            running = publish(publishers, clients, MESSAGES, 2 * MESSAGES);
            Thread.sleep(1500);
            processes.set(0, RedisServerProcess.launch(redisPort, dir));
            LOG.info("redis-server restarted");
            for (Future<?> f : running) {
                f.get(90, TimeUnit.SECONDS);
            }
            await(
                    () -> clients.stream().allMatch(c -> c.presence().equals(roomMembers(c.room))),
                    Duration.ofSeconds(30),
                    "presence after the Redis restart");
            for (int i = 0; i < CLIENTS; i++) {
                clients.get(i).direct("c" + (i + 1) % CLIENTS, "restarted");
            }
            for (int i = 0; i < CLIENTS; i++) {
                ClusterChatClient c = clients.get(i);
                String from = "c" + (i + CLIENTS - 1) % CLIENTS;
                await(
                        () -> c.directs().contains(from + ">restarted"),
                        Duration.ofSeconds(20),
                        "direct message to " + c.nick);
            }

            Thread.sleep(500); // anything late would be a duplicate
            int reconnected = 0;
            for (ClusterChatClient c : clients) {
                Map<String, List<Integer>> said = c.said();
                for (String publisher : roomMembers(c.room)) {
                    assertThat(said.get(publisher))
                            .as("%s's messages at %s", publisher, c)
                            .isEqualTo(range(2 * MESSAGES));
                }
                assertThat(said.keySet())
                        .as("publishers heard by %s", c)
                        .containsExactlyInAnyOrderElementsOf(roomMembers(c.room));
                assertThat(c.missed()).isFalse();
                String sender = "c" + (clients.indexOf(c) + CLIENTS - 1) % CLIENTS;
                assertThat(c.directs())
                        .as("direct messages of %s: its neighbour's, and its own copies", c)
                        .containsExactlyInAnyOrder(
                                sender + ">before",
                                sender + ">after",
                                sender + ">restarted",
                                c.nick + ">before",
                                c.nick + ">after",
                                c.nick + ">restarted");
                reconnected += c.reconnects() > 0 ? 1 : 0;
            }
            assertThat(reconnected)
                    .as("clients of the killed instance reconnected")
                    .isEqualTo(CLIENTS / INSTANCES);
        } finally {
            publishers.shutdownNow();
            clients.forEach(ClusterChatClient::close);
            for (Process p : processes) {
                p.destroyForcibly();
            }
        }
    }

    /** Each client publishes messages {@code from} to {@code to} - 1, stop-and-wait, on its own thread. */
    private static List<Future<?>> publish(
            ExecutorService publishers, List<ClusterChatClient> clients, int from, int to) {
        List<Future<?>> running = new ArrayList<>();
        for (ClusterChatClient c : clients) {
            running.add(publishers.submit(() -> {
                for (int n = from; n < to; n++) {
                    c.publish(n, 60_000);
                    Thread.sleep(20);
                }
                return null;
            }));
        }
        return running;
    }

    private static List<String> roomMembers(String room) {
        List<String> members = new ArrayList<>();
        for (int i = room.equals("red") ? 0 : 1; i < CLIENTS; i += 2) {
            members.add("c" + i);
        }
        return members;
    }

    private static List<Integer> range(int n) {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(i);
        }
        return l;
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
