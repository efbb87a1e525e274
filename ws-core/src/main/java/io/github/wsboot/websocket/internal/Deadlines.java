package io.github.wsboot.websocket.internal;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Deadlines as {@link System#nanoTime} values, so that a wall-clock change cannot move them; {@link #NONE}
 * means no deadline.
 */
public final class Deadlines {

    /** No deadline. */
    public static final long NONE = Long.MIN_VALUE;

    private Deadlines() {}

    /** {@code deadline} as a nanoTime value; null gives {@link #NONE}, a far future is capped. */
    public static long fromInstant(@Nullable Instant deadline) {
        if (deadline == null) {
            return NONE;
        }
        long nanos;
        try {
            nanos = Duration.between(Instant.now(), deadline).toNanos();
        } catch (ArithmeticException e) {
            nanos = deadline.isBefore(Instant.now()) ? -1 : Long.MAX_VALUE / 4;
        }
        return after(Math.min(nanos, Long.MAX_VALUE / 4));
    }

    /** The deadline {@code nanos} from now. */
    public static long after(long nanos) {
        long d = System.nanoTime() + nanos;
        return d == NONE ? d + 1 : d;
    }

    /** A nanoTime deadline as an instant; null for {@link #NONE}. */
    public static @Nullable Instant toInstant(long nanoDeadline) {
        if (nanoDeadline == NONE) {
            return null;
        }
        return Instant.now().plusNanos(nanoDeadline - System.nanoTime());
    }
}
