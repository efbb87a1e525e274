package io.github.wsboot.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import io.github.wsboot.websocket.internal.Masking;
import io.github.wsboot.websocket.internal.WebSocketProtocol;

/** Deterministic inputs shared by the benchmarks (fixed seeds, so runs compare like with like). */
public final class Payloads {

    /** JSON-like ASCII, the common case for text messages. */
    private static final String ASCII_SAMPLE =
            "{\"id\":1234567,\"event\":\"price-update\",\"symbol\":\"ACME\",\"bid\":101.25,\"ask\":101.27} ";
    /**
     * Latin with accents (2-byte), Cyrillic (2-byte), CJK (3-byte) and emoji (4-byte) mixed with ASCII, so
     * that every sequence length and the transitions between them are exercised.
     */
    private static final String MIXED_SAMPLE = "Grüße aus Zürich — 東京タワー 🗼 и Москва, naïve café 😀 価格は¥1,200です 🎉 ";

    private Payloads() {}

    public static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < size; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    /** Valid UTF-8 of exactly {@code size} bytes: "ASCII" or "MIXED" text. */
    public static byte[] text(String kind, int size) {
        String sample =
                switch (kind) {
                    case "ASCII" -> ASCII_SAMPLE;
                    case "MIXED" -> MIXED_SAMPLE;
                    default -> throw new IllegalArgumentException("unknown text kind " + kind);
                };
        byte[] unit = sample.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = unit[i % unit.length];
        }
        // Cut back to the last sequence boundary and pad with ASCII, so the text stays valid at any size.
        int end = size;
        int start = end;
        while (start > 0 && (out[start - 1] & 0xc0) == 0x80) {
            start--;
        }
        if (start > 0 && (out[start - 1] & 0x80) != 0) {
            int lead = out[start - 1] & 0xff;
            int seqLen = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
            if (end - (start - 1) < seqLen) {
                for (int i = start - 1; i < end; i++) {
                    out[i] = ' ';
                }
            }
        }
        return out;
    }

    /**
     * Enough copies of one data frame carrying {@code payload} to fill at least {@code minBytes}, as a peer
     * would send them; {@code masked} for frames written by a client.
     */
    public static byte[] frameStream(int opcode, byte[] payload, boolean masked, int minBytes) {
        int header = WebSocketProtocol.headerSize(payload.length, masked);
        int frameSize = header + payload.length;
        int count = Math.max(8, (minBytes + frameSize - 1) / frameSize);
        byte[] out = new byte[count * frameSize];
        SplittableRandom keys = new SplittableRandom(7);
        for (int f = 0; f < count; f++) {
            int end = f * frameSize + header;
            System.arraycopy(payload, 0, out, end, payload.length);
            int key = keys.nextInt();
            if (masked) {
                Masking.mask(key, 0, out, end, payload.length);
            }
            WebSocketProtocol.writeHeader(
                    out, end, WebSocketProtocol.B0_FLAG_FIN | opcode, payload.length, masked, key);
        }
        return out;
    }
}
