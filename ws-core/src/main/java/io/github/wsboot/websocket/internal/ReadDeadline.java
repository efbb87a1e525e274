package io.github.wsboot.websocket.internal;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

import io.github.wsboot.websocket.Transport;

/**
 * A connection's read deadline, applied around each blocking read of the transport: through the transport's
 * own read timeout where it has one, otherwise by closing the transport when the deadline passes.
 *
 * <p>{@link #set} and {@link #cancel} may be called from any thread; the guard methods only by the reader.
 */
public final class ReadDeadline implements FrameReader.ReadGuard {

    private final Transport transport;
    private final DeadlineWatch watch;
    private volatile long deadline = Deadlines.NONE;
    private volatile boolean fired;
    private int appliedTimeout;
    private boolean watched;

    /** @param closeTransport closes the transport under a read that outlived its deadline */
    public ReadDeadline(Transport transport, Runnable closeTransport) {
        this.transport = transport;
        this.watch = new DeadlineWatch(() -> {
            fired = true;
            closeTransport.run();
        });
    }

    /** Sets the deadline (a {@link System#nanoTime} value, or {@link Deadlines#NONE}). */
    public void set(long nanoDeadline) {
        this.deadline = nanoDeadline;
    }

    /** Whether a read was ended by closing the transport at its deadline. */
    public boolean fired() {
        return fired;
    }

    /** No more reads will be watched. */
    public void cancel() {
        watch.cancel();
    }

    @Override
    public void beforeRead() throws IOException {
        long d = deadline;
        if (d == Deadlines.NONE) {
            if (appliedTimeout != 0) {
                transport.setReadTimeout(0);
                appliedTimeout = 0;
            }
            return;
        }
        long remaining = d - System.nanoTime();
        if (remaining <= 0) {
            throw new SocketTimeoutException("websocket: read deadline exceeded");
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
        if (transport.setReadTimeout(millis)) {
            appliedTimeout = millis;
        } else {
            watch.begin(d);
            watched = true;
        }
    }

    @Override
    public void afterRead() {
        if (watched) {
            watch.end();
            watched = false;
        }
    }
}
