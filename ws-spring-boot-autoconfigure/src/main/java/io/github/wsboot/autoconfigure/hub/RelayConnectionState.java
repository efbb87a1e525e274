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

    private final String what;
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean connected = true;
    private volatile @Nullable String error;
    private volatile @Nullable Instant downSince;

    /** @param what names the user in log lines, such as "hub relay" */
    RelayConnectionState(String what) {
        this.what = what;
    }

    boolean connected() {
        return connected;
    }

    @Nullable String error() {
        return error;
    }

    @Nullable Instant downSince() {
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
