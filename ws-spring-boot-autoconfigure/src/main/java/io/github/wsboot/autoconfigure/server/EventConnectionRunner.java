package io.github.wsboot.autoconfigure.server;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.autoconfigure.handler.PerMessageHandler;
import io.github.wsboot.autoconfigure.metrics.ConnectionMetrics;
import io.github.wsboot.autoconfigure.observation.HandshakeObservation;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.MessageListener;

/**
 * Serves a message-oriented endpoint's connection on the event engine: what {@link ConnectionRunner} does
 * around the handler (admission, settings, metrics, release), split over the listener's calls, so that no
 * thread waits for the connection between messages.
 */
final class EventConnectionRunner implements MessageListener {

    private final ConnectionRunner runner;
    private final PerMessageHandler.Session session;
    /** Takes the connection's per-address slot and session binding; returns what gives them back. */
    private final Function<Conn, Runnable> lease;

    private @Nullable Runnable endLease;
    private ConnectionTracker.@Nullable Entry entry;
    private @Nullable ConnectionMetrics connectionMetrics;
    private long start;

    EventConnectionRunner(ConnectionRunner runner, PerMessageHandler.Session session, Function<Conn, Runnable> lease) {
        this.runner = runner;
        this.session = session;
        this.lease = lease;
    }

    @Override
    @SuppressWarnings("try") // the scope only has to be current while handler code runs
    public void onOpen(Conn conn) throws Exception {
        endLease = lease.apply(conn);
        entry = runner.admit(conn);
        if (entry == null) {
            throw new NotAdmittedException(); // admit() has closed it (1013 or 1001)
        }
        connectionMetrics = runner.observe(conn);
        start = System.nanoTime();
        try (HandshakeObservation.Scope scope = runner.openScope()) {
            session.onOpen(conn);
        }
    }

    @Override
    @SuppressWarnings("try")
    public void onMessage(Conn conn, Message message) throws Exception {
        // Handler code runs in the handshake's trace context, as on a connection thread.
        try (HandshakeObservation.Scope scope = runner.openScope()) {
            session.onMessage(conn, message);
        }
    }

    @Override
    @SuppressWarnings("try")
    public void onClose(Conn conn, Exception cause) {
        ConnectionTracker.Entry e = entry;
        ConnectionMetrics m = connectionMetrics;
        try {
            if (e == null || m == null) {
                return; // never admitted: the handler never saw it
            }
            try (HandshakeObservation.Scope scope = runner.openScope()) {
                session.onClose(conn, cause);
                runner.ended(m, session.failure());
            } finally {
                runner.release(conn, e, m, start);
            }
        } finally {
            if (endLease != null) {
                endLease.run();
            }
        }
    }

    /** Ends a connection refused after the handshake. */
    private static final class NotAdmittedException extends Exception {

        private static final long serialVersionUID = 1L;

        NotAdmittedException() {
            super("not admitted", null, false, false);
        }
    }
}
