package io.github.wsboot.benchmarks.hub;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Dialer;
import io.github.wsboot.websocket.testing.RedisServerProcess;

/**
 * Cross-instance delivery through the hub's Redis relay: 1, 2 and 3 hub "instances" (each its own Tomcat, hub,
 * relay and Lettuce connections, in this JVM so that one clock times publish → receipt) against one local hub,
 * with a real redis-server (Debian's, started here on a free port). One publisher on instance 0 publishes
 * {@code messages} at {@code rate}/s to topic "feed"; {@code subscribers} WebSocket clients per instance read.
 * Reports deliveries/s, publish-to-receipt p50/p99 (all, and on the other instances only) and Redis commands per
 * published message (INFO commandstats, including the relays' idle pings).
 *
 * <pre>
 * ./mvnw -B -o -q -pl benchmarks -am -DskipTests package
 * java -cp "benchmarks/target/classes:benchmarks/target/lib/*" io.github.wsboot.benchmarks.hub.CrossInstanceBenchmark [messages] [rate] [subscribers]
 * </pre>
 */
public final class CrossInstanceBenchmark {

    private record Result(
            String name,
            int instances,
            long deliveries,
            double seconds,
            Histogram all,
            Histogram cross,
            long redisCommands,
            int messages) {}

    private CrossInstanceBenchmark() {}

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int subscribers = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path dir = Files.createTempDirectory("cross-instance-bench");
        int redisPort = freePort();
        Process redis = RedisServerProcess.launch(redisPort, dir);
        try {
            Thread.sleep(500);
            List<Result> results = new ArrayList<>();
            run("local hub (no Redis)", 1, 0, false, messages, rate, subscribers); // warm-up
            results.add(run("local hub (no Redis)", 1, 0, false, messages, rate, subscribers));
            for (int n = 1; n <= 3; n++) {
                results.add(run("Redis relay", n, redisPort, false, messages, rate, subscribers));
            }
            results.add(run("Redis relay, recoverable topic", 3, redisPort, true, messages, rate, subscribers));
            StringBuilder out = new StringBuilder(String.format(
                    Locale.ROOT,
                    "%d messages at %d/s from one publisher on instance 0, %d subscribers per instance%n%n",
                    messages,
                    rate,
                    subscribers));
            out.append(
                    "| setup | instances | deliveries/s | p50 ms | p99 ms | cross-instance p50 ms | cross-instance p99 ms | Redis commands per message | per delivery |\n");
            out.append("|---|---|---|---|---|---|---|---|---|\n");
            for (Result r : results) {
                out.append(String.format(
                        Locale.ROOT,
                        "| %s | %d | %,.0f | %.2f | %.2f | %s | %s | %.2f | %.3f |%n",
                        r.name,
                        r.instances,
                        r.deliveries / r.seconds,
                        ms(r.all, 50),
                        ms(r.all, 99),
                        r.cross.getTotalCount() == 0 ? "–" : String.format(Locale.ROOT, "%.2f", ms(r.cross, 50)),
                        r.cross.getTotalCount() == 0 ? "–" : String.format(Locale.ROOT, "%.2f", ms(r.cross, 99)),
                        (double) r.redisCommands / r.messages,
                        (double) r.redisCommands / r.deliveries));
            }
            System.out.print(out);
        } finally {
            redis.destroyForcibly();
        }
    }

    private static Result run(
            String name, int instances, int redisPort, boolean recoverable, int messages, int rate, int subscribers)
            throws Exception {
        List<RelayedHubInstance> nodes = new ArrayList<>();
        List<Conn> clients = new ArrayList<>();
        Histogram all = new ConcurrentHistogram(3);
        Histogram cross = new ConcurrentHistogram(3);
        long expected = (long) messages * subscribers * instances;
        CountDownLatch done = new CountDownLatch((int) expected);
        AtomicLong lastReceipt = new AtomicLong();
        try {
            for (int i = 0; i < instances; i++) {
                nodes.add(new RelayedHubInstance(redisPort, recoverable));
            }
            for (int i = 0; i < instances; i++) {
                boolean remote = i > 0;
                for (int s = 0; s < subscribers; s++) {
                    Conn c = Dialer.DEFAULT.dial(nodes.get(i).uri(), null);
                    clients.add(c);
                    Thread reader = new Thread(
                            () -> {
                                try {
                                    while (true) {
                                        String text = c.readMessage().text();
                                        long now = System.nanoTime();
                                        int t = text.indexOf("\"t\":");
                                        long sent = Long.parseLong(text.substring(t + 4, text.indexOf('}', t)));
                                        all.recordValue(Math.max(0, now - sent));
                                        if (remote) {
                                            cross.recordValue(Math.max(0, now - sent));
                                        }
                                        lastReceipt.accumulateAndGet(now, Math::max);
                                        done.countDown();
                                    }
                                } catch (IOException | RuntimeException e) {
                                    // closed
                                }
                            },
                            "bench-subscriber");
                    reader.setDaemon(true);
                    reader.start();
                }
            }
            for (RelayedHubInstance node : nodes) {
                while (node.hub().localPresence("feed").size() < subscribers) {
                    Thread.sleep(10);
                }
            }
            Thread.sleep(1000); // subscriptions settle
            long commandsBefore = redisPort > 0 ? redisCommands(redisPort) : 0;
            long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                long due = start + i * intervalNanos;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.sleep(Math.min(wait, 1_000_000));
                }
                nodes.get(0).hub().publishText("feed", "{\"n\":" + i + ",\"t\":" + System.nanoTime() + "}");
            }
            done.await(60, TimeUnit.SECONDS);
            long commands = redisPort > 0 ? redisCommands(redisPort) - commandsBefore : 0;
            long delivered = expected - done.getCount();
            double seconds = (lastReceipt.get() - start) / 1e9;
            return new Result(name, instances, delivered, seconds, all, cross, commands, messages);
        } finally {
            clients.forEach(Conn::closeNow);
            for (RelayedHubInstance node : nodes) {
                node.close();
            }
        }
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e6;
    }

    /** The sum of the calls of INFO commandstats, less the INFO itself. */
    private static long redisCommands(int port) throws IOException, InterruptedException {
        Process cli = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "INFO", "commandstats")
                .redirectErrorStream(true)
                .start();
        String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        cli.waitFor();
        long calls = 0;
        for (String line : out.split("\r?\n")) {
            int at = line.indexOf("calls=");
            if (line.startsWith("cmdstat_") && at >= 0 && !line.startsWith("cmdstat_info:")) {
                calls += Long.parseLong(line.substring(at + 6, line.indexOf(',', at)));
            }
        }
        return calls;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
