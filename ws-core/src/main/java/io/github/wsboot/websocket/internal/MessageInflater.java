package io.github.wsboot.websocket.internal;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import org.jspecify.annotations.Nullable;

/**
 * Decompresses permessage-deflate messages (RFC 7692 section 7.2.2): the compressed payload of all frames of
 * a message, followed by the {@code 00 00 ff ff} tail the sender removed. Output is produced into the reader's
 * own buffer chunk by chunk, so a small frame that inflates to gigabytes is stopped by the read limit long
 * before it is allocated.
 *
 * <p>Not thread-safe: owned by the connection's single reader.
 */
public final class MessageInflater {

    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    private final boolean noContextTakeover;
    private @Nullable Inflater inflater;
    private boolean released;

    /** @param noContextTakeover whether the peer's compressor starts every message afresh */
    public MessageInflater(boolean noContextTakeover) {
        this.noContextTakeover = noContextTakeover;
    }

    /** Starts a message. */
    public void begin() throws java.io.IOException {
        if (released) {
            throw new java.io.IOException("websocket: connection closed");
        }
        if (inflater == null) {
            inflater = noContextTakeover ? DeflaterPool.borrowInflater() : new Inflater(true);
        }
    }

    /** Feeds compressed bytes; the array must not change until {@link #needsInput()} is true again. */
    public void setInput(byte[] b, int off, int len) {
        live().setInput(b, off, len);
    }

    /** Feeds the tail that ends the message. */
    public void setTailInput() {
        live().setInput(TAIL, 0, TAIL.length);
    }

    public boolean needsInput() {
        return live().needsInput();
    }

    /** Whether the sender ended the deflate stream itself (BFINAL); nothing more can come from it. */
    public boolean finished() {
        return live().finished();
    }

    /** Inflates into {@code out}; 0 means more input is needed (or the stream finished). */
    public int inflate(byte[] out, int off, int len) throws DataFormatException {
        return live().inflate(out, off, len);
    }

    private Inflater live() {
        Inflater i = inflater;
        if (i == null) {
            throw new IllegalStateException("websocket: inflater used after release");
        }
        return i;
    }

    /** Ends a message: without context takeover the inflater goes back to the pool. */
    public void end() {
        if (inflater == null) {
            return;
        }
        if (noContextTakeover) {
            DeflaterPool.returnInflater(inflater);
            inflater = null;
        } else if (inflater.finished()) {
            inflater.reset(); // the sender closed its stream (BFINAL): the next message starts a new one
        }
    }

    /** Frees native memory; unusable afterwards. */
    public void release() {
        released = true;
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
    }
}
