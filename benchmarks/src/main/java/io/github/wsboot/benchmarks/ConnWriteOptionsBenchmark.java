package io.github.wsboot.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.github.wsboot.websocket.BufferPool;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.TestConns;
import io.github.wsboot.websocket.Upgrader;
import io.github.wsboot.websocket.testing.MemoryTransport;

/**
 * What the per-connection write options cost on the server's write path ({@code Conn.writeMessage}, binary, into
 * a sink that copies once): {@code plain} has no write timeout and its own write buffer; {@code timeout} adds a
 * 10 s write timeout (the starter's default), enforced by {@code DeadlineWatch}; {@code pooled} takes the write
 * buffer from a {@link BufferPool} for each message and returns it after (the buffer is then held only while
 * writing: 4 KiB less per idle connection); {@code timeout+pooled} both.
 *
 * <p>The timeout variant is the one the load benchmark's strace caught: before {@code DeadlineWatch}, every
 * write scheduled and cancelled a task on the shared timer, whose thread was woken each time. Running it with
 * {@code -t 4} (four writing threads on separate connections) shows the contention on that timer as well.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ConnWriteOptionsBenchmark {

    private static final int BUFFER = Upgrader.DEFAULT_BUFFER_SIZE;
    /** Shared by every benchmark thread, as one pool is shared by an application's connections. */
    private static final BufferPool POOL = BufferPool.bounded(64);

    @Param({"32", "1024"})
    public int size;

    @Param({"plain", "timeout", "pooled", "timeout+pooled"})
    public String option;

    private byte[] payload;
    private Conn writer;

    @Setup
    public void setUp() {
        payload = Payloads.random(size, 3);
        BufferPool pool = option.contains("pooled") ? POOL : null;
        writer = TestConns.builder()
                .server(true)
                .bufferSize(BUFFER)
                .writeBufferPool(pool)
                .over(MemoryTransport.sink());
        if (option.contains("timeout")) {
            writer.setWriteTimeout(Duration.ofSeconds(10));
        }
    }

    @TearDown
    public void tearDown() {
        writer.close();
    }

    @Benchmark
    public void writeMessage() throws IOException {
        writer.writeMessage(MessageType.BINARY, payload);
    }
}
