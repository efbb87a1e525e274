package io.github.wsboot.websocket.conformance;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import io.github.wsboot.websocket.testing.JdkUtf8;

/** Byte helpers for the fuzzing peers, independent of the library under test. */
final class Bytes {

    private static final int PREVIEW = 24;

    private Bytes() {}

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes from a hex string such as "cebae1bd". */
    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    static byte[] repeat(int b, int count) {
        byte[] out = new byte[count];
        java.util.Arrays.fill(out, (byte) b);
        return out;
    }

    /** Autobahn's {@code payload_len}: {@code pattern} repeated (and cut) to exactly {@code length} bytes. */
    static byte[] repeatTo(byte[] pattern, int length) {
        byte[] out = new byte[length];
        for (int off = 0; off < length; off += pattern.length) {
            System.arraycopy(pattern, 0, out, off, Math.min(pattern.length, length - off));
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

    /** Strict UTF-8 check with the JDK decoder; see {@link JdkUtf8}. */
    static boolean isValidUtf8(byte[] b) {
        return JdkUtf8.isValid(b);
    }

    /** Length plus the first bytes, as text when printable ASCII, else as hex. */
    static String preview(byte[] b) {
        int n = Math.min(b.length, PREVIEW);
        boolean ascii = true;
        for (int i = 0; i < n; i++) {
            if (b[i] < 0x20 || b[i] > 0x7e) {
                ascii = false;
                break;
            }
        }
        String head = ascii
                ? "\"" + new String(b, 0, n, StandardCharsets.US_ASCII) + "\""
                : "0x" + HexFormat.of().formatHex(b, 0, n);
        return b.length + " B" + (b.length == 0 ? "" : ": " + head + (b.length > n ? "…" : ""));
    }
}
