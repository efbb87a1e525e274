package io.github.wsboot.autoconfigure.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.Conn;

/**
 * The open server connections, per endpoint: enforces {@code ws.server.max-connections}, feeds the active
 * connection gauges and the actuator endpoint, and lets graceful shutdown stop admissions, reach every
 * connection and wait for them to end.
 *
 * @since 0.1.0
 */
public final class ConnectionTracker {

    /** One tracked connection, equal only to itself; hand it back to {@link #remove}. */
    public static final class Entry {

        private final String pathPattern;
        private final Conn conn;

        Entry(String pathPattern, Conn conn) {
            this.pathPattern = pathPattern;
            this.conn = conn;
        }

        /** The path pattern of the connection's endpoint. */
        public String pathPattern() {
            return pathPattern;
        }

        /** The connection. */
        public Conn conn() {
            return conn;
        }
    }

    private final int maxConnections;
    /** Guards admission against shutdown, so that no connection slips in after {@link #stopAccepting()}. */
    private final ReentrantLock lock = new ReentrantLock();

    private final Condition emptied = lock.newCondition();
    private final Set<Entry> live = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> perEndpoint = new ConcurrentHashMap<>();
    private int total; // lock
    private volatile boolean accepting = true;

    /** @param maxConnections the most connections open at once; zero or negative means no limit */
    public ConnectionTracker(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    /** Whether new connections are admitted (false once shutdown has begun). */
    public boolean isAccepting() {
        return accepting;
    }

    /** Whether the connection limit is reached; a cheap pre-check before the handshake. */
    public boolean isAtCapacity() {
        return maxConnections > 0 && live.size() >= maxConnections;
    }

    /**
     * Admits a connection that has been upgraded.
     *
     * @return its entry, or null when the limit is reached or shutdown has begun
     */
    public @Nullable Entry tryAdd(String pathPattern, Conn conn) {
        lock.lock();
        try {
            if (!accepting || (maxConnections > 0 && total >= maxConnections)) {
                return null;
            }
            total++;
            Entry entry = new Entry(pathPattern, conn);
            live.add(entry);
            perEndpoint.computeIfAbsent(pathPattern, p -> new AtomicInteger()).incrementAndGet();
            return entry;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets a connection that has ended. */
    public void remove(Entry entry) {
        lock.lock();
        try {
            if (live.remove(entry)) {
                total--;
                Objects.requireNonNull(perEndpoint.get(entry.pathPattern())).decrementAndGet();
                if (total == 0) {
                    emptied.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Open connections over all endpoints. */
    public int active() {
        return live.size();
    }

    /** Open connections of the endpoint mapped to {@code pathPattern}. */
    public int active(String pathPattern) {
        AtomicInteger n = perEndpoint.get(pathPattern);
        return n == null ? 0 : n.get();
    }

    /** Refuses every later admission; returns the connections open at that moment. */
    public List<Entry> stopAccepting() {
        lock.lock();
        try {
            accepting = false;
            return new ArrayList<>(live);
        } finally {
            lock.unlock();
        }
    }

    /** The connections open now. */
    public List<Entry> snapshot() {
        return new ArrayList<>(live);
    }

    /**
     * Waits until no connection is open.
     *
     * @return whether that happened within {@code timeout}
     */
    public boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (total > 0) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = emptied.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The limit, or a negative number when there is none. */
    public int maxConnections() {
        return maxConnections > 0 ? maxConnections : -1;
    }

    @Override
    public String toString() {
        return "ConnectionTracker[active=" + active() + ", max=" + maxConnections() + ", accepting=" + accepting + "]";
    }
}
