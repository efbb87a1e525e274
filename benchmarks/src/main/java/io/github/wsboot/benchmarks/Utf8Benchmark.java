package io.github.wsboot.benchmarks;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.github.wsboot.websocket.internal.Utf8Validator;

/**
 * {@link Utf8Validator} against the JDK's own UTF-8 decoding of the same bytes. The JDK baselines do more
 * work (they produce chars) but they are what an application would otherwise use to reject bad text, so the
 * target is: validating must not be slower than decoding.
 *
 * <p>Score: operations (one whole buffer of {@code size} bytes) per second; GB/s = score × size / 10^9.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Utf8Benchmark {

    @Param({"ASCII", "MIXED"})
    public String text;

    @Param({"64", "4096", "1048576"})
    public int size;

    private byte[] bytes;
    private final Utf8Validator validator = new Utf8Validator();
    private final BranchyUtf8Validator branchy = new BranchyUtf8Validator();
    private CharsetDecoder decoder;
    private ByteBuffer in;
    private CharBuffer out;

    @Setup
    public void setUp() {
        bytes = Payloads.text(text, size);
        decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        in = ByteBuffer.wrap(bytes);
        out = CharBuffer.allocate(size); // UTF-8 never yields more chars than bytes
        if (!Utf8Validator.isValid(bytes, 0, bytes.length)
                || baselineJdkDecoder().isError()) {
            throw new IllegalStateException("benchmark input is not valid UTF-8");
        }
    }

    /** What Conn does per text message: reset, feed, check the message ends on a sequence boundary. */
    @Benchmark
    public boolean validator() {
        validator.reset();
        return validator.feed(bytes, 0, bytes.length) && validator.isComplete();
    }

    /** The implementation before the DFA rewrite, for the record. */
    @Benchmark
    public boolean previousBranchyValidator() {
        branchy.reset();
        return branchy.feed(bytes, 0, bytes.length) && branchy.isComplete();
    }

    /** The usual way to turn a text payload into a String; allocates the String. */
    @Benchmark
    public String baselineJdkNewString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Strict decoding without allocation: reused decoder, input and output buffers. */
    @Benchmark
    public CoderResult baselineJdkDecoder() {
        decoder.reset();
        in.clear();
        out.clear();
        CoderResult r = decoder.decode(in, out, true);
        return r.isError() ? r : decoder.flush(out);
    }
}
