package io.github.wsboot.websocket.conformance;

/**
 * Walks raw DEFLATE data (RFC 1951) and reports the farthest back-reference in it, without producing output.
 * The JDK's {@code Inflater} always has a 32 KiB window, so it cannot tell whether the endpoint kept to a
 * smaller {@code *_max_window_bits} it agreed to; this scan can. A tiny decoder of our own: block headers,
 * fixed and dynamic Huffman codes, length and distance codes with their extra bits.
 *
 * <p>Input is one permessage-deflate message with its {@code 00 00 ff ff} tail put back: whole blocks, the
 * last one an empty stored block ending at the last byte (or a block with BFINAL set).
 */
final class DeflateDistances {

    /** The data is not whole DEFLATE blocks. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    private static final int[] LENGTH_BASE = {
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227,
        258
    };
    private static final int[] LENGTH_EXTRA = {
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0
    };
    private static final int[] DIST_BASE = {
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
        6145, 8193, 12289, 16385, 24577
    };
    private static final int[] DIST_EXTRA = {
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13
    };
    private static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    private static final Huffman FIXED_LITERALS;
    private static final Huffman FIXED_DISTANCES;

    static {
        int[] lit = new int[288];
        for (int i = 0; i < 288; i++) {
            lit[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
        }
        int[] dist = new int[30];
        java.util.Arrays.fill(dist, 5);
        try {
            FIXED_LITERALS = new Huffman(lit, lit.length);
            FIXED_DISTANCES = new Huffman(dist, dist.length);
        } catch (MalformedException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final byte[] in;
    private final int end;
    private int pos;
    private long bitBuffer;
    private int bitCount;
    private int maxDistance;
    /** Back-references seen: a Huffman-only compressor has none. */
    private long references;

    private DeflateDistances(byte[] in, int len) {
        this.in = in;
        this.end = len;
    }

    /** What a scan found. */
    record Scan(int maxDistance, long references) {}

    /** Scans {@code data[0, len)}. */
    static Scan scan(byte[] data, int len) throws MalformedException {
        DeflateDistances d = new DeflateDistances(data, len);
        d.blocks();
        return new Scan(d.maxDistance, d.references);
    }

    private void blocks() throws MalformedException {
        boolean last = false;
        while (!last && consumedBits() < 8L * end) {
            last = bits(1) == 1;
            int type = bits(2);
            switch (type) {
                case 0 -> stored();
                case 1 -> codes(FIXED_LITERALS, FIXED_DISTANCES);
                case 2 -> dynamic();
                default -> throw new MalformedException("block type 3");
            }
            if (consumedBits() > 8L * end) {
                throw new MalformedException("data ends inside a block");
            }
        }
    }

    private void stored() throws MalformedException {
        // To the byte boundary: drop the partial byte, and give back whole bytes a decode read ahead.
        pos -= bitCount / 8;
        bitBuffer = 0;
        bitCount = 0;
        if (pos + 4 > end) {
            throw new MalformedException("stored block header cut off");
        }
        int len = (in[pos] & 0xff) | (in[pos + 1] & 0xff) << 8;
        int nlen = (in[pos + 2] & 0xff) | (in[pos + 3] & 0xff) << 8;
        if (len != (~nlen & 0xffff)) {
            throw new MalformedException("stored block length check failed");
        }
        pos += 4 + len;
    }

