package io.github.wsboot.websocket.hub;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what a hub reports, and the largest queue depth it saw. */
final class RecordingObserver implements HubObserver {

    final Map<OverflowPolicy, AtomicInteger> dropped = new ConcurrentHashMap<>();
    final Map<OverflowPolicy, AtomicInteger> terminated = new ConcurrentHashMap<>();
    final AtomicInteger writeTimeouts = new AtomicInteger();
    final AtomicLong maxQueuedBytes = new AtomicLong();
    final AtomicLong maxQueuedMessages = new AtomicLong();
    final ConcurrentLinkedQueue<Long> fanoutNanos = new ConcurrentLinkedQueue<>();
    final AtomicInteger fanoutConnections = new AtomicInteger();

    @Override
    public void enqueued(int queuedMessages, long queuedBytes) {
        maxQueuedMessages.accumulateAndGet(queuedMessages, Math::max);
        maxQueuedBytes.accumulateAndGet(queuedBytes, Math::max);
    }

    @Override
    public void dropped(OverflowPolicy policy, int messages) {
        dropped.computeIfAbsent(policy, p -> new AtomicInteger()).addAndGet(messages);
    }

    @Override
    public void terminated(OverflowPolicy policy) {
        terminated.computeIfAbsent(policy, p -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void writeTimedOut() {
        writeTimeouts.incrementAndGet();
    }

    @Override
    public void fannedOut(String topic, int connections, long nanos) {
        fanoutNanos.add(nanos);
        fanoutConnections.accumulateAndGet(connections, Math::max);
    }

    int dropped(OverflowPolicy policy) {
        AtomicInteger n = dropped.get(policy);
        return n == null ? 0 : n.get();
    }

    int terminations(OverflowPolicy policy) {
        AtomicInteger n = terminated.get(policy);
        return n == null ? 0 : n.get();
    }
}
