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

import io.github.wsboot.websocket.internal.FrameReader;
import io.github.wsboot.websocket.internal.Masking;
import io.github.wsboot.websocket.internal.WebSocketProtocol;
import io.github.wsboot.websocket.testing.MemoryTransport;

/**
 * Frame encoding and decoding below {@code Conn}: no locks, no deadlines, no validation of what the header
 * says. {@code role} is the endpoint doing the work: a client masks what it encodes, a server unmasks what it
 * decodes.
 *
 * <p>Score: frames per second; GB/s of payload = score × size / 10^9. Run with {@code -prof gc}: both paths
 * should show gc.alloc.rate.norm ≈ 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FrameBenchmark {

    /** Conn's default read buffer (Upgrader.DEFAULT_BUFFER_SIZE). */
    private static final int READ_BUFFER = 4096;

    private static final int START = WebSocketProtocol.MAX_HEADER_SIZE;
    private static final FrameReader.ReadGuard NO_GUARD = new FrameReader.ReadGuard() {
        @Override
        public void beforeRead() {}

        @Override
        public void afterRead() {}
    };

    @Param({"32", "1024", "65536"})
    public int size;

    @Param({"server", "client"})
    public String role;

    private boolean client;
    private byte[] payload;
    private byte[] writeBuf;
    private int keyState;
    private FrameReader reader;
    private byte[] readDst;

    @Setup
    public void setUp() {
        client = role.equals("client");
        payload = Payloads.random(size, 2);
        writeBuf = new byte[START + size];
        keyState = 0x2545f491;
        // What a server reads was masked by a client, and the other way round.
        byte[] stream = Payloads.frameStream(WebSocketProtocol.OPCODE_BINARY, payload, !client, 256 * 1024);
        reader = new FrameReader(MemoryTransport.replaying(stream), READ_BUFFER, NO_GUARD);
        readDst = new byte[size];
    }

    /** Conn.writeMessage's work: copy the payload behind the header space, mask if client, write the header. */
    @Benchmark
    public int encode() {
        System.arraycopy(payload, 0, writeBuf, START, size);
        int b0 = WebSocketProtocol.B0_FLAG_FIN | WebSocketProtocol.OPCODE_BINARY;
        if (client) {
            int key = nextKey();
            Masking.mask(key, 0, writeBuf, START, size);
            return WebSocketProtocol.writeHeader(writeBuf, START, b0, size, true, key);
        }
        return WebSocketProtocol.writeHeader(writeBuf, START, b0, size, false, 0);
    }

    /** One header, then the whole payload into a reused array (unmasked by the reader for a server). */
    @Benchmark
    public int decode() throws IOException {
        reader.readHeader();
        int off = 0;
        while (reader.remaining() > 0) {
            off += reader.readPayload(readDst, off, readDst.length - off);
        }
        return off + readDst[0];
    }

    /** xorshift: a different key per frame, as on the wire, without SecureRandom's cost in the measurement. */
    private int nextKey() {
        int x = keyState;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        keyState = x;
        return x;
    }
}
