package io.github.wsboot.websocket;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.github.wsboot.websocket.internal.ConnThreads;
import io.github.wsboot.websocket.internal.DeadlineTimer;

/**
 * Periodic pings that find dead peers: every {@code interval} a ping goes out, and if its pong has not come
 * back within {@code pongTimeout} the connection is closed, which fails the blocked read. The shared timer
 * thread only schedules; pings are written on connection threads so that a stuck socket cannot stall it.
 * Pongs are seen only while the application reads the connection, as with every control frame.
 */
final class Keepalive {

    private static final Executor SENDER = ConnThreads.perTaskExecutor("ws-keepalive");

    private final Conn conn;
    private final Duration pongTimeout;
    private final ScheduledFuture<?> ticks;
    private final AtomicLong missed = new AtomicLong();

    Keepalive(Conn conn, Duration interval, Duration pongTimeout) {
        this.conn = conn;
        this.pongTimeout = pongTimeout;
        this.ticks = DeadlineTimer.scheduleAtFixedRate(() -> SENDER.execute(this::pingOnce), interval.toNanos());
    }

    private void pingOnce() {
        if (conn.closeState() == io.github.wsboot.websocket.internal.CloseState.State.CLOSED) {
            // Closed without this keepalive being stopped (set after, or racing with, the close): stop
            // ticking instead of starting a thread per tick forever.
            stop();
            return;
        }
        CompletableFuture<Duration> pong = conn.ping(pongTimeout);
        // Neither future is needed: a failed pong is what the check below looks at.
        var unused = pong.thenAccept(roundTrip -> conn.observer().keepalivePong(roundTrip));
        var unusedCheck = DeadlineTimer.scheduleBlocking(
                () -> { // closing may block (TLS): not on the shared timer thread
                    // A ping that could not even be written in time (another frame stuck on a peer that does not
                    // read) is as missed as one that got no answer.
                    if (!pong.isDone() || sendTimedOut(pong)) {
                        missed.incrementAndGet();
                        conn.observer().keepaliveMissed();
                        pong.completeExceptionally(
                                new java.net.SocketTimeoutException("websocket: no pong within " + pongTimeout));
                        conn.keepaliveFailed();
                    }
                },
                pongTimeout.toNanos());
    }

    private static boolean sendTimedOut(CompletableFuture<Duration> pong) {
        if (!pong.isCompletedExceptionally()) {
            return false;
        }
        try {
            pong.join();
            return false;
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause() instanceof java.net.SocketTimeoutException;
        }
    }

    /** Pings that went unanswered. */
    long missed() {
        return missed.get();
    }

    void stop() {
        ticks.cancel(false);
    }
}
