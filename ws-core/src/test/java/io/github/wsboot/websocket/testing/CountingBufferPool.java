package io.github.wsboot.websocket.testing;

import java.util.concurrent.atomic.AtomicLong;

import io.github.wsboot.websocket.BufferPool;

/** A bounded pool that counts buffers taken and returned, so a test can see that none stays out. */
public final class CountingBufferPool implements BufferPool {

    private final BufferPool pool = BufferPool.bounded(64);
    private final AtomicLong out = new AtomicLong();
    private final AtomicLong gets = new AtomicLong();

    @Override
    public byte[] get() {
        gets.incrementAndGet();
        out.incrementAndGet();
        return pool.get();
    }

    @Override
    public void put(byte[] buffer) {
        out.decrementAndGet();
        pool.put(buffer);
    }

    /** Buffers handed out and not given back. */
    public long outstanding() {
        return out.get();
    }

    /** Buffers handed out so far. */
    public long gets() {
        return gets.get();
    }
}
