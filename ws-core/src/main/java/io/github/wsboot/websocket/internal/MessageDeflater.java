package io.github.wsboot.websocket.internal;

import java.util.zip.Deflater;

import org.jspecify.annotations.Nullable;

/**
 * Compresses messages for permessage-deflate (RFC 7692 section 7.2.1): raw deflate, each message ended with a
 * sync flush whose trailing {@code 00 00 ff ff} is removed. With context takeover one deflater lives as long
 * as the connection; without it, deflaters are borrowed from {@link DeflaterPool} per message.
 *
 * <p>Not thread-safe: used under the connection's message lock.
 */
public final class MessageDeflater {

    private static final int TAIL = 4;
    /** The compressed form of an empty message (RFC 7692 section 7.2.3.6): one empty stored block, tail dropped. */
    public static final byte EMPTY_MESSAGE = 0x00;
    /** gorilla's (Go flate's) level -2: Huffman-only, which the JDK expresses as a strategy. */
    public static final int HUFFMAN_ONLY_LEVEL = -2;

    private final boolean noContextTakeover;
    private final boolean huffmanOnly;
    private int level;
    private @Nullable Deflater deflater;
    private boolean released;

    /**
     * @param huffmanOnly compress without back-references, for a peer that limited our window below 15 bits
     */
    public MessageDeflater(boolean noContextTakeover, boolean huffmanOnly, int level) {
        this.noContextTakeover = noContextTakeover;
        this.huffmanOnly = huffmanOnly;
        this.level = level;
    }

    /** Sets the level for the next message. */
    public void setLevel(int level) {
        this.level = level;
    }

    /** Starts a message: makes sure a deflater is at hand with the current level. */
    public Deflater begin() throws java.io.IOException {
        if (released) {
            throw new java.io.IOException("websocket: connection closed");
        }
        if (deflater == null) {
            deflater = noContextTakeover
                    ? DeflaterPool.borrowDeflater()
                    : new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        }
        // Both setters only take effect (and only cost a parameter change) when the value differs.
        boolean huffman = huffmanOnly || level == HUFFMAN_ONLY_LEVEL;
        deflater.setStrategy(huffman ? Deflater.HUFFMAN_ONLY : Deflater.DEFAULT_STRATEGY);
        deflater.setLevel(level == HUFFMAN_ONLY_LEVEL ? Deflater.DEFAULT_COMPRESSION : level);
        return deflater;
    }

    /** Ends a message: without context takeover the deflater is reset and returned to the pool. */
    public void end() {
        if (noContextTakeover && deflater != null) {
            DeflaterPool.returnDeflater(deflater);
            deflater = null;
        }
    }

    /** Frees native memory; the deflater cannot be used afterwards. */
    public void release() {
        released = true;
        if (deflater != null) {
            deflater.end();
            deflater = null;
        }
    }

    /**
     * Compresses a whole message into {@code out} (grown as needed) and returns the compressed length, tail
     * removed. {@code out[0]} holds the first byte.
     */
    public byte[] compress(byte[] data, int off, int len, byte[] out, int[] lengthOut) throws java.io.IOException {
        if (out.length < 64) {
            out = new byte[64];
        }
        if (len == 0) {
            // zlib emits nothing for a flush without new input; an empty message is one empty block.
            out[0] = EMPTY_MESSAGE;
            lengthOut[0] = 1;
            return out;
        }
        Deflater d = begin();
        d.setInput(data, off, len);
        int n = 0;
        while (true) {
            int space = out.length - n;
            int k = d.deflate(out, n, space, Deflater.SYNC_FLUSH);
            n += k;
            if (k < space && d.needsInput() && endsWithSyncTail(out, n)) {
                // All input taken, output ended with room to spare, and on the flush marker. (A call that
                // applies a changed level or strategy can return early with nothing, hence the marker test.)
                break;
            }
            if (n == out.length) {
                out = java.util.Arrays.copyOf(out, out.length * 2);
            }
        }
        end();
        lengthOut[0] = n - TAIL;
        return out;
    }

    /** Whether the message tail (the last four bytes of a sync flush) is where it should be. */
    public static boolean endsWithSyncTail(byte[] b, int end) {
        return end >= TAIL
                && b[end - 4] == 0
                && b[end - 3] == 0
                && b[end - 2] == (byte) 0xff
                && b[end - 1] == (byte) 0xff;
    }
}
