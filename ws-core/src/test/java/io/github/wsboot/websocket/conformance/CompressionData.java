package io.github.wsboot.websocket.conformance;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Stand-ins for the five test files of Autobahn's sections 12 and 13, generated from fixed seeds: the same
 * kind of content, message type and size as Autobahn's, without shipping third-party files. Autobahn sends
 * slices of the file one after the other, wrapping around at its end ({@link #slice}).
 *
 * <p>The text sets are ASCII, so that every slice is valid UTF-8, as every slice of Autobahn's text files is.
 */
enum CompressionData {

    JSON("Large JSON data file", false, 194_056) {
        @Override
        void generate(StringBuilder sb, Random r) {
            Generators.json(sb, r);
        }
    },
    LENA("Lena Picture, Bitmap 512x512 bw", true, 263_222) {
        @Override
        byte[] build() {
            return Generators.bitmap(new Random(12_2L));
        }
    },
    FAUST("Human readable text, Goethe's Faust I (German)", true, 222_218) {
        @Override
        void generate(StringBuilder sb, Random r) {
            Generators.germanVerse(sb, r);
        }
    },
    HTML("Large HTML file", false, 263_527) {
        @Override
        void generate(StringBuilder sb, Random r) {
            Generators.html(sb, r);
        }
    },
    PDF("A larger PDF", true, 1_042_328) {
        @Override
        byte[] build() {
            return Generators.pdf(new Random(12_5L), size());
        }
    };

    private final String title;
    private final boolean binary;
    private final int size;
    private volatile byte[] bytes;

    CompressionData(String title, boolean binary, int size) {
        this.title = title;
        this.binary = binary;
        this.size = size;
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
            b = java.util.Arrays.copyOf(build(), size);
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

    /** Text sets: generated until long enough; the seed is the set's position, so the content never changes. */
    byte[] build() {
        StringBuilder sb = new StringBuilder(size + 4096);
        Random r = new Random(12_000L + ordinal());
        while (sb.length() < size) {
            generate(sb, r);
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (b.length < size) {
            throw new IllegalStateException(name() + ": generated " + b.length + " bytes");
        }
        return b;
    }

    void generate(StringBuilder sb, Random r) {
        throw new UnsupportedOperationException(name());
    }
}
