package io.github.wsboot.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
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
 * Echo of 1 KiB JSON-like text messages between a client {@link Conn} and a server {@link Conn} joined in
 * memory, without compression and with permessage-deflate with and without context takeover (deflate level
 * 1, the default). One operation is one echo: the client writes a message, the server reads it and writes it
 * back, the client reads it — two messages, each compressed and inflated when compression is on. Masking,
 * framing, UTF-8 validation included; no network.
 *
 * <p>The messages are 64 different records of a market-data feed (same keys, different values), sent in turn,
 * so that context takeover gains from the shared structure but never finds the same message in its 32 KiB
 * window. Besides the score (echoes per second; messages per second is twice that), each fork prints the
 * bytes on the wire per message (frame header, mask key and payload, both directions averaged) at its end.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CompressionBenchmark {

    private static final int MESSAGE_SIZE = 1024;
    private static final int MESSAGES = 64;

    @Param({"none", "no-takeover", "takeover"})
    public String compression;

    private byte[][] messages;
    private int next;
    private MemoryTransport[] pipe;
    private Conn client;
    private Conn server;
    private long sent;

    @Setup
    public void setUp() {
        messages = new byte[MESSAGES][];
        SplittableRandom r = new SplittableRandom(1234);
        for (int i = 0; i < MESSAGES; i++) {
            messages[i] = record(r, i);
        }
        TestConns.Deflate deflate =
                switch (compression) {
                    case "none" -> TestConns.Deflate.NONE;
                    case "no-takeover" -> TestConns.Deflate.NO_CONTEXT_TAKEOVER;
                    case "takeover" -> TestConns.Deflate.CONTEXT_TAKEOVER;
                    default -> throw new IllegalArgumentException(compression);
                };
        pipe = MemoryTransport.pair();
        TestConns.Builder conns =
                TestConns.builder().bufferSize(Upgrader.DEFAULT_BUFFER_SIZE).deflate(deflate);
        server = conns.server(true).over(pipe[0]);
        client = conns.server(false).over(pipe[1]);
    }

    @TearDown
    public void tearDown() {
        double perMessage = (double) (pipe[0].bytesWritten() + pipe[1].bytesWritten()) / sent;
        System.out.printf(
                Locale.ROOT,
                "%n%s: %.1f bytes on the wire per %d-byte message (%.1f %%), over %d messages%n",
                compression,
                perMessage,
                MESSAGE_SIZE,
                100 * perMessage / MESSAGE_SIZE,
                sent);
        client.close();
        server.close();
    }

    @Benchmark
    public Message echo() throws IOException {
        byte[] m = messages[next];
        next = (next + 1) % MESSAGES;
        client.writeMessage(MessageType.TEXT, m);
        Message received = server.readMessage();
        server.writeMessage(MessageType.TEXT, received.data());
        sent += 2;
        return client.readMessage();
    }

    /** One price-update record of exactly {@link #MESSAGE_SIZE} bytes of JSON-like ASCII. */
    private static byte[] record(SplittableRandom r, int seq) {
        StringBuilder sb = new StringBuilder("{\"type\":\"book\",\"seq\":")
                .append(100_000 + seq)
                .append(",\"symbol\":\"")
                .append(new String[] {"ACME", "GLOBX", "INITECH", "UMBRL"}[r.nextInt(4)])
                .append("\",\"ts\":")
                .append(1_700_000_000_000L + r.nextInt(1_000_000))
                .append(",\"bids\":[");
        while (sb.length() < MESSAGE_SIZE - 80) {
            sb.append("{\"px\":")
                    .append(100 + r.nextInt(900))
                    .append('.')
                    .append(r.nextInt(100))
                    .append(",\"qty\":")
                    .append(r.nextInt(10_000))
                    .append(",\"orders\":")
                    .append(1 + r.nextInt(40))
                    .append("},");
        }
        sb.setLength(sb.length() - 1);
        sb.append("],\"venue\":\"XNAS\",\"status\":\"open\"");
        while (sb.length() < MESSAGE_SIZE - 1) {
            sb.append(' ');
        }
        sb.append('}');
        return Arrays.copyOf(sb.toString().getBytes(StandardCharsets.US_ASCII), MESSAGE_SIZE);
    }
}
