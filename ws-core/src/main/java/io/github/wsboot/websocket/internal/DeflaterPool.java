package io.github.wsboot.websocket.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Idle deflaters and inflaters for connections without context takeover, which need one only while a
 * message is compressed or decompressed (gorilla pools its flate writers the same way). Native zlib state is
 * costly to create (a deflater holds about 256 KiB, an inflater about 40 KiB), so a bounded number is kept;
 * the rest are ended at once so that native memory is returned promptly.
 */
public final class DeflaterPool {

    private static final int CAPACITY = 64;
    private static final ArrayBlockingQueue<Deflater> DEFLATERS = new ArrayBlockingQueue<>(CAPACITY);
    private static final ArrayBlockingQueue<Inflater> INFLATERS = new ArrayBlockingQueue<>(CAPACITY);

    private DeflaterPool() {}

    /** A raw (no zlib header) deflater, reset. */
    public static Deflater borrowDeflater() {
        Deflater d = DEFLATERS.poll();
        return d != null ? d : new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    }

    public static void returnDeflater(Deflater d) {
        d.reset();
        if (!DEFLATERS.offer(d)) {
            d.end();
        }
    }

    /** A raw (no zlib header) inflater, reset. */
    public static Inflater borrowInflater() {
        Inflater i = INFLATERS.poll();
        return i != null ? i : new Inflater(true);
    }

    public static void returnInflater(Inflater i) {
        i.reset();
        if (!INFLATERS.offer(i)) {
            i.end();
        }
    }
}
