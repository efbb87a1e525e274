package io.github.wsboot.websocket.internal;

import java.io.ByteArrayOutputStream;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

/**
 * A deliberately naive frame encoder written straight from RFC 6455 section 5.2, byte by byte, so that tests
 * of the library's codec do not check the library against itself.
 */
public final class TestFrames {

    private TestFrames() {}

    /**
     * Every payload length encoding at its edges, as arguments for a parameterized test: a length and the hex
     * header of an unmasked final binary frame of that length (7-bit, 16-bit and 64-bit lengths).
     */
    public static Stream<Arguments> lengthEncodings() {
        return Stream.of(
                Arguments.of(0, "8200"),
                Arguments.of(1, "8201"),
                Arguments.of(125, "827d"),
                Arguments.of(126, "827e007e"),
                Arguments.of(127, "827e007f"),
                Arguments.of(128, "827e0080"),
                Arguments.of(65535, "827effff"),
                Arguments.of(65536, "827f0000000000010000"));
    }

    /** An unmasked frame (server to client). */
    public static byte[] frame(int b0, byte[] payload) {
        return frame(b0, payload, null);
    }

    /**
     * A frame with the given first byte (FIN, RSV and opcode) and payload, masked with {@code maskKey} when it
     * is not null (client to server).
     */
    public static byte[] frame(int b0, byte[] payload, byte[] maskKey) {
        return frameWithLength(b0, payload.length, payload, maskKey);
    }

    /** A frame whose header announces {@code announced} bytes, followed by {@code payload} (possibly shorter). */
    public static byte[] frameWithLength(int b0, long announced, byte[] payload, byte[] maskKey) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b0);
        int maskBit = maskKey != null ? 0x80 : 0;
        if (announced < 126) {
            out.write(maskBit | (int) announced);
        } else if (announced < 65536) {
            out.write(maskBit | 126);
            out.write((int) (announced >> 8) & 0xff);
            out.write((int) announced & 0xff);
        } else {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (announced >>> shift) & 0xff);
            }
        }
        if (maskKey != null) {
            out.write(maskKey, 0, 4);
        }
        for (int i = 0; i < payload.length; i++) {
            out.write(maskKey != null ? payload[i] ^ maskKey[i % 4] : payload[i]);
        }
        return out.toByteArray();
    }

    /** XORs {@code data} with {@code key} in place, key byte 0 on data byte 0. */
    public static byte[] unmask(byte[] key, byte[] data) {
        for (int i = 0; i < data.length; i++) {
            data[i] ^= key[i % 4];
        }
        return data;
    }

    /** Concatenates byte arrays. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    /** Deterministic pseudo-random bytes. */
    public static byte[] bytes(int length, long seed) {
        byte[] b = new byte[length];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }
}
