package io.github.wsboot.websocket.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * The bytes a connection's writers handed over that the socket did not take at once, flushed by the event loop
 * on write-readiness. Not thread-safe: guarded by the transport's write lock. Bytes are copied in when the
 * writer returns before they are written ({@link #copy}); a write too large for the queue's limit is queued
 * without a copy and its writer waits until the loop has written it ({@link #writtenTotal}).
 */
final class OutboundQueue {

    private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>();
    private long queued;
    private long writtenTotal;
    private long enqueuedTotal;

    boolean isEmpty() {
        return buffers.isEmpty();
    }

    long queued() {
        return queued;
    }

    /** Bytes the loop has written from the queue since the connection began. */
    long writtenTotal() {
        return writtenTotal;
    }

    /** Queues a copy of what is left of {@code src}. */
    void copy(ByteBuffer src) {
        int n = src.remaining();
        if (n == 0) {
            return;
        }
        ByteBuffer c = ByteBuffer.allocate(n);
        c.put(src).flip();
        add(c);
    }

    /**
     * Queues {@code src} itself; its owner must not touch it until {@link #writtenTotal()} reaches the value
     * returned.
     */
    long share(ByteBuffer src) {
        if (src.hasRemaining()) {
            add(src);
        }
        return enqueuedTotal;
    }

    private void add(ByteBuffer b) {
        buffers.add(b);
        queued += b.remaining();
        enqueuedTotal += b.remaining();
    }

    /** Writes as much as the socket takes; true when the queue is empty afterwards. */
    boolean flush(SocketChannel channel) throws IOException {
        while (!buffers.isEmpty()) {
            ByteBuffer head = buffers.peek();
            int n = channel.write(head);
            queued -= n;
            writtenTotal += n;
            if (head.hasRemaining()) {
                return false;
            }
            buffers.poll();
        }
        return true;
    }

    void clear() {
        buffers.clear();
        queued = 0;
    }
}
