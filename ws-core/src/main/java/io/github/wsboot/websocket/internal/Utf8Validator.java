package io.github.wsboot.websocket.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Incremental UTF-8 validation (RFC 3629), fed chunk by chunk so that a text message split across frames —
 * or across reads — is rejected at the first chunk that holds a byte that cannot be part of a valid sequence
 * ("fail fast"), not at the end of the message.
 *
 * <p>Runs of ASCII are skipped 32 bytes at a time. Everything else goes through a branch-free DFA in the
 * "shift-based" form: each byte value maps to one 64-bit row holding, for every state, the next state; a
 * state is its own bit offset in the row, so a step is one table load (independent of the state) and one
 * shift. Mixed-script text mispredicts a branchy decoder on almost every character; this does not branch on
 * the data at all.
 *
 * <p>Not thread-safe: one instance per reading connection, {@link #reset()} between messages.
 */
public final class Utf8Validator {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    // DFA states, each named by its bit offset in a TRANSITIONS row (six bits per state, nine states).
    /** On a sequence boundary. */
    private static final int ACCEPT = 0;
    /** Absorbing: nothing that follows can make the input valid. */
    private static final int ERROR = 6;
    /** One continuation byte left, 80..BF. */
    private static final int CONT1 = 12;
    /** Two left, the first 80..BF. */
    private static final int CONT2 = 18;
    /** Two left after E0, the first A0..BF: no overlong 3-byte forms. */
    private static final int CONT2_E0 = 24;
    /** Two left after ED, the first 80..9F: no UTF-16 surrogates. */
    private static final int CONT2_ED = 30;
    /** Three left, the first 80..BF. */
    private static final int CONT3 = 36;
    /** Three left after F0, the first 90..BF: no overlong 4-byte forms. */
    private static final int CONT3_F0 = 42;
    /** Three left after F4, the first 80..8F: nothing above U+10FFFF. */
    private static final int CONT3_F4 = 48;

    private static final int STATE_BITS = 63;

    /** Per byte value: the next state of state s is {@code (row >>> s) & 63}. */
    private static final long[] TRANSITIONS = new long[256];

    static {
        for (int c = 0; c < 256; c++) {
            long row = (long) ERROR << ERROR;
            row |= (long) afterBoundary(c) << ACCEPT;
            row |= (long) continuation(c, 0x80, 0xbf, ACCEPT) << CONT1;
            row |= (long) continuation(c, 0x80, 0xbf, CONT1) << CONT2;
            row |= (long) continuation(c, 0xa0, 0xbf, CONT1) << CONT2_E0;
            row |= (long) continuation(c, 0x80, 0x9f, CONT1) << CONT2_ED;
            row |= (long) continuation(c, 0x80, 0xbf, CONT2) << CONT3;
            row |= (long) continuation(c, 0x90, 0xbf, CONT2) << CONT3_F0;
            row |= (long) continuation(c, 0x80, 0x8f, CONT2) << CONT3_F4;
            TRANSITIONS[c] = row;
        }
    }

    private static int afterBoundary(int c) {
        if (c < 0x80) {
            return ACCEPT;
        } else if (c < 0xc2) {
            return ERROR; // a continuation byte, or C0/C1 (overlong 2-byte forms)
        } else if (c < 0xe0) {
            return CONT1;
        } else if (c < 0xf0) {
            return c == 0xe0 ? CONT2_E0 : c == 0xed ? CONT2_ED : CONT2;
        } else if (c < 0xf5) {
            return c == 0xf0 ? CONT3_F0 : c == 0xf4 ? CONT3_F4 : CONT3;
        }
        return ERROR;
    }

    private static int continuation(int c, int low, int high, int next) {
        return c >= low && c <= high ? next : ERROR;
    }

    /** The DFA state after the bytes fed so far; never ERROR between calls. */
    private int state = ACCEPT;

    /** Forgets any partial sequence. */
    public void reset() {
        state = ACCEPT;
    }

    /** Whether the bytes fed so far end on a sequence boundary. */
    public boolean isComplete() {
        return state == ACCEPT;
    }

    /**
     * Feeds {@code len} bytes.
     *
     * @return false as soon as the input cannot be valid UTF-8, whatever follows
     */
    public boolean feed(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        int s = state;
        long[] transitions = TRANSITIONS;
        while (i <= end - 16) {
            if ((s & STATE_BITS) == ACCEPT) {
                while (i <= end - 32
                        && (((long) LONGS.get(b, i)
                                                | (long) LONGS.get(b, i + 8)
                                                | (long) LONGS.get(b, i + 16)
                                                | (long) LONGS.get(b, i + 24))
                                        & HIGH_BITS)
                                == 0) {
                    i += 32;
                }
                if (i > end - 16) {
                    break;
                }
            }
            // Sixteen bytes through the DFA, taken from two word loads rather than sixteen byte loads.
            s = step8(transitions, (long) LONGS.get(b, i), s);
            s = step8(transitions, (long) LONGS.get(b, i + 8), s);
            if ((s & STATE_BITS) == ERROR) {
                return fail();
            }
            i += 16;
        }
        for (; i < end; i++) {
            s = (int) (transitions[b[i] & 0xff] >>> s);
        }
        if ((s & STATE_BITS) == ERROR) {
            return fail();
        }
        state = s & STATE_BITS;
        return true;
    }

    /**
     * Eight bytes of a little-endian word, first byte lowest. The shift count of a long uses only the low six
     * bits of s, so the other row bits that come along with each step need no masking.
     */
    private static int step8(long[] transitions, long w, int s) {
        s = (int) (transitions[(int) w & 0xff] >>> s);
        s = (int) (transitions[(int) (w >>> 8) & 0xff] >>> s);
        s = (int) (transitions[(int) (w >>> 16) & 0xff] >>> s);
        s = (int) (transitions[(int) (w >>> 24) & 0xff] >>> s);
        s = (int) (transitions[(int) (w >>> 32) & 0xff] >>> s);
        s = (int) (transitions[(int) (w >>> 40) & 0xff] >>> s);
        s = (int) (transitions[(int) (w >>> 48) & 0xff] >>> s);
        return (int) (transitions[(int) (w >>> 56)] >>> s);
    }

    private boolean fail() {
        reset();
        return false;
    }

    /** Validates a whole byte range at once. */
    public static boolean isValid(byte[] b, int off, int len) {
        Utf8Validator v = new Utf8Validator();
        return v.feed(b, off, len) && v.isComplete();
    }
}
