package io.github.wsboot.websocket.conformance;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * Stand-ins for the five test files of Autobahn's sections 12 and 13, generated from fixed seeds: the same
 * kind of content, message type and size as Autobahn's, without shipping third-party files. Autobahn sends
 * slices of the file one after the other, wrapping around at its end ({@link #slice}).
 *
 * <p>The text sets are ASCII, so that every slice is valid UTF-8, as every slice of Autobahn's text files is.
 */
enum CompressionData {
    JSON("Large JSON data file", false, 194_056, text(Generators::json)),
    LENA("Lena Picture, Bitmap 512x512 bw", true, 263_222, set -> Generators.bitmap(new Random(12_2L))),
    FAUST("Human readable text, Goethe's Faust I (German)", true, 222_218, text(Generators::germanVerse)),
    HTML("Large HTML file", false, 263_527, text(Generators::html)),
    PDF("A larger PDF", true, 1_042_328, set -> Generators.pdf(new Random(12_5L), set.size()));

    /** How a set's content is made; it may be longer than the set, which is cut to size. */
    @FunctionalInterface
    private interface Source {
        byte[] build(CompressionData set);
    }

    private final String title;
    private final boolean binary;
    private final int size;
    private final Source source;
    private volatile byte[] bytes;

    CompressionData(String title, boolean binary, int size, Source source) {
        this.title = title;
        this.binary = binary;
        this.size = size;
        this.source = source;
    }

    /** Autobahn's sub-category title, for example "Large JSON data file (utf8, 194056 bytes)". */
    String title() {
        return title + " (" + (binary ? "binary" : "utf8") + ", " + size + " bytes)";
    }

    boolean binary() {
        return binary;
    }

    int size() {
        return size;
    }

    /** The generated content, exactly {@link #size()} bytes; built once. */
    byte[] bytes() {
        byte[] b = bytes;
        if (b == null) {
            b = java.util.Arrays.copyOf(source.build(this), size);
            bytes = b;
        }
        return b;
    }

    /** Autobahn's {@code sendOne}: {@code length} bytes from {@code from}, wrapping around at the end. */
    byte[] slice(int from, int length) {
        byte[] all = bytes();
        byte[] msg = new byte[length];
        for (int off = 0; off < length; ) {
            int src = (from + off) % all.length;
            int n = Math.min(length - off, all.length - src);
            System.arraycopy(all, src, msg, off, n);
            off += n;
        }
        return msg;
    }

    /**
     * A text set: {@code generator} appends to the text until it is long enough; the seed is the set's position,
     * so the content never changes.
     */
    private static Source text(BiConsumer<StringBuilder, Random> generator) {
        return set -> {
            StringBuilder sb = new StringBuilder(set.size + 4096);
            Random r = new Random(12_000L + set.ordinal());
            while (sb.length() < set.size) {
                generator.accept(sb, r);
            }
            byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
            if (b.length < set.size) {
                throw new IllegalStateException(set.name() + ": generated " + b.length + " bytes");
            }
            return b;
        };
    }
}
