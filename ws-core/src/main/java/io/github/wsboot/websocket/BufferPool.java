package io.github.wsboot.websocket;

import org.jspecify.annotations.Nullable;

/**
 * A pool of write buffers. When an
 * {@link Upgrader} or {@link Dialer} has one, a connection holds its write buffer only while it writes a
 * message and returns it afterwards, so that many mostly-idle connections share few buffers.
 *
 * <p>Implementations must be safe for concurrent use. Use one pool per write buffer size.
 */
public interface BufferPool {

    /** Takes a buffer from the pool, or returns null when the pool is empty (the caller then allocates). */
    byte @Nullable [] get();

    /** Returns a buffer to the pool; the pool may drop it. */
    void put(byte[] buffer);

    /** A lock-free pool that keeps at most {@code capacity} idle buffers. */
    static BufferPool bounded(int capacity) {
        return new BoundedBufferPool(capacity);
    }
}
