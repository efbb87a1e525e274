package io.github.wsboot.websocket.hub;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.PreparedMessage;

/**
 * One connection's bounded queue of outgoing hub messages, in the order they were offered. Limits count queued
 * messages and their payload bytes (the message being written is no longer queued). One lock guards the queue;
 * at most one drain task per connection runs at a time, scheduled on the hub's executor when the queue becomes
 * non-empty, so an idle connection costs no thread. The drain task writes a bounded batch, then yields its thread
 * to other connections. A failed write closes the connection and discards what is queued.
 *
 * <p>Created by the {@link Hub}; applications read its depth ({@link Hub#queue}) but do not offer to it directly.
 */
public final class SendQueue {

    /** Messages one drain task writes before it yields its thread to other connections. */
    private static final int DRAIN_BATCH = 64;

    private final Hub hub;
    private final Conn conn;
    private final long id;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Entry> entries = new ArrayDeque<>(); // lock
    private final Set<String> topics = new HashSet<>(); // lock
    private long bytes; // lock
    private boolean draining; // lock
    private boolean closed; // lock
    /** System.nanoTime() when the write in progress started; 0 when none is. Read by the hub's watchdog. */
    private volatile long writeStartedNanos;

    SendQueue(Hub hub, Conn conn, long id) {
        this.hub = hub;
        this.conn = conn;
        this.id = id;
    }

    /** This queue's id, unique within its hub: names the connection's memberships in cluster presence. */
    long id() {
        return id;
    }

    /** One queued message; {@code fanout} is null for a message sent to this connection alone. */
    record Entry(PreparedMessage message, @Nullable Fanout fanout) {

        void done() {
            if (fanout != null) {
                fanout.done();
            }
        }
    }

    /** The connection this queue writes to. */
    public Conn conn() {
        return conn;
    }

    /** Messages waiting to be written. */
    public int queuedMessages() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    /** Payload bytes of the messages waiting to be written. */
    public long queuedBytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the queue was closed (connection closed, terminated or removed from the hub). */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    // ---- called by the hub --------------------------------------------------------------------------------

    /** Records membership of {@code topic}; false when the queue is closed. Caller holds the topic's lock. */
    boolean addTopic(String topic) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            topics.add(topic);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets membership of {@code topic}. Caller holds the topic's lock. */
    void removeTopic(String topic) {
        lock.lock();
        try {
            topics.remove(topic);
        } finally {
            lock.unlock();
        }
    }

    /** A snapshot of the topics this connection belongs to. */
    List<String> topics() {
        lock.lock();
        try {
            return new ArrayList<>(topics);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues {@code entry}, applying the overflow policy when it does not fit. Never blocks on the network:
     * a termination's close frame is written by a task on the hub's executor.
     */
    void offer(Entry entry) {
        int size = entry.message().size();
        List<Entry> discarded = null;
        boolean added = false;
        boolean schedule = false;
        boolean terminate = false;
        int depth = 0;
        long depthBytes = 0;
        boolean wasClosed;
        OverflowPolicy policy = hub.overflowPolicy();
        lock.lock();
        try {
            wasClosed = closed;
            if (!closed) {
                if (!fits(size)) {
                    switch (policy) {
                        case DROP_NEWEST -> {}
                        case DROP_OLDEST -> {
                            discarded = new ArrayList<>();
                            while (!entries.isEmpty() && !fits(size)) {
                                Entry old = entries.poll();
                                bytes -= old.message().size();
                                discarded.add(old);
                            }
                        }
                        default -> {
                            terminate = true;
                            discarded = closeLocked();
                        }
                    }
                }
                if (!terminate && fits(size)) {
                    entries.add(entry);
                    bytes += size;
                    added = true;
                    depth = entries.size();
                    depthBytes = bytes;
                    if (!draining) {
                        draining = true;
                        schedule = true;
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        if (discarded != null) {
            discarded.forEach(Entry::done);
        }
        if (!added) {
            entry.done();
        }
        HubObserver observer = hub.observer();
        if (added) {
            observer.enqueued(depth, depthBytes);
        }
        if (terminate) {
            observer.terminated(policy);
            hub.terminate(this, policy.closeCode(), "send queue overflow");
        } else {
            int dropped = (discarded == null ? 0 : discarded.size()) + (added ? 0 : 1);
            if (dropped > 0 && !wasClosed) {
                observer.dropped(policy, dropped);
            }
        }
        if (schedule) {
            scheduleDrain();
        }
    }

    private boolean fits(int size) {
        return entries.size() < hub.queueLimitMessages() && bytes + size <= hub.queueLimitBytes();
    }

    private void scheduleDrain() {
        try {
            hub.executor().execute(this::drain);
        } catch (RejectedExecutionException e) {
            // The hub is closing: nothing will write this queue any more.
            close();
        }
    }

    /** Writes queued messages in order, a batch at a time; the only writer of this queue while it runs. */
    private void drain() {
        int written = 0;
        while (true) {
            Entry entry;
            lock.lock();
            try {
                entry = closed ? null : entries.peek();
                if (entry == null) {
                    draining = false;
                    return;
                }
                if (written == DRAIN_BATCH) {
                    break; // leave it queued and let other connections have this thread
                }
                entries.poll();
                bytes -= entry.message().size();
            } finally {
                lock.unlock();
            }
            long start = System.nanoTime();
            writeStartedNanos = start == 0 ? 1 : start;
            try {
                conn.writePreparedMessage(entry.message());
            } catch (IOException | RuntimeException e) {
                writeStartedNanos = 0;
                entry.done();
                hub.writeFailed(this, e);
                return;
            }
            writeStartedNanos = 0;
            entry.done();
            written++;
        }
        scheduleDrain();
    }

    /** Nanoseconds the write in progress has taken at {@code now}, or -1 when none is in progress. */
    long writeElapsed(long now) {
        long started = writeStartedNanos;
        return started == 0 ? -1 : now - started;
    }

    /**
     * Closes the queue: later offers are discarded, and so is what is queued.
     *
     * @return false when it was already closed
     */
    boolean close() {
        List<Entry> discarded;
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            discarded = closeLocked();
        } finally {
            lock.unlock();
        }
        discarded.forEach(Entry::done);
        return true;
    }

    private List<Entry> closeLocked() {
        closed = true;
        List<Entry> discarded = new ArrayList<>(entries);
        entries.clear();
        bytes = 0;
        return discarded;
    }

    @Override
    public String toString() {
        return "SendQueue[" + conn + "]";
    }
}
