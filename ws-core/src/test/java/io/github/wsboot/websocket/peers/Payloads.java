package io.github.wsboot.websocket.peers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** Message payloads for the interop tests, and the digests the peers report. */
final class Payloads {

    private static final byte[] TEXT_UNIT =
            "{\"user\":\"zoë\",\"msg\":\"héllo wörld ✓ 日本語 🎉\",\"n\":".getBytes(StandardCharsets.UTF_8);

    private Payloads() {}

    /** Incompressible bytes, seeded so that a failure reproduces. */
    static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    /**
     * Compressible UTF-8 of exactly {@code length} bytes mixing 1- to 4-byte characters, so that large messages
     * cross frame and buffer boundaries inside characters (the peers' scripts build text the same way).
     */
    static byte[] text(int length) {
        byte[] out = new byte[length];
        int size = 0;
        for (int n = 0; size + TEXT_UNIT.length + 8 <= length; n++) {
            System.arraycopy(TEXT_UNIT, 0, out, size, TEXT_UNIT.length);
            size += TEXT_UNIT.length;
            byte[] tail = ((n % 1000) + "},").getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(tail, 0, out, size, tail.length);
            size += tail.length;
        }
        java.util.Arrays.fill(out, size, length, (byte) 'x');
        return out;
    }

    static String sha256(byte[] data) {
        MessageDigest md = sha256();
        return HexFormat.of().formatHex(md.digest(data));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
