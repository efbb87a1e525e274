package io.github.wsboot.websocket.hub;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One published message on its way into many queues: counts the queues that still hold it and reports the
 * fan-out latency when the last one is done with it. Thread-safe.
 */
final class Fanout {

    private final String topic;
    private final long startNanos;
    private final HubObserver observer;
    private final AtomicInteger remaining = new AtomicInteger(1); // the publisher's own hold until sealed
    private int connections;

    Fanout(String topic, long startNanos, HubObserver observer) {
        this.topic = topic;
        this.startNanos = startNanos;
        this.observer = observer;
    }

    /** Counts one more queue; called by the publisher before it offers the message to that queue. */
    void add() {
        connections++;
        remaining.incrementAndGet();
    }

    /** The publisher has offered the message to every queue: drops its own hold. */
    void seal() {
        done();
    }

    /** One queue wrote, dropped or discarded the message. */
    void done() {
        if (remaining.decrementAndGet() == 0 && connections > 0) {
            observer.fannedOut(topic, connections, System.nanoTime() - startNanos);
        }
    }
}
