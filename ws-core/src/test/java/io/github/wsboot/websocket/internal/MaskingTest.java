package io.github.wsboot.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class MaskingTest {

    /** The definition in RFC 6455 section 5.3, one byte at a time. */
    private static int naiveMask(int key, int keyPos, byte[] buf, int off, int len) {
        byte[] k = {(byte) (key >>> 24), (byte) (key >>> 16), (byte) (key >>> 8), (byte) key};
        for (int i = 0; i < len; i++) {
            buf[off + i] ^= k[(keyPos + i) % 4];
        }
        return (keyPos + len) % 4;
    }

    @Test
    void maskMatchesTheNaiveLoop() {
        Random random = new Random(1);
        for (int round = 0; round < 20; round++) {
            int key = random.nextInt();
            for (int len = 0; len <= 100; len++) {
                for (int off = 0; off <= 9; off++) {
                    for (int keyPos = 0; keyPos < 4; keyPos++) {
                        byte[] original = new byte[off + len + 9];
                        random.nextBytes(original);
                        byte[] expected = original.clone();
                        byte[] actual = original.clone();
                        int expectedPos = naiveMask(key, keyPos, expected, off, len);
                        int actualPos = Masking.mask(key, keyPos, actual, off, len);
                        assertThat(actualPos).isEqualTo(expectedPos);
                        if (!Arrays.equals(actual, expected)) {
                            throw new AssertionError("mask differs: key=" + Integer.toHexString(key) + " len=" + len
                                    + " off=" + off + " keyPos=" + keyPos);
                        }
                    }
                }
            }
        }
    }

    @Test
    void maskCopyMatchesTheNaiveLoopAndLeavesTheSourceAlone() {
        Random random = new Random(2);
        for (int round = 0; round < 20; round++) {
            int key = random.nextInt();
            for (int len = 0; len <= 100; len++) {
                for (int srcOff = 0; srcOff <= 5; srcOff++) {
                    int dstOff = random.nextInt(10);
                    for (int keyPos = 0; keyPos < 4; keyPos++) {
                        byte[] src = new byte[srcOff + len + 3];
                        random.nextBytes(src);
                        byte[] srcCopy = src.clone();
                        byte[] dst = new byte[dstOff + len + 9];
                        random.nextBytes(dst);
                        byte[] expected = dst.clone();
                        System.arraycopy(src, srcOff, expected, dstOff, len);
                        int expectedPos = naiveMask(key, keyPos, expected, dstOff, len);
                        int actualPos = Masking.maskCopy(key, keyPos, src, srcOff, dst, dstOff, len);
                        assertThat(actualPos).isEqualTo(expectedPos);
                        assertThat(src).isEqualTo(srcCopy);
                        if (!Arrays.equals(dst, expected)) {
                            throw new AssertionError("maskCopy differs: key=" + Integer.toHexString(key) + " len=" + len
                                    + " srcOff=" + srcOff + " dstOff=" + dstOff + " keyPos=" + keyPos);
                        }
                    }
                }
            }
        }
    }

    @Test
    void maskingInPiecesEqualsMaskingAtOnce() {
        Random random = new Random(3);
        byte[] data = new byte[10_000];
        random.nextBytes(data);
        int key = 0x37fa213d;
        byte[] whole = data.clone();
        Masking.mask(key, 0, whole, 0, whole.length);
        byte[] pieces = data.clone();
        int keyPos = 0;
        for (int off = 0; off < pieces.length; ) {
            int n = Math.min(random.nextInt(40), pieces.length - off);
            keyPos = Masking.mask(key, keyPos, pieces, off, n);
            off += n;
        }
        assertThat(pieces).isEqualTo(whole);
        // Masking is its own inverse.
        Masking.mask(key, 0, pieces, 0, pieces.length);
        assertThat(pieces).isEqualTo(data);
    }

    @Test
    void masksTheRfcExample() {
        // RFC 6455 section 5.7: "Hello" masked with 37 fa 21 3d.
        byte[] hello = "Hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Masking.mask(0x37fa213d, 0, hello, 0, hello.length);
        assertThat(java.util.HexFormat.of().formatHex(hello)).isEqualTo("7f9f4d5158");
    }
}
