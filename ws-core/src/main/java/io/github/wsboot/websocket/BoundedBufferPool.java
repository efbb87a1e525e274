package io.github.wsboot.websocket;

import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jspecify.annotations.Nullable;

/**
 * A fixed number of slots scanned with compare-and-set; cheaper than a queue (no node allocation) and never
 * holds more than {@code capacity} idle buffers.
 */
final class BoundedBufferPool implements BufferPool {

    private final AtomicReferenceArray<byte[]> slots;

    BoundedBufferPool(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.slots = new AtomicReferenceArray<>(capacity);
    }

    @Override
    public byte @Nullable [] get() {
        int start = probe();
        int n = slots.length();
        for (int i = 0; i < n; i++) {
            int slot = (start + i) % n;
            byte[] b = slots.get(slot);
            if (b != null && slots.compareAndSet(slot, b, null)) {
                return b;
            }
        }
        return null;
    }

    @Override
    public void put(byte[] buffer) {
        int start = probe();
        int n = slots.length();
        for (int i = 0; i < n; i++) {
            int slot = (start + i) % n;
            if (slots.get(slot) == null && slots.compareAndSet(slot, null, buffer)) {
                return;
            }
        }
    }

    private int probe() {
        // Spread threads over the slots so that they rarely contend on the same one.
        return (int) (Thread.currentThread().getId() & 0x7fffffff) % slots.length();
    }
}
