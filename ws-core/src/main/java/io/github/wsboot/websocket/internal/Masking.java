package io.github.wsboot.websocket.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * XOR masking of payload bytes (RFC 6455 section 5.3), eight bytes at a time as gorilla's {@code mask.go}
 * does: the 4-byte key is widened to a 64-bit word once per call and applied with unaligned long loads.
 */
public final class Masking {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Masking() {}

    /**
     * Masks (or unmasks: the operation is its own inverse) {@code len} bytes in place.
     *
     * @param key the 4-byte mask key, first key byte in the most significant position
     * @param keyPos index (0–3) of the key byte that applies to {@code buf[off]}
     * @return the key index that applies to the byte after the last one masked
     */
    public static int mask(int key, int keyPos, byte[] buf, int off, int len) {
        int end = off + len;
        int i = off;
        if (len >= 16) {
            // Rotate the key so that its byte keyPos lands on buf[i], then repeat it into a long
            // (little-endian: the lowest byte of the word is buf[i]).
            int rotated = Integer.rotateLeft(key, 8 * keyPos);
            int le = Integer.reverseBytes(rotated);
            long word = (le & 0xffffffffL) | ((long) le << 32);
            for (; i <= end - 8; i += 8) {
                LONGS.set(buf, i, (long) LONGS.get(buf, i) ^ word);
            }
            // A multiple of eight bytes was masked, which is a multiple of four: keyPos is unchanged.
        }
        for (; i < end; i++) {
            buf[i] ^= (byte) (key >>> (24 - 8 * keyPos));
            keyPos = (keyPos + 1) & 3;
        }
        return keyPos;
    }

    /**
     * Masks {@code len} bytes of {@code src} into {@code dst} (the source stays untouched).
     *
     * @return the key index that applies to the byte after the last one masked
     */
    public static int maskCopy(int key, int keyPos, byte[] src, int srcOff, byte[] dst, int dstOff, int len) {
        int i = 0;
        if (len >= 16) {
            int rotated = Integer.rotateLeft(key, 8 * keyPos);
            int le = Integer.reverseBytes(rotated);
            long word = (le & 0xffffffffL) | ((long) le << 32);
            for (; i <= len - 8; i += 8) {
                LONGS.set(dst, dstOff + i, (long) LONGS.get(src, srcOff + i) ^ word);
            }
        }
        for (; i < len; i++) {
            dst[dstOff + i] = (byte) (src[srcOff + i] ^ (key >>> (24 - 8 * keyPos)));
            keyPos = (keyPos + 1) & 3;
        }
        return keyPos;
    }
}
