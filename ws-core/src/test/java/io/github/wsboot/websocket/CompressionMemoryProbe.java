package io.github.wsboot.websocket;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.ObjectName;

import io.github.wsboot.websocket.internal.PerMessageDeflate;
import io.github.wsboot.websocket.testing.MemoryTransport;

/**
 * The program {@link CompressionMemoryTest} runs in a forked JVM (so that its memory is its own): it churns
 * compressed connections or holds idle ones, and prints memory readings as {@code key=value} lines.
 *
 * <ul>
 *   <li>{@code churn <cycles> <warmup>}: connect, exchange compressed messages, close — {@code cycles} times
 *       after {@code warmup} cycles, cycling through both takeover modes and three ways to end a connection
 *       (plain close; close while another thread is blocked reading; close while a streamed message is open).</li>
 *   <li>{@code idle <plain|no-takeover|takeover> <pairs> [size]}: open {@code pairs} connection pairs, exchange
 *       one message of {@code size} bytes (default 1024) each way, and report the memory they hold while idle,
 *       then after closing them.</li>
 * </ul>
 *
 * Readings: RSS from {@code /proc/self/status}; Native Memory Tracking's summary through the
 * DiagnosticCommand MBean (what {@code jcmd <pid> VM.native_memory summary} prints). zlib's own allocations
 * are plain {@code malloc}s that NMT does not see, so RSS is the measure for them; the test runs this with
 * a fixed, pre-touched heap so that RSS changes are native memory.
 */
public final class CompressionMemoryProbe {

    private static final byte[] JSON = json(1024);
    private static final PerMessageDeflate.Agreement TAKEOVER = new PerMessageDeflate.Agreement(false, false, 15, 15);
    private static final PerMessageDeflate.Agreement NO_TAKEOVER = new PerMessageDeflate.Agreement(true, true, 15, 15);
    private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");
    private static final Pattern NMT_CATEGORY =
            Pattern.compile("-\\s+([A-Za-z][A-Za-z ]*?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");

    private CompressionMemoryProbe() {}

