package io.github.wsboot.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The validator as it was before the DFA rewrite (a branch per byte outside ASCII runs), kept only so that
 * {@link Utf8Benchmark} can show what the rewrite bought on the same machine in the same run.
 *
 * <p>Incremental UTF-8 validation (RFC 3629), fed chunk by chunk so that a text message split across frames —
 * or across reads — is rejected at the first byte that cannot be part of a valid sequence ("fail fast"),
 * not at the end of the message. Runs of ASCII are skipped eight bytes at a time.
 *
 * <p>Not thread-safe: one instance per reading connection, {@link #reset()} between messages.
 */
final class BranchyUtf8Validator {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    /** Continuation bytes still expected by the current sequence. */
    private int pending;
    /** Allowed range of the next continuation byte (narrower after E0, ED, F0, F4). */
    private int low = 0x80;

    private int high = 0xbf;

    /** Forgets any partial sequence. */
    public void reset() {
        pending = 0;
        low = 0x80;
        high = 0xbf;
    }

    /** Whether the bytes fed so far end on a sequence boundary. */
    public boolean isComplete() {
        return pending == 0;
    }

    /**
     * Feeds {@code len} bytes.
     *
     * @return false as soon as the input cannot be valid UTF-8, whatever follows
     */
    public boolean feed(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        int pending = this.pending;
        int low = this.low;
        int high = this.high;
        while (i < end) {
            if (pending == 0) {
                while (i <= end - 8 && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
                    i += 8;
                }
                if (i == end) {
                    break;
                }
                int c = b[i++] & 0xff;
                if (c < 0x80) {
                    continue;
                }
                if (c < 0xc2) {
                    return fail();
                } else if (c < 0xe0) {
                    pending = 1;
                } else if (c < 0xf0) {
                    pending = 2;
                    low = c == 0xe0 ? 0xa0 : 0x80; // no overlong 3-byte forms
                    high = c == 0xed ? 0x9f : 0xbf; // no UTF-16 surrogates
                } else if (c < 0xf5) {
                    pending = 3;
                    low = c == 0xf0 ? 0x90 : 0x80; // no overlong 4-byte forms
                    high = c == 0xf4 ? 0x8f : 0xbf; // nothing above U+10FFFF
                } else {
                    return fail();
                }
            } else {
                int c = b[i++] & 0xff;
                if (c < low || c > high) {
                    return fail();
                }
                pending--;
                low = 0x80;
                high = 0xbf;
            }
        }
        this.pending = pending;
        this.low = low;
        this.high = high;
        return true;
    }

    private boolean fail() {
        reset();
        return false;
    }

    /** Validates a whole byte range at once. */
    public static boolean isValid(byte[] b, int off, int len) {
        BranchyUtf8Validator v = new BranchyUtf8Validator();
        return v.feed(b, off, len) && v.isComplete();
    }
}
