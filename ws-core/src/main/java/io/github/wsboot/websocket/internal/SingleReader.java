package io.github.wsboot.websocket.internal;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A connection's one-reader rule: a thread that starts a read while another thread is reading fails at once
 * with an {@link IllegalStateException}, deterministically, instead of interleaving with it.
 */
public final class SingleReader {

    private final AtomicReference<Thread> reading = new AtomicReference<>();

    /** Starts a read on this thread (reentrant). */
    public void enter() {
        Thread me = Thread.currentThread();
        Thread other = reading.compareAndExchange(null, me);
        if (other != null && other != me) {
            throw new IllegalStateException("concurrent read: thread '" + other.getName()
                    + "' is already reading this connection; a connection supports one reader at a time");
        }
    }

    /** Starts a read on this thread if no thread is reading; false otherwise. */
    public boolean tryEnter() {
        return reading.compareAndSet(null, Thread.currentThread());
    }

    /** Ends the read. */
    public void exit() {
        reading.set(null);
    }

    /** Whether this thread is inside a read. */
    public boolean isCurrentThreadReading() {
        return reading.get() == Thread.currentThread();
    }
}
