package io.github.wsboot.websocket.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One shared daemon thread that fires deadlines: it has a transport closed whose blocking write (or read, where
 * the transport has no read timeout of its own) outlived its deadline, and runs keepalive ticks. Blocking
 * Java streams have no deadlines, so an expired one is enforced by closing the stream under the blocked call.
 */
public final class DeadlineTimer {

    private static final ScheduledThreadPoolExecutor EXECUTOR = create();
    private static final Executor BLOCKING_TASKS = ConnThreads.perTaskExecutor("ws-deadline-abort");

    private DeadlineTimer() {}

    private static ScheduledThreadPoolExecutor create() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "ws-deadline-timer");
            t.setDaemon(true);
            // Not the creating web application's loader: the shared timer outlives any one application.
            t.setContextClassLoader(DeadlineTimer.class.getClassLoader());
            return t;
        });
        executor.setRemoveOnCancelPolicy(true); // cancelled deadlines must not pile up in the queue
        return executor;
    }

    /** Runs {@code task} after {@code delayNanos}; cancel the returned future when the guarded call returns. */
    public static ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        return EXECUTOR.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    /**
     * Runs {@code task} after {@code delayNanos} on a thread of its own (virtual where available): for tasks
     * that may block, such as closing a transport — closing a TLS socket waits for a write stuck on a peer
     * that stopped reading — which must not stall every other deadline in the JVM. Cancel the returned future
     * when the guarded call returns; once the delay has passed, the task runs regardless.
     */
    public static ScheduledFuture<?> scheduleBlocking(Runnable task, long delayNanos) {
        return EXECUTOR.schedule(() -> BLOCKING_TASKS.execute(task), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    /** Runs {@code task} now on a thread of its own (virtual where available); for tasks that may block. */
    public static void runBlocking(Runnable task) {
        BLOCKING_TASKS.execute(task);
    }

    /** Runs {@code task} every {@code periodNanos}, first after one period. */
    public static ScheduledFuture<?> scheduleAtFixedRate(Runnable task, long periodNanos) {
        return EXECUTOR.scheduleAtFixedRate(task, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }
}
