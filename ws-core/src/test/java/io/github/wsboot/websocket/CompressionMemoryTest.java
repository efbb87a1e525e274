package io.github.wsboot.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * permessage-deflate's native memory, measured in forked JVMs running {@link CompressionMemoryProbe}: the zlib
 * state of inflaters and deflaters lives outside the Java heap (plain {@code malloc}, invisible to Native
 * Memory Tracking), so it is read as RSS of a JVM whose heap is fixed and pre-touched; NMT's non-heap total is
 * reported alongside for the JVM's own native memory.
 *
 * <p>Churn: {@code -Dws.leak.cycles} connections (default 100,000; about 15 s) open, exchange compressed
 * messages, and close, in both takeover modes and three ways of closing; RSS must stay flat. If the zlib
 * state of closed connections were left to the garbage collector's cleaners instead of being ended at close,
 * RSS would climb by hundreds of MiB between collections (checked by hand by skipping {@code end()}: +312
 * MiB over 20,000 cycles); the idle test below shows the per-connection amount such a leak would add.
 */
class CompressionMemoryTest {

    private static final int CYCLES = Integer.getInteger("ws.leak.cycles", 100_000);
    private static final long MIB = 1024;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void connectionChurnLeavesNoNativeMemoryBehind() throws Exception {
        Map<String, Long> r = probe("256m", "churn", Integer.toString(CYCLES), "2000");
        long growth = r.get("after.rssKb") - r.get("before.rssKb");
        long peak = r.get("rssMaxKb") - r.get("before.rssKb");
        long nmt = r.get("after.nmtNonHeapKb") - r.get("before.nmtNonHeapKb");
        System.out.printf(
                Locale.ROOT,
                "compression churn: %d connections (pairs) after 2000 warm-up, %d GCs during them: "
                        + "RSS %d -> %d KiB (%+d KiB, peak %+d KiB); NMT non-heap committed %d -> %d KiB (%+d KiB); "
                        + "NMT Other %d -> %d KiB, Internal %d -> %d KiB%n",
                CYCLES,
                r.get("gcDuringCycles"),
                r.get("before.rssKb"),
                r.get("after.rssKb"),
                growth,
                peak,
                r.get("before.nmtNonHeapKb"),
                r.get("after.nmtNonHeapKb"),
                nmt,
                r.get("before.nmtOtherKb"),
                r.get("after.nmtOtherKb"),
                r.get("before.nmtInternalKb"),
                r.get("after.nmtInternalKb"));
        assertThat(growth).as("RSS growth over the churn (KiB)").isLessThan(32 * MIB);
        assertThat(peak).as("RSS peak during the churn (KiB)").isLessThan(64 * MIB);
        assertThat(nmt).as("NMT non-heap growth (KiB)").isLessThan(16 * MIB);
    }

    /**
     * 1,000 idle connection pairs per mode, after one message each way. Per connection (one Conn, one end):
     * heap from the heap in use after GC, native from RSS over a pre-touched heap.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void memoryPerIdleConnection() throws Exception {
        List<String> rows = new ArrayList<>();
        Map<String, double[]> perConn = new LinkedHashMap<>();
        for (String[] run : new String[][] {
            {"plain", "1024"},
            {"no-takeover", "1024"},
            {"takeover", "1024"},
            {"plain", "65536"},
            {"no-takeover", "65536"},
            {"takeover", "65536"}
        }) {
            Map<String, Long> r = probe("512m", "idle", run[0], "1000", run[1]);
            double conns = r.get("connections");
            double heap = (r.get("idle.heapUsedKb") - r.get("before.heapUsedKb")) / conns;
            double rss = (r.get("idle.rssKb") - r.get("before.rssKb")) / conns;
            double afterClose = (r.get("closed.rssKb") - r.get("before.rssKb")) / conns;
            perConn.put(run[0] + "/" + run[1], new double[] {heap, rss});
            rows.add(String.format(
                    Locale.ROOT, "| %-11s | %6s | %8.1f | %10.1f | %13.1f |", run[0], run[1], heap, rss, afterClose));
        }
        System.out.println("memory per idle connection (KiB per Conn, 2,000 Conns):\n"
                + "| mode        | msg B  | heap KiB | native KiB | RSS after close |\n"
                + "|---|---:|---:|---:|---:|\n" + String.join("\n", rows));
        // Without takeover the zlib state goes back to the pool after each message: nothing native per connection.
        assertThat(perConn.get("no-takeover/1024")[1]).isLessThan(16);
        // With takeover each connection keeps a deflater and an inflater: tens to hundreds of KiB, which a leak
        // of closed connections' state would add per cycle and the churn test would see.
        assertThat(perConn.get("takeover/1024")[1]).isBetween(32.0, 1024.0);
        assertThat(perConn.get("takeover/65536")[1]).isGreaterThanOrEqualTo(perConn.get("takeover/1024")[1]);
        // An idle connection's heap does not depend on the largest message it compressed (it used to keep the
        // compressed copy of its last large message: +16 KiB per Conn here after 64 KiB messages).
        assertThat(perConn.get("no-takeover/65536")[0]).isLessThan(perConn.get("no-takeover/1024")[0] + 4);
        assertThat(perConn.get("takeover/65536")[0]).isLessThan(perConn.get("takeover/1024")[0] + 4);
    }

    /** Runs the probe in a JVM with a fixed, pre-touched heap, so that RSS changes are native memory. */
    private static Map<String, Long> probe(String heap, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heap,
                "-Xmx" + heap,
                "-XX:+AlwaysPreTouch",
                "-XX:+UseSerialGC",
                "-XX:NativeMemoryTracking=summary",
                "-cp",
                System.getProperty("java.class.path"),
                CompressionMemoryProbe.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        // Few malloc arenas: freed zlib memory is reused instead of spread over per-thread arenas.
        pb.environment().put("MALLOC_ARENA_MAX", "2");
        Process p = pb.start();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(4, TimeUnit.MINUTES)).as("probe finished").isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).as("probe exit code; output:%n%s", out).isZero();
        Map<String, Long> readings = new LinkedHashMap<>();
        for (String line : out.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(eq + 1).matches("-?\\d+")) {
                readings.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
            }
        }
        return readings;
    }
}
