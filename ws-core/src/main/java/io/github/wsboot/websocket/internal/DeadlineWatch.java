package io.github.wsboot.websocket.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * Enforces the deadline of one blocking call at a time (a connection's writes, or its reads) without a timer
 * task per call. {@link #begin} and {@link #end} only store the deadline; a check is scheduled on the shared
 * {@link DeadlineTimer} when none is pending at or before the new deadline. When a check runs it looks at the
 * call in progress: none, nothing to do; deadline not reached, it schedules itself for that deadline; deadline
 * passed, {@code onExpired} runs on a thread of its own (it may block: closing a TLS socket waits for a stuck
 * write). With a constant timeout, a connection that writes continuously costs one timer task per timeout
 * period instead of a schedule and a cancel per write, each of which woke the timer thread (a futex wake and a
 * context switch per small message).
 *
 * <p>Contract: one caller at a time brackets its blocking call with {@code begin} and {@code end} (the caller's
 * lock guarantees it); {@link #cancel} may be called from any thread. An expired call is reported at most once
 * per {@code begin}; the check may run up to the timer's latency after the deadline.
 */
public final class DeadlineWatch {

    private static final long NONE = Long.MIN_VALUE;

    private final Runnable onExpired;
    /** Deadline (System.nanoTime) of the call in progress, or NONE. */
    private final AtomicLong deadline = new AtomicLong(NONE);
    /** Time of the earliest pending check, or NONE: a call whose deadline is later needs no check of its own. */
    private final AtomicLong checkAt = new AtomicLong(NONE);

    private volatile @Nullable ScheduledFuture<?> pending;
    private volatile boolean cancelled;

    public DeadlineWatch(Runnable onExpired) {
        this.onExpired = onExpired;
    }

    /** A blocking call starts that must end by {@code deadlineNanos} (a {@link System#nanoTime} value). */
    public void begin(long deadlineNanos) {
        deadline.set(deadlineNanos);
        arm(deadlineNanos);
    }

    /** The call has returned (normally or not). */
    public void end() {
        deadline.set(NONE);
    }

    /** No more calls will be watched: drops the pending check so the timer queue does not keep it. */
    public void cancel() {
        cancelled = true;
        deadline.set(NONE);
        ScheduledFuture<?> p = pending;
        if (p != null) {
            p.cancel(false);
        }
    }

    private void arm(long at) {
        while (!cancelled) {
            long scheduled = checkAt.get();
            if (scheduled != NONE && scheduled - at <= 0) {
                return; // an earlier or equal check is pending; it re-arms for our deadline if we are still running
            }
            if (checkAt.compareAndSet(scheduled, at)) {
                pending = DeadlineTimer.schedule(() -> check(at), at - System.nanoTime());
                return;
            }
        }
    }

    /** Runs on the timer thread; never blocks. */
    private void check(long scheduledFor) {
        checkAt.compareAndSet(scheduledFor, NONE);
        long d = deadline.get();
        if (d == NONE || cancelled) {
            return;
        }
        if (System.nanoTime() - d >= 0) {
            if (deadline.compareAndSet(d, NONE)) { // fails if the call ended meanwhile; fires once per begin
                DeadlineTimer.runBlocking(onExpired);
            }
        } else {
            arm(d);
        }
    }
}
