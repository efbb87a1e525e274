package io.github.wsboot.autoconfigure.server;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Per-client limits a public endpoint needs ({@code ws.server.limits.*}): at most so many open connections
 * from one address, and at most so many handshakes from one address per period. A refused handshake never
 * counts against anyone else: each address has its own counts.
 *
 * @since 0.1.0
 */
public final class PerAddressLimits {

    /** Why a handshake was refused. */
    public enum Refusal {
        /** The address has {@code max-connections-per-address} connections open (503). */
        TOO_MANY_CONNECTIONS,
        /** The address made {@code max-handshakes-per-address} handshakes this period (429). */
        TOO_MANY_HANDSHAKES
    }

    /** The answer to {@link #admit}: a reservation, or a refusal with how long to wait. */
    public record Decision(
            @Nullable Reservation reservation, @Nullable Refusal refusal, long retryAfterSeconds) {}

    /** Sweep the rate windows when there are more addresses than this. */
    private static final int SWEEP_ABOVE = 10_000;

    private final int maxConnections;
    private final int maxHandshakes;
    private final long periodNanos;
    private final long staleNanos;
    private final LongSupplier clock;
    /** Reservations per address; a set is only touched inside the map's atomic compute for its key. */
    private final Map<String, Set<Reservation>> open = new ConcurrentHashMap<>();

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final ReentrantLock sweep = new ReentrantLock();

    /**
     * @param maxConnectionsPerAddress open connections allowed per address; negative for no limit
     * @param maxHandshakesPerAddress  handshakes allowed per address and period; negative for no limit
     * @param period                   the rate limit's period
     * @param handOverTimeout          how long a reservation may wait for its connection to start; one that
     *                                 never started by then (the container never handed the connection over)
     *                                 no longer counts
     */
    public PerAddressLimits(
            int maxConnectionsPerAddress, int maxHandshakesPerAddress, Duration period, Duration handOverTimeout) {
        this(maxConnectionsPerAddress, maxHandshakesPerAddress, period, handOverTimeout, System::nanoTime);
    }

    PerAddressLimits(
            int maxConnectionsPerAddress,
            int maxHandshakesPerAddress,
            Duration period,
            Duration handOverTimeout,
            LongSupplier clock) {
        this.maxConnections = maxConnectionsPerAddress;
        this.maxHandshakes = maxHandshakesPerAddress;
        this.periodNanos = period.toNanos();
        this.staleNanos = handOverTimeout.toNanos();
        this.clock = clock;
    }

    /** Whether any limit is set. */
    public boolean enabled() {
        return maxConnections >= 0 || maxHandshakes >= 0;
    }

    /**
     * Counts a handshake from {@code address} and reserves a connection slot for it, unless a limit refuses it.
     * The reservation must be released once the connection ends or the handshake fails.
     */
    public Decision admit(String address) {
        if (maxHandshakes >= 0) {
            long now = clock.getAsLong();
            Window w = windows.computeIfAbsent(address, a -> new Window(now));
            long wait = w.take(now, periodNanos, maxHandshakes);
            if (wait > 0) {
                return new Decision(
                        null, Refusal.TOO_MANY_HANDSHAKES, Math.max(1, (wait + 999_999_999L) / 1_000_000_000L));
            }
            if (windows.size() > SWEEP_ABOVE) {
                sweep(now);
            }
        }
        if (maxConnections < 0) {
            return new Decision(new Reservation(null, 0), null, 0);
        }
        long now = clock.getAsLong();
        Reservation r = new Reservation(address, now);
        boolean[] admitted = {false};
        open.compute(address, (a, set) -> {
            Set<Reservation> s = set != null ? set : new HashSet<>();
            s.removeIf(x -> !x.started && now - x.created > staleNanos);
            if (s.size() < maxConnections) {
                s.add(r);
                admitted[0] = true;
            }
            return s.isEmpty() ? null : s;
        });
        return admitted[0] ? new Decision(r, null, 0) : new Decision(null, Refusal.TOO_MANY_CONNECTIONS, 1);
    }

    /** Connections counted for {@code address}: open, or handed over but not started yet. */
    public int open(String address) {
        int[] n = {0};
        open.computeIfPresent(address, (a, s) -> {
            n[0] = s.size();
            return s;
        });
        return n[0];
    }

    /** Drops the rate windows that have ended, so the map holds only addresses seen within one period. */
    private void sweep(long now) {
        if (sweep.tryLock()) {
            try {
                windows.values().removeIf(w -> w.endedBy(now, periodNanos));
            } finally {
                sweep.unlock();
            }
        }
    }

    /** One connection slot of an address; {@link #release()} is idempotent. */
    public final class Reservation {

        private final @Nullable String address;
        private final long created;
        private volatile boolean started;

        private Reservation(@Nullable String address, long created) {
            this.address = address;
            this.created = created;
        }

        /** The connection has started being served: the slot is held until {@link #release()}. */
        public void started() {
            started = true;
        }

        public void release() {
            if (address != null) {
                open.computeIfPresent(address, (a, s) -> {
                    s.remove(this);
                    return s.isEmpty() ? null : s;
                });
            }
        }
    }

    /** A fixed window of handshakes from one address. */
    private static final class Window {

        private final ReentrantLock lock = new ReentrantLock();
        private long start;
        private int count;

        Window(long start) {
            this.start = start;
        }

        /** Counts one handshake; 0 when admitted, else nanoseconds until the window ends. */
        long take(long now, long period, int limit) {
            lock.lock();
            try {
                if (now - start >= period) {
                    start = now;
                    count = 0;
                }
                if (count >= limit) {
                    return start + period - now;
                }
                count++;
                return 0;
            } finally {
                lock.unlock();
            }
        }

        boolean endedBy(long now, long period) {
            lock.lock();
            try {
                return now - start >= period;
            } finally {
                lock.unlock();
            }
        }
    }
}
