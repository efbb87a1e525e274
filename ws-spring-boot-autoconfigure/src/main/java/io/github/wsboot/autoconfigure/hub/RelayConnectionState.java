package io.github.wsboot.autoconfigure.hub;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * Whether the relay reaches Redis, since when it does not and why, and the failures counted: what
 * {@link RedisHubRelay#status()} reports to health and metrics. Thread-safe.
 */
final class RelayConnectionState {

    private static final System.Logger LOG = System.getLogger(RedisHubRelay.class.getName());

    private static final long MIN_BACKOFF_MILLIS = 50;
    private static final long MAX_BACKOFF_MILLIS = 1000;

    private final String what;
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean connected = true;
    private volatile @Nullable String error;
    private volatile @Nullable Instant downSince;
    /** The retry loop's next pause; only that loop's thread sleeps on it. */
    private volatile long backoffMillis = MIN_BACKOFF_MILLIS;

    /** @param what names the user in log lines, such as "hub relay" */
    RelayConnectionState(String what) {
        this.what = what;
    }

    boolean connected() {
        return connected;
    }

    @Nullable
    String error() {
        return error;
    }

    @Nullable
    Instant downSince() {
        return downSince;
    }

    long failures() {
        return failures.get();
    }

    void markConnected(int waiting) {
        if (!connected) {
            LOG.log(System.Logger.Level.INFO, what + ": Redis is reachable again; " + waiting + " waiting");
        }
        connected = true;
        error = null;
        downSince = null;
        backoffMillis = MIN_BACKOFF_MILLIS;
    }

    /**
     * A retry loop's attempt failed: marks the state down, then pauses (50 ms, doubling up to 1 s).
     *
     * @return false when the thread was interrupted (the loop should end)
     */
    boolean failedThenPause(RuntimeException e) {
        markDown(e);
        LOG.log(System.Logger.Level.DEBUG, () -> what + ": Redis still unreachable", e);
        long pause = backoffMillis;
        backoffMillis = Math.min(MAX_BACKOFF_MILLIS, pause * 2);
        try {
            Thread.sleep(pause);
            return true;
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void markDown(RuntimeException e) {
        failures.incrementAndGet();
        if (connected) {
            LOG.log(System.Logger.Level.WARNING, what + ": Redis unreachable, local delivery goes on: " + e);
            downSince = Instant.now();
        }
        connected = false;
        error = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