    public static void main(String[] args) throws Exception {
        Map<String, Object> out =
                switch (args[0]) {
                    case "churn" -> churn(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
                    case "idle" ->
                        idle(args[1], Integer.parseInt(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 1024);
                    default -> throw new IllegalArgumentException(args[0]);
                };
        out.forEach((k, v) -> System.out.println(k + "=" + v));
    }

    // ---- churn ----------------------------------------------------------------------------------------------

    private static Map<String, Object> churn(int cycles, int warmup) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < warmup; i++) {
                cycle(i, reader);
            }
            settle();
            Readings before = Readings.now();
            long gcsBefore = gcCount();
            long maxRss = before.rssKb;
            long started = System.nanoTime();
            for (int i = 0; i < cycles; i++) {
                cycle(i, reader);
                if (i % 500 == 499) {
                    maxRss = Math.max(maxRss, currentRssKb());
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Readings noGc = Readings.now();
            long gcs = gcCount() - gcsBefore;
            settle();
            Readings after = Readings.now();
            out.put("cycles", cycles);
            out.put("warmup", warmup);
            out.put("seconds", String.format(java.util.Locale.ROOT, "%.1f", seconds));
            out.put("gcDuringCycles", gcs);
            before.put(out, "before");
            noGc.put(out, "afterNoGc");
            after.put(out, "after");
            out.put("rssMaxKb", maxRss);
        } finally {
            reader.shutdownNow();
        }
        return out;
    }

    /** One connection's life; the mode and the way it ends follow the cycle number. */
    private static void cycle(int i, ExecutorService reader) throws Exception {
        boolean takeover = i % 2 == 0;
        Pair p = Pair.open(takeover ? TAKEOVER : NO_TAKEOVER);
        p.exchange();
        p.exchange();
        switch (i % 3) {
            case 0 -> p.close();
            case 1 -> {
                // The usual server shape: a reader thread blocked in readMessage when close() comes from elsewhere.
                Future<Message> blocked = reader.submit(() -> p.client.readMessage());
                while (!p.clientEnd.readerBlocked() && !blocked.isDone()) {
                    Thread.onSpinWait();
                }
                p.close();
                try {
                    blocked.get(10, TimeUnit.SECONDS);
                    throw new IllegalStateException("read after close succeeded");
                } catch (java.util.concurrent.ExecutionException expected) {
                    // the read failed, as it must
                }
            }
            default -> {
                // Closed while this thread holds the message lock with a streamed, compressed message open.
                MessageOutputStream w = p.server.nextWriter(MessageType.TEXT);
                w.write(JSON, 0, JSON.length / 2);
                p.close();
                try {
                    w.close();
                } catch (IOException expected) {
                    // the connection is gone
                }
            }
        }
    }

    // ---- idle -----------------------------------------------------------------------------------------------

    private static Map<String, Object> idle(String mode, int pairs, int size) throws Exception {
        PerMessageDeflate.Agreement agreement =
                switch (mode) {
                    case "plain" -> null;
                    case "no-takeover" -> NO_TAKEOVER;
                    case "takeover" -> TAKEOVER;
                    default -> throw new IllegalArgumentException(mode);
                };
        // Warm up the code paths (and the deflater pool) so that the reading below counts connections only.
        byte[] message = json(size);
        for (int i = 0; i < 200; i++) {
            Pair p = Pair.open(agreement);
            p.exchange(message);
            p.close();
        }
        settle();
        Readings before = Readings.now();
        List<Pair> open = new ArrayList<>(pairs);
        for (int i = 0; i < pairs; i++) {
            Pair p = Pair.open(agreement);
            p.exchange(message);
            open.add(p);
        }
        settle();
        Readings idle = Readings.now();
        open.forEach(Pair::close);
        open.clear();
        settle();
        Readings closed = Readings.now();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", mode);
        out.put("connections", 2 * pairs);
        out.put("messageBytes", size);
        before.put(out, "before");
        idle.put(out, "idle");
        closed.put(out, "closed");
        return out;
    }

    // ---- fixtures -------------------------------------------------------------------------------------------

    /** A server Conn and a client Conn over a {@link MemoryTransport#pair()}. */
    private record Pair(Conn server, Conn client, MemoryTransport clientEnd) {

        static Pair open(PerMessageDeflate.Agreement agreement) {
            MemoryTransport[] t = MemoryTransport.pair();
            ConnectionOptions settings = ConnectionOptions.builder()
                    .readBufferSize(4096)
                    .writeBufferSize(4096)
                    .build();
            return new Pair(
                    new Conn(t[0], true, settings, "", null, null, agreement),
                    new Conn(t[1], false, settings, "", null, null, agreement),
                    t[1]);
        }

        void exchange() throws IOException {
            exchange(JSON);
        }

        /** One message each way; the peer checks it arrived intact. */
        void exchange(byte[] message) throws IOException {
            server.writeMessage(MessageType.TEXT, message);
            check(client.readMessage(), message);
            client.writeMessage(MessageType.TEXT, message);
            check(server.readMessage(), message);
        }

        private static void check(Message m, byte[] sent) {
            if (!java.util.Arrays.equals(m.data(), sent)) {
                throw new IllegalStateException("message corrupted");
            }
        }

        void close() {
            server.closeNow();
            client.closeNow();
        }
    }

    private static byte[] json(int size) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; sb.length() < size; i++) {
            sb.append("{\"id\":")
                    .append(i)
                    .append(",\"symbol\":\"SYM")
                    .append(i % 17)
                    .append("\",\"price\":")
                    .append(100 + (i * 37) % 900)
                    .append('.')
                    .append(i % 100)
                    .append(",\"qty\":")
                    .append((i * 13) % 500)
                    .append(",\"side\":\"")
                    .append(i % 2 == 0 ? "buy" : "sell")
                    .append("\"},");
        }
        return java.util.Arrays.copyOf(sb.toString().getBytes(StandardCharsets.US_ASCII), size);
    }

    // ---- readings -------------------------------------------------------------------------------------------

    /** Full GCs, so that unreachable objects and their cleaners are gone before a reading. */
    private static void settle() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    static long currentRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** RSS, heap in use, and NMT's committed totals (KiB). */
    private record Readings(
            long rssKb, long heapUsedKb, long nmtTotalKb, long nmtHeapKb, long nmtOtherKb, long nmtInternalKb) {

        static Readings now() throws Exception {
            String nmt = (String) ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "vmNativeMemory",
                            new Object[] {new String[] {"summary"}},
                            new String[] {String[].class.getName()});
            Matcher total = NMT_TOTAL.matcher(nmt);
            long totalKb = total.find() ? Long.parseLong(total.group(2)) : -1;
            Map<String, Long> categories = new LinkedHashMap<>();
            Matcher m = NMT_CATEGORY.matcher(nmt);
            while (m.find()) {
                categories.put(m.group(1).trim(), Long.parseLong(m.group(3)));
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
            return new Readings(
                    currentRssKb(),
                    heap,
                    totalKb,
                    categories.getOrDefault("Java Heap", -1L),
                    categories.getOrDefault("Other", -1L),
                    categories.getOrDefault("Internal", -1L));
        }

        void put(Map<String, Object> out, String prefix) {
            out.put(prefix + ".rssKb", rssKb);
            out.put(prefix + ".heapUsedKb", heapUsedKb);
            out.put(prefix + ".nmtCommittedKb", nmtTotalKb);
            out.put(prefix + ".nmtNonHeapKb", nmtTotalKb - nmtHeapKb);
            out.put(prefix + ".nmtOtherKb", nmtOtherKb);
            out.put(prefix + ".nmtInternalKb", nmtInternalKb);
        }
    }
}
