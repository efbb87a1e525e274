package io.github.wsboot.websocket.conformance;

import java.util.Arrays;

/** Frame encoding for the test peers (RFC 6455 section 5.2), written apart from the library's own codec. */
final class WireFormat {

    private WireFormat() {}

    /**
     * A frame header with the shortest length encoding.
     *
     * @param maskKey 4 octets to put at its end (a client's frame), or null (a server's frame)
     */
    static byte[] header(int b0, int length, byte[] maskKey) {
        int ext = length <= 125 ? 0 : length <= 0xffff ? 2 : 8;
        byte[] h = new byte[2 + ext + (maskKey != null ? 4 : 0)];
        h[0] = (byte) b0;
        int len7 = ext == 0 ? length : ext == 2 ? 126 : 127;
        h[1] = (byte) ((maskKey != null ? 0x80 : 0) | len7);
        for (int i = 0; i < ext; i++) {
            h[2 + i] = (byte) ((long) length >>> (8 * (ext - 1 - i)));
        }
        if (maskKey != null) {
            System.arraycopy(maskKey, 0, h, 2 + ext, 4);
        }
        return h;
    }

    /** The whole frame: header, then the payload, masked with {@code maskKey} unless that is null. */
    static byte[] frame(int b0, byte[] payload, byte[] maskKey) {
        byte[] header = header(b0, payload.length, maskKey);
        byte[] wire = Arrays.copyOf(header, header.length + payload.length);
        System.arraycopy(payload, 0, wire, header.length, payload.length);
        if (maskKey != null) {
            mask(wire, header.length, payload.length, maskKey, 0);
        }
        return wire;
    }

    /** XORs {@code len} octets from {@code off} with the key, starting at key position {@code keyOffset}. */
    static void mask(byte[] b, int off, int len, byte[] key, long keyOffset) {
        for (int i = 0; i < len; i++) {
            b[off + i] ^= key[(int) ((keyOffset + i) & 3)];
        }
    }
}
