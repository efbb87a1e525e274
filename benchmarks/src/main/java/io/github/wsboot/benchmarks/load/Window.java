package io.github.wsboot.benchmarks.load;

import java.io.IOException;

import org.HdrHistogram.Histogram;

/**
 * One measurement window: counts, a latency histogram in microseconds, and the client's and server's CPU
 * time between {@link #start} and {@link #stop}.
 */
final class Window {

    final Histogram latencyMicros = new Histogram(60_000_000L, 2);
    long messages;
    private final CpuClock self;
    private final CpuClock server;
    private long startNanos;
    private long elapsedNanos;
    private long selfCpu;
    private long serverCpu;

    Window(CpuClock self, CpuClock server) {
        this.self = self;
        this.server = server;
    }

    void start() throws IOException {
        latencyMicros.reset();
        messages = 0;
        selfCpu = self.nanos();
        serverCpu = server == null ? 0 : server.nanos();
        startNanos = System.nanoTime();
    }

    void stop() throws IOException {
        elapsedNanos = System.nanoTime() - startNanos;
        selfCpu = self.nanos() - selfCpu;
        serverCpu = server == null ? -1 : server.nanos() - serverCpu;
    }

    void record(long nanos) {
        latencyMicros.recordValue(Math.min(Math.max(1, nanos / 1000), latencyMicros.getHighestTrackableValue()));
    }

    double seconds() {
        return elapsedNanos / 1e9;
    }

    /** Key=value figures: rate, latency percentiles, client CPU (% of a core), server CPU per message. */
    String figures(String countName) {
        double rate = messages / seconds();
        StringBuilder b = new StringBuilder();
        b.append(countName)
                .append('=')
                .append(messages)
                .append(" rate=")
                .append(String.format("%.1f", rate))
                .append(" p50_us=")
                .append(latencyMicros.getValueAtPercentile(50))
                .append(" p99_us=")
                .append(latencyMicros.getValueAtPercentile(99))
                .append(" client_cpu_pct=")
                .append(String.format("%.1f", 100.0 * selfCpu / elapsedNanos));
        if (serverCpu >= 0) {
            b.append(" server_cpu_pct=")
                    .append(String.format("%.1f", 100.0 * serverCpu / elapsedNanos))
                    .append(" server_cpu_us_per_msg=")
                    .append(String.format("%.3f", messages == 0 ? 0 : serverCpu / 1000.0 / messages));
        }
        return b.toString();
    }
}
