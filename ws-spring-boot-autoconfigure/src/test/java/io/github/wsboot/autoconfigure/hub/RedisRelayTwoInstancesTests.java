package io.github.wsboot.autoconfigure.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Dialer;
import io.github.wsboot.websocket.hub.Hub;
import io.github.wsboot.websocket.testing.RedisServerProcess;

/**
 * Two application instances relaying through a real redis-server: clients on each, publishers on each, Redis
 * killed and restarted mid-test. Every client must get every message exactly once, in each publisher's order;
 * during the outage local delivery goes on and health and metrics report it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedisRelayTwoInstancesTests {

    private static final int CLIENTS_PER_INSTANCE = 3;

    @Test
    void everyMessageReachesEveryClientOnBothInstancesOnceAndInOrderAcrossARedisOutage() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
                ConfigurableApplicationContext a = start(redis.port());
                ConfigurableApplicationContext b = start(redis.port())) {
            Hub hubA = a.getBean(Hub.class);
            Hub hubB = b.getBean(Hub.class);
            assertThat(hubA.broker()).isInstanceOf(RedisHubRelay.class);
            List<Client> clients = new ArrayList<>();
            for (ConfigurableApplicationContext ctx : List.of(a, b)) {
                for (int i = 0; i < CLIENTS_PER_INSTANCE; i++) {
                    clients.add(new Client(
                            Dialer.DEFAULT.dial(URI.create("ws://127.0.0.1:" + port(ctx) + "/hub?name=c" + i), null)));
                }
            }
            await(
                    () -> hubA.localPresence("room").size() == CLIENTS_PER_INSTANCE
                            && hubB.localPresence("room").size() == CLIENTS_PER_INSTANCE,
                    "clients joined");
            // With the relay, presence is cluster-wide by default.
            await(() -> hubA.presence("room").size() == 2 * CLIENTS_PER_INSTANCE, "cluster presence");
            await(() -> healthy(a) && healthy(b), "relays connected");
            // A client on instance A publishes through its handler; B's hub publishes directly.
            Conn publisherOnA = clients.get(0).conn;
            int n = 0;
            for (; n < 50; n++) {
                publisherOnA.writeText("A " + n);
                hubB.publishText("room", "B " + n);
            }
            awaitAll(clients, 50, 50);

            redis.stop();
            for (; n < 70; n++) {
                publisherOnA.writeText("A " + n);
                hubB.publishText("room", "B " + n);
            }
            // Local delivery goes on: A's clients get A's messages, B's get B's, while Redis is down.
            for (int i = 0; i < clients.size(); i++) {
                Client c = clients.get(i);
                String local = i < CLIENTS_PER_INSTANCE ? "A" : "B";
                await(() -> c.count(local) == 70, "local delivery during the outage");
            }
            await(() -> !healthy(a) && !healthy(b), "both relays report the outage");
            assertThat(relay(a).status().connected()).isFalse();
            assertThat(a.getBean(MeterRegistry.class)
                            .get(HubMeterNames.RELAY_CONNECTED)
                            .gauge()
                            .value())
                    .isZero();
            assertThat(relay(a).status().outbox()).isPositive();

            redis.startAgain();
            await(() -> healthy(a) && healthy(b), "relays back");
            for (; n < 120; n++) {
                publisherOnA.writeText("A " + n);
                hubB.publishText("room", "B " + n);
            }
            awaitAll(clients, 120, 120);
            assertThat(a.getBean(MeterRegistry.class)
                            .get(HubMeterNames.RELAY_CONNECTED)
                            .gauge()
                            .value())
                    .isOne();
            Thread.sleep(300); // nothing more may arrive: no duplicates late
            for (Client c : clients) {
                c.drain();
                assertThat(c.received.get("A")).as("A's messages at %s", c).isEqualTo(sequence(120));
                assertThat(c.received.get("B")).as("B's messages at %s", c).isEqualTo(sequence(120));
            }
            clients.forEach(c -> c.conn.close());
        }
    }

    private static ConfigurableApplicationContext start(int redisPort) {
        return RedisHubApplications.start(
                redisPort,
                "spring.data.redis.timeout=1s",
                "ws.hub.redis.resubscribe-wait=10s",
                "management.endpoint.health.show-details=always");
    }

    private static int port(ConfigurableApplicationContext ctx) {
        return RedisHubApplications.port(ctx);
    }

    private static RedisHubRelay relay(ConfigurableApplicationContext ctx) {
        return ctx.getBean(RedisHubRelay.class);
    }

    private static boolean healthy(ConfigurableApplicationContext ctx) {
        return ctx.getBean(RedisHubRelayHealthIndicator.class)
                .health()
                .getStatus()
                .equals(Status.UP);
    }

    private static List<Integer> sequence(int count) {
        List<Integer> s = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            s.add(i);
        }
        return s;
    }

    private static void awaitAll(List<Client> clients, int fromA, int fromB) throws Exception {
        for (Client c : clients) {
            await(() -> c.count("A") >= fromA && c.count("B") >= fromB, "all messages at " + c);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        RedisHubApplications.await(condition, what);
    }

    /** A client whose reader thread files each "P n" message under its publisher P. */
    private static final class Client {
        final Conn conn;
        final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        final Map<String, List<Integer>> received = new LinkedHashMap<>();

        Client(Conn conn) {
            this.conn = conn;
            Thread t = new Thread(
                    () -> {
                        try {
                            while (true) {
                                inbox.add(conn.readMessage().text());
                            }
                        } catch (Exception e) {
                            // closed
                        }
                    },
                    "hub-client");
            t.setDaemon(true);
            t.start();
        }

        synchronized int count(String publisher) {
            drain();
            List<Integer> l = received.get(publisher);
            return l == null ? 0 : l.size();
        }

        synchronized void drain() {
            String m;
            while ((m = inbox.poll()) != null) {
                String[] parts = m.split(" ");
                received.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
            }
        }

        @Override
        public String toString() {
            return conn.localAddress().toString();
        }
    }
}
