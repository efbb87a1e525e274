package io.github.wsboot.benchmarks.hub;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Dialer;

/**
 * Broadcast fan-out over loopback: one publisher, {@code subscribers} WebSocket clients (ws-core Dialer, one
 * reader thread each, in this JVM), {@code size}-byte text messages. Two phases per server:
 * <ul>
 *   <li><b>burst</b>: {@code burst} messages back to back; deliveries/s = subscribers × messages / (last
 *       delivery − first publish).</li>
 *   <li><b>paced</b>: {@code paced} messages at {@code rate}/s; fan-out latency of each message = its last
 *       delivery − its publish; p50 and p99 reported.</li>
 * </ul>
 * Usage: {@code java -cp ... io.github.wsboot.benchmarks.hub.FanoutBenchmark [ws|spring|both] [subscribers]
 * [burst] [paced] [rate] [size]}.
 */
public final class FanoutBenchmark {

    private FanoutBenchmark() {}

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "both";
        int subscribers = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int burst = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int paced = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        int rate = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        int size = args.length > 5 ? Integer.parseInt(args[5]) : 128;
        List<String> rows = new ArrayList<>();
        for (String server : which.equals("both") ? List.of("ws", "spring") : List.of(which)) {
            try (FanoutServer s = server.equals("ws") ? new WsHubServer() : new SpringWebSocketServer()) {
                rows.add(run(s, subscribers, burst, paced, rate, size));
            }
            System.gc();
        }
        System.out.println();
        System.out.println(
                "| server | subscribers | burst deliveries/s | burst p99 fan-out ms | paced p50 ms | paced p99 ms |");
        System.out.println("|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static String run(FanoutServer server, int subscribers, int burst, int paced, int rate, int size)
            throws Exception {
        int total = burst + paced;
        Recorder rec = new Recorder(total);
        List<Conn> clients = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            Conn c = Dialer.DEFAULT.dial(server.uri(), null);
            clients.add(c);
            Thread t = new Thread(() -> readLoop(c, rec), "sub-" + i);
            t.setDaemon(true);
            t.start();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (server.subscribers() < subscribers && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(500);
        String pad = "x".repeat(size);
        // burst
        long burstStart = System.nanoTime();
        for (int m = 0; m < burst; m++) {
            rec.published.set(m, System.nanoTime());
            server.broadcast(message(m, pad));
        }
        rec.await((long) subscribers * burst, 120);
        long burstEnd = rec.maxArrival(0, burst);
        double deliveriesPerSecond = (double) subscribers * burst / ((burstEnd - burstStart) / 1e9);
        long[] burstLatency = rec.latencies(0, burst);
        // paced
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long next = System.nanoTime();
        for (int m = burst; m < total; m++) {
            while (System.nanoTime() < next) {
                Thread.onSpinWait();
            }
            rec.published.set(m, System.nanoTime());
            server.broadcast(message(m, pad));
            next += interval;
        }
        rec.await((long) subscribers * total, 120);
        long[] pacedLatency = rec.latencies(burst, total);
        clients.forEach(Conn::close);
        String row = String.format(
                Locale.ROOT,
                "| %s | %d | %,.0f | %.1f | %.1f | %.1f |",
                server,
                subscribers,
                deliveriesPerSecond,
                ms(percentile(burstLatency, 0.99)),
                ms(percentile(pacedLatency, 0.50)),
                ms(percentile(pacedLatency, 0.99)));
        System.out.println(row + "  delivered=" + rec.delivered.get() + "/" + (long) subscribers * total);
        return row;
    }

    /** A text message of exactly {@code pad.length()} characters starting with its 10-digit sequence number. */
    private static String message(int m, String pad) {
        String seq = String.format(Locale.ROOT, "%010d", m);
        return seq + pad.substring(seq.length());
    }

    private static void readLoop(Conn c, Recorder rec) {
        try {
            while (true) {
                String text = c.readMessage().text();
                long now = System.nanoTime();
                int m = Integer.parseInt(text, 0, 10, 10);
                rec.lastArrival.accumulateAndGet(m, now, Math::max);
                rec.arrivals.incrementAndGet(m);
                rec.delivered.incrementAndGet();
            }
        } catch (Exception e) {
            // closed
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** Publish and arrival times per message. */
    private static final class Recorder {
        final AtomicLongArray published;
        final AtomicLongArray lastArrival;
        final AtomicIntegerArray arrivals;
        final AtomicLong delivered = new AtomicLong();

        Recorder(int messages) {
            published = new AtomicLongArray(messages);
            lastArrival = new AtomicLongArray(messages);
            arrivals = new AtomicIntegerArray(messages);
        }

        void await(long deliveries, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (delivered.get() < deliveries && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            if (delivered.get() < deliveries) {
                System.out.println("WARNING: only " + delivered.get() + " of " + deliveries + " deliveries arrived");
            }
        }

        long maxArrival(int from, int to) {
            long max = 0;
            for (int m = from; m < to; m++) {
                max = Math.max(max, lastArrival.get(m));
            }
            return max;
        }

        long[] latencies(int from, int to) {
            long[] l = new long[to - from];
            for (int m = from; m < to; m++) {
                l[m - from] = lastArrival.get(m) - published.get(m);
            }
            Arrays.sort(l);
            return l;
        }
    }
}
