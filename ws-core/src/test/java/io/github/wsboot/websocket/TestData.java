package io.github.wsboot.websocket;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;

import org.assertj.core.api.Assertions;
import org.assertj.core.api.ThrowableAssert;

/** Message contents and measurements shared by the connection tests. */
final class TestData {

    private TestData() {}

    /** Asserts that {@code read} fails with a {@link CloseException} that carries {@code code}. */
    static void assertClosedWith(ThrowableAssert.ThrowingCallable read, int code) {
        Assertions.assertThatThrownBy(read)
                .isInstanceOfSatisfying(
                        CloseException.class,
                        e -> Assertions.assertThat(e.code()).isEqualTo(code));
    }

    /** A deterministic byte of an endless pseudo-random stream, so writers need not hold whole messages. */
    static byte at(long seed, long i) {
        long x = (i + seed) * 0x9E3779B97F4A7C15L;
        x ^= x >>> 29;
        return (byte) x;
    }

    /** Fills {@code buf[0..len)} with the stream's bytes from {@code position}. */
    static void fill(long seed, long position, byte[] buf, int len) {
        for (int i = 0; i < len; i++) {
            buf[i] = at(seed, position + i);
        }
    }

    static byte[] binary(int length, long seed) {
        byte[] b = new byte[length];
        fill(seed, 0, b, length);
        return b;
    }

    /**
     * Valid UTF-8 of exactly {@code length} bytes, mostly two-, three- and four-byte characters, so that frame
     * and read boundaries fall inside characters.
     */
    static byte[] text(int length) {
        StringBuilder sb = new StringBuilder();
        String[] pieces = {"é", "€", "😀", "a"};
        int bytes = 0;
        int i = 0;
        while (bytes < length) {
            String p = pieces[i++ % pieces.length];
            int n = p.getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > length) {
                p = "a";
                n = 1;
            }
            sb.append(p);
            bytes += n;
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (b.length != length) {
            throw new AssertionError("text generator produced " + b.length + " bytes, wanted " + length);
        }
        return b;
    }

    static long crc(byte[] b) {
        CRC32 crc = new CRC32();
        crc.update(b);
        return crc.getValue();
    }

    /** Bytes allocated so far by the current thread (HotSpot's per-thread allocation counter). */
    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Runs {@code task} on a new daemon thread. */
    static <T> CompletableFuture<T> async(String name, Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread t = new Thread(
                () -> {
                    try {
                        f.complete(task.call());
                    } catch (Throwable e) {
                        f.completeExceptionally(e);
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
        return f;
    }

    /**
     * Reads on {@code conn} on a new daemon thread; the future holds what the read threw (null if a message
     * arrived instead), so a test can check how a blocked read ended.
     */
    static CompletableFuture<Throwable> readFailure(String name, Conn conn) {
        return async(name, () -> Assertions.catchThrowable(conn::readMessage));
    }
}
