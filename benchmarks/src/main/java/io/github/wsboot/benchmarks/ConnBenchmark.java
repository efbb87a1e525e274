package io.github.wsboot.benchmarks;

import java.io.IOException;
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

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.TestConns;
import io.github.wsboot.websocket.Upgrader;
import io.github.wsboot.websocket.testing.MemoryTransport;

/**
 * Whole-message writes and reads through {@link Conn}, with locks, deadline checks and UTF-8 validation, over
 * in-memory transports. The connections come from ws-core's test fixtures ({@link TestConns}): Conn's
 * constructor is package-private.
 *
 * <p>Score: messages per second; MB/s of payload = score × size / 10^6. Run with {@code -prof gc}: the
 * write path should allocate nothing per message, the read path only the returned message (its byte[] of
 * {@code size} bytes plus header, and the {@link Message} record).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ConnBenchmark {

    /** Upgrader.DEFAULT_BUFFER_SIZE, for reads and writes. */
    private static final int BUFFER = Upgrader.DEFAULT_BUFFER_SIZE;

    @Param({"32", "1024", "65536"})
    public int size;

    @Param({"server", "client"})
    public String role;

    private byte[] payload;
    private Conn writer;
    private Conn binaryReader;
    private Conn textReader;

    @Setup
    public void setUp() {
        boolean server = role.equals("server");
        payload = Payloads.random(size, 3);
        TestConns.Builder conns = TestConns.builder().server(server).bufferSize(BUFFER);
        writer = conns.over(MemoryTransport.sink());
        // The peer masks exactly when this side is the server.
        byte[] binary = Payloads.frameStream(MessageType.BINARY, payload, server, 256 * 1024);
        binaryReader = conns.over(MemoryTransport.replaying(binary));
        byte[] text = Payloads.frameStream(MessageType.TEXT, Payloads.text("MIXED", size), server, 256 * 1024);
        textReader = conns.over(MemoryTransport.replaying(text));
    }

    @TearDown
    public void tearDown() {
        writer.close();
        binaryReader.close();
        textReader.close();
    }

    @Benchmark
    public void writeMessage() throws IOException {
        writer.writeMessage(MessageType.BINARY, payload);
    }

    @Benchmark
    public Message readMessage() throws IOException {
        return binaryReader.readMessage();
    }

    /** Same, plus UTF-8 validation of mixed-script text. */
    @Benchmark
    public Message readTextMessage() throws IOException {
        return textReader.readMessage();
    }
}