    private void dynamic() throws MalformedException {
        int nlen = bits(5) + 257;
        int ndist = bits(5) + 1;
        int ncode = bits(4) + 4;
        if (nlen > 286 || ndist > 30) {
            throw new MalformedException("too many length or distance codes");
        }
        int[] lengths = new int[19];
        for (int i = 0; i < ncode; i++) {
            lengths[CODE_LENGTH_ORDER[i]] = bits(3);
        }
        Huffman lencode = new Huffman(lengths, 19);
        int[] both = new int[nlen + ndist];
        int i = 0;
        while (i < nlen + ndist) {
            int sym = lencode.decode(this);
            if (sym < 16) {
                both[i++] = sym;
                continue;
            }
            int value = 0;
            int repeat;
            if (sym == 16) {
                if (i == 0) {
                    throw new MalformedException("repeat with no first length");
                }
                value = both[i - 1];
                repeat = 3 + bits(2);
            } else if (sym == 17) {
                repeat = 3 + bits(3);
            } else {
                repeat = 11 + bits(7);
            }
            if (i + repeat > nlen + ndist) {
                throw new MalformedException("too many code lengths");
            }
            while (repeat-- > 0) {
                both[i++] = value;
            }
        }
        if (both[256] == 0) {
            throw new MalformedException("no end-of-block code");
        }
        codes(
                new Huffman(java.util.Arrays.copyOf(both, nlen), nlen),
                new Huffman(java.util.Arrays.copyOfRange(both, nlen, nlen + ndist), ndist));
    }

    private void codes(Huffman literals, Huffman distances) throws MalformedException {
        long limit = 8L * end;
        while (true) {
            if (consumedBits() > limit) {
                throw new MalformedException("data ends inside a block");
            }
            int sym = literals.decode(this);
            if (sym < 256) {
                continue;
            }
            if (sym == 256) {
                return;
            }
            sym -= 257;
            if (sym >= 29) {
                throw new MalformedException("invalid length code");
            }
            bits(LENGTH_EXTRA[sym]);
            int dsym = distances.decode(this);
            if (dsym >= 30) {
                throw new MalformedException("invalid distance code");
            }
            int dist = DIST_BASE[dsym] + bits(DIST_EXTRA[dsym]);
            references++;
            if (dist > maxDistance) {
                maxDistance = dist;
            }
        }
    }

    /** Bits used so far, padding past the end included (so that a cut-off block shows as overrun). */
    private long consumedBits() {
        return 8L * pos - bitCount;
    }

    private void fill(int n) {
        while (bitCount < n) {
            long b = pos < end ? in[pos] & 0xff : 0;
            pos++;
            bitBuffer |= b << bitCount;
            bitCount += 8;
        }
    }

    private int bits(int n) {
        if (n == 0) {
            return 0;
        }
        fill(n);
        int v = (int) (bitBuffer & ((1L << n) - 1));
        bitBuffer >>>= n;
        bitCount -= n;
        return v;
    }

    /** A canonical Huffman code as one lookup table indexed by the next {@code maxLength} bits. */
    private static final class Huffman {
        private final int[] table; // symbol << 4 | length; 0 where no code
        private final int maxLength;

        Huffman(int[] lengths, int n) throws MalformedException {
            int[] count = new int[16];
            int max = 0;
            for (int i = 0; i < n; i++) {
                count[lengths[i]]++;
                max = Math.max(max, lengths[i]);
            }
            count[0] = 0;
            int left = 1;
            for (int len = 1; len <= 15; len++) {
                left = (left << 1) - count[len];
                if (left < 0) {
                    throw new MalformedException("over-subscribed code");
                }
            }
            int[] next = new int[16];
            int code = 0;
            for (int len = 1; len <= 15; len++) {
                code = (code + count[len - 1]) << 1;
                next[len] = code;
            }
            maxLength = Math.max(max, 1);
            table = new int[1 << maxLength];
            for (int sym = 0; sym < n; sym++) {
                int len = lengths[sym];
                if (len == 0) {
                    continue;
                }
                int reversed = Integer.reverse(next[len]++) >>> (32 - len);
                for (int k = reversed; k < table.length; k += 1 << len) {
                    table[k] = sym << 4 | len;
                }
            }
        }

        int decode(DeflateDistances d) throws MalformedException {
            d.fill(maxLength);
            int entry = table[(int) (d.bitBuffer & ((1L << maxLength) - 1))];
            int len = entry & 15;
            if (len == 0) {
                throw new MalformedException("invalid Huffman code");
            }
            d.bitBuffer >>>= len;
            d.bitCount -= len;
            return entry >>> 4;
        }
    }
}
