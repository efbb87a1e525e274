package io.github.wsboot.websocket;

import java.io.IOException;
import java.net.SocketAddress;
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

import io.github.wsboot.websocket.internal.PerMessageDeflate;

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
    private Pipe pipe;
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
        PerMessageDeflate.Agreement agreement = switch (compression) {
            case "none" -> null;
            case "no-takeover" -> new PerMessageDeflate.Agreement(true, true, 15, 15);
            case "takeover" -> new PerMessageDeflate.Agreement(false, false, 15, 15);
            default -> throw new IllegalArgumentException(compression);
        };
        pipe = new Pipe();
        Conn.Settings settings = new Conn.Settings(Upgrader.DEFAULT_BUFFER_SIZE, Upgrader.DEFAULT_BUFFER_SIZE, null, null, 1);
        server = new Conn(pipe.serverEnd, true, settings, "", null, null, agreement);
        client = new Conn(pipe.clientEnd, false, settings, "", null, null, agreement);
    }

    @TearDown
    public void tearDown() {
        double perMessage = (double) pipe.written / sent;
        System.out.printf(Locale.ROOT, "%n%s: %.1f bytes on the wire per %d-byte message (%.1f %%), over %d messages%n",
                compression, perMessage, MESSAGE_SIZE, 100 * perMessage / MESSAGE_SIZE, sent);
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
        StringBuilder sb = new StringBuilder("{\"type\":\"book\",\"seq\":").append(100_000 + seq)
                .append(",\"symbol\":\"").append(new String[] {"ACME", "GLOBX", "INITECH", "UMBRL"}[r.nextInt(4)])
                .append("\",\"ts\":").append(1_700_000_000_000L + r.nextInt(1_000_000)).append(",\"bids\":[");
        while (sb.length() < MESSAGE_SIZE - 80) {
            sb.append("{\"px\":").append(100 + r.nextInt(900)).append('.').append(r.nextInt(100))
                    .append(",\"qty\":").append(r.nextInt(10_000)).append(",\"orders\":").append(1 + r.nextInt(40)).append("},");
        }
        sb.setLength(sb.length() - 1);
        sb.append("],\"venue\":\"XNAS\",\"status\":\"open\"");
        while (sb.length() < MESSAGE_SIZE - 1) {
            sb.append(' ');
        }
        sb.append('}');
        return Arrays.copyOf(sb.toString().getBytes(StandardCharsets.US_ASCII), MESSAGE_SIZE);
    }

    /**
     * Two transports joined in memory for a single thread: a write appends to the other end's queue, a read
     * takes what is queued (the echo always writes before it reads, so a read never finds the queue empty).
     * Counts every byte written, both ways.
     */
    private static final class Pipe {
        private final Queue toServer = new Queue();
        private final Queue toClient = new Queue();
        private long written;
        final Transport serverEnd = new End(toServer, toClient);
        final Transport clientEnd = new End(toClient, toServer);

        private final class End implements Transport {
            private final Queue in;
            private final Queue out;

            End(Queue in, Queue out) {
                this.in = in;
                this.out = out;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.take(b, off, len);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                out.put(b, off, len);
                written += len;
            }

            @Override
            public SocketAddress localAddress() {
                return null;
            }

            @Override
            public SocketAddress remoteAddress() {
                return null;
            }

            @Override
            public void close() {
                // Nothing to release.
            }
        }
    }

    /** A growable byte queue. */
    private static final class Queue {
        private byte[] buf = new byte[8192];
        private int start;
        private int end;

        void put(byte[] b, int off, int len) {
            if (end + len > buf.length) {
                int used = end - start;
                byte[] to = used + len > buf.length ? new byte[Math.max(2 * buf.length, used + len)] : buf;
                System.arraycopy(buf, start, to, 0, used);
                buf = to;
                start = 0;
                end = used;
            }
            System.arraycopy(b, off, buf, end, len);
            end += len;
        }

        int take(byte[] b, int off, int len) {
            if (start == end) {
                throw new IllegalStateException("read with nothing written: the echo is out of step");
            }
            int n = Math.min(len, end - start);
            System.arraycopy(buf, start, b, off, n);
            start += n;
            if (start == end) {
                start = 0;
                end = 0;
            }
            return n;
        }
    }
}
