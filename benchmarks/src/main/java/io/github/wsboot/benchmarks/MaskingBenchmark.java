package io.github.wsboot.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.github.wsboot.websocket.internal.Masking;

/**
 * {@link Masking#mask} (eight bytes per step through a long view) against the byte-at-a-time loop that
 * gorilla's {@code mask_test.go} uses as its reference ({@code maskBytesByByte}).
 *
 * <p>Score: operations (one call masking {@code size} bytes) per second. Bandwidth in GB/s (10^9 bytes/s) is
 * score × size / 10^9; {@link Summary} prints it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MaskingBenchmark {

    @Param({"16", "128", "1024", "65536", "1048576"})
    public int size;

    private byte[] buf;
    private byte[] keyBytes;
    private int key;

    @Setup
    public void setUp() {
        buf = Payloads.random(size, 1);
        key = 0x9e3779b9;
        keyBytes = new byte[] {(byte) (key >>> 24), (byte) (key >>> 16), (byte) (key >>> 8), (byte) key};
    }

    @Benchmark
    public int mask() {
        // Masking in place twice would cancel out; once per call is what a frame costs, and the data
        // toggling between two states does not change the work done.
        return Masking.mask(key, 0, buf, 0, size);
    }

    @Benchmark
    public int baselineByteLoop() {
        return maskBytesByByte(keyBytes, 0, buf, size);
    }

    /** gorilla's reference implementation, transcribed. */
    private static int maskBytesByByte(byte[] key, int pos, byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            b[i] ^= key[pos & 3];
            pos++;
        }
        return pos & 3;
    }
}
