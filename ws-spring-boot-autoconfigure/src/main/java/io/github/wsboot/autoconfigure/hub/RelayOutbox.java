package io.github.wsboot.autoconfigure.hub;

import java.util.UUID;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * The relay's bounded outbox: publishes wait here for Redis, numbered in order, the oldest dropped first when more
 * than {@code limit} wait (during an outage). Thread-safe: any publisher thread adds, the publisher loop takes.
 */
final class RelayOutbox {

    /** A message waiting for Redis; a recoverable one is appended to its topic's stream rather than published. */
    record Entry(RelayEnvelope envelope, boolean recoverable) {}

    private final UUID instance;
    private final int limit;
    private final ReentrantLock enqueueLock = new ReentrantLock();
    private long sequence; // enqueueLock
    private final LinkedBlockingDeque<Entry> queue = new LinkedBlockingDeque<>();
    private final AtomicLong dropped = new AtomicLong();

    RelayOutbox(UUID instance, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("outbox limit must be positive: " + limit);
        }
        this.instance = instance;
        this.limit = limit;
    }

    /** Numbers the message and queues it; drops the oldest beyond the limit. */
    void add(String topic, int type, byte[] payload, boolean recoverable) {
        enqueueLock.lock();
        try {
            // Sequence numbers enter the outbox in order: receivers drop any number not above the last seen.
            queue.offerLast(new Entry(new RelayEnvelope(instance, ++sequence, topic, type, payload), recoverable));
            while (queue.size() > limit && queue.pollFirst() != null) {
                dropped.incrementAndGet();
            }
        } finally {
            enqueueLock.unlock();
        }
    }

    /** The oldest message, waiting up to {@code millis}; null when none arrived. */
    @Nullable
    Entry take(long millis) throws InterruptedException {
        return queue.pollFirst(millis, TimeUnit.MILLISECONDS);
    }

    /** Puts back a message that Redis did not take, so that it goes first when Redis is back. */
    void putBack(Entry entry) {
        queue.offerFirst(entry);
    }

    int size() {
        return queue.size();
    }

    long dropped() {
        return dropped.get();
    }
}
