package io.github.wsboot.benchmarks.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client connection of the load client: its channel, its {@link FrameScanner}, and a send queue of
 * pre-encoded frames with the time each was queued (for latency). Used by the reactor thread only.
 */
final class Peer {

    final SocketChannel channel;
    final FrameScanner scanner = new FrameScanner();
    SelectionKey key;
    boolean open;
    /** Handshake response bytes until the blank line (heap buffer; dropped once open). */
    ByteBuffer handshakeIn = ByteBuffer.allocate(2048);
    /** Data messages received since the peer opened. */
    long received;

    private ByteBuffer frames;
    private int frameLen;
    private int templateLen;
    private long bytesToWrite;
    private int offset;
    private long[] queuedAt = new long[0];
    private int head;
    private int size;

    Peer(SocketChannel channel) {
        this.channel = channel;
    }

    /**
     * Sets the frame this peer sends: {@code template} holds {@code copies} copies of a {@code frameLen}-byte
     * frame ({@link ClientFrames#repeated}); at most {@code maxQueued} frames may wait for their answer.
     */
    void sends(ByteBuffer template, int frameLen, int maxQueued) {
        this.frames = template.duplicate();
        this.frameLen = frameLen;
        this.templateLen = template.capacity();
        this.queuedAt = new long[Math.max(1, maxQueued)];
    }

    /** Queues {@code n} frames stamped {@code now}; call {@link #flush()} to send them. */
    void queue(int n, long now) {
        for (int i = 0; i < n; i++) {
            if (size == queuedAt.length) {
                throw new IllegalStateException("more than " + queuedAt.length + " frames in flight");
            }
            queuedAt[(head + size++) % queuedAt.length] = now;
        }
        bytesToWrite += (long) n * frameLen;
    }

    /** Removes the oldest in-flight frame and returns the time it was queued. */
    long answered() {
        if (size == 0) {
            throw new IllegalStateException("a message arrived that was not asked for");
        }
        long t = queuedAt[head];
        head = (head + 1) % queuedAt.length;
        size--;
        return t;
    }

    /** In-flight frames (queued or sent, not yet answered). */
    int inFlight() {
        return size;
    }

    /**
     * Writes queued bytes until done or the socket is full; then asks the selector for OP_WRITE.
     * Returns whether everything queued has been written.
     */
    boolean flush() throws IOException {
        while (bytesToWrite > 0) {
            int chunk = (int) Math.min(bytesToWrite, templateLen - offset);
            frames.limit(offset + chunk).position(offset);
            int n = channel.write(frames);
            bytesToWrite -= n;
            offset = (offset + n) % frameLen;
            if (n < chunk) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return false;
            }
        }
        key.interestOps(SelectionKey.OP_READ);
        return true;
    }
}
