package io.github.wsboot.autoconfigure.server;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.wsboot.autoconfigure.handler.OnErrorRouting;
import io.github.wsboot.autoconfigure.metrics.ConnectionMetrics;
import io.github.wsboot.autoconfigure.metrics.WebSocketMetrics;
import io.github.wsboot.autoconfigure.observation.HandshakeObservation;
import io.github.wsboot.spring.Handshake;
import io.github.wsboot.spring.InvalidPayloadException;
import io.github.wsboot.websocket.CloseCodes;
import io.github.wsboot.websocket.CloseException;
import io.github.wsboot.websocket.CloseSentException;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.ProtocolViolationException;
import io.github.wsboot.websocket.Upgrader;
import io.github.wsboot.websocket.WebSockets;

/**
 * Serves one upgraded connection on its own thread: admits it (or closes it with 1013 when over capacity,
 * 1001 when shutting down), observes it for metrics, runs the handler, and
 * afterwards completes the close handshake the handler left open: 1000 after a normal return, 1011 after an
 * exception. Ws-core closes the transport when this returns.
 */
final class ConnectionRunner implements Upgrader.Handler {

    private static final Log LOG = LogFactory.getLog(ConnectionRunner.class);

    private final WebSocketEndpoint endpoint;
    private final Handshake handshake;
    private final ConnectionTracker tracker;
    private final WebSocketMetrics metrics;
    private final ConnectionSettings settings;
    private final HandshakeObservation observation;

    ConnectionRunner(
            WebSocketEndpoint endpoint,
            Handshake handshake,
            ConnectionTracker tracker,
            WebSocketMetrics metrics,
            ConnectionSettings settings,
            HandshakeObservation observation) {
        this.endpoint = endpoint;
        this.handshake = handshake;
        this.tracker = tracker;
        this.metrics = metrics;
        this.settings = settings;
        this.observation = observation;
    }

    @Override
    @SuppressWarnings("try") // the scope only has to be current while the handler runs
    public void serve(Conn conn) {
        ConnectionTracker.Entry entry = admit(conn);
        if (entry == null) {
            return;
        }
        ConnectionMetrics connectionMetrics = metrics.connectionOpened(endpoint.path());
        long start = System.nanoTime();
        // The handler runs in the handshake's trace context; its message observations are children of it.
        try (HandshakeObservation.Scope scope = observation.openScope()) {
            conn.setObserver(connectionMetrics);
            endpoint.handler().serve(conn, handshake);
            close(conn, CloseCodes.NORMAL_CLOSURE, "");
        } catch (CloseException e) {
            // The peer closed (or vanished): the normal end of a connection. A close frame has been answered.
            close(conn, CloseCodes.NORMAL_CLOSURE, "");
        } catch (ProtocolViolationException e) {
            // Ws-core has sent the matching close frame already.
            connectionMetrics.error(e);
            LOG.debug("WebSocket connection to " + endpoint.path() + " failed", e);
        } catch (IOException e) {
            if (tracker.isAccepting()) {
                failed(conn, connectionMetrics, e);
            } else {
                // Graceful shutdown closed a connection that did not finish its close handshake in time.
                LOG.debug("WebSocket connection to " + endpoint.path() + " closed by shutdown", e);
            }
        } catch (Exception e) {
            failed(conn, connectionMetrics, e);
        } catch (AssertionError | LinkageError | StackOverflowError e) {
            // A handler bug that surfaced as an Error (a failed assert, a missing class, runaway recursion).
            failed(conn, connectionMetrics, e);
        } finally {
            release(conn, entry, connectionMetrics, start);
        }
    }

    /** Tracks the connection, or closes it with 1013 (over capacity) or 1001 (shutting down) and returns null. */
    ConnectionTracker.@Nullable Entry admit(Conn conn) {
        ConnectionTracker.Entry entry = tracker.tryAdd(endpoint.path(), conn);
        if (entry == null) {
            // Lost the race for the last slot, or shutdown began during the handshake.
            LOG.debug("WebSocket connection to " + endpoint.path() + " refused after the handshake: "
                    + (tracker.isAccepting() ? "over capacity" : "shutting down"));
            close(conn, tracker.isAccepting() ? CloseCodes.TRY_AGAIN_LATER : CloseCodes.GOING_AWAY, "");
            return null;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("WebSocket connection to " + endpoint.path() + " open: " + conn);
        }
        return entry;
    }

    /** Opens the connection's meters and has them observe it. */
    ConnectionMetrics observe(Conn conn) {
        ConnectionMetrics connectionMetrics = metrics.connectionOpened(endpoint.path());
        conn.setObserver(connectionMetrics);
        return connectionMetrics;
    }

    /** The handshake's trace context, current while handler code runs. */
    HandshakeObservation.Scope openScope() {
        return observation.openScope();
    }

    /**
     * Counts and logs the failure that ended a connection served one message at a time, as {@link #serve}
     * does: not a connection that graceful shutdown closed.
     */
    void ended(ConnectionMetrics connectionMetrics, @Nullable Throwable failure) {
        if (failure == null) {
            return;
        }
        if (failure instanceof ProtocolViolationException) {
            connectionMetrics.error(failure); // the peer's fault: ws-core has sent the matching close frame
            LOG.debug("WebSocket connection to " + endpoint.path() + " failed", failure);
        } else if (!(failure instanceof IOException) || tracker.isAccepting()) {
            connectionMetrics.error(failure);
            logFailure(failure);
        }
    }

    /** The connection is over: keepalive off, untracked, its duration recorded. */
    void release(Conn conn, ConnectionTracker.Entry entry, ConnectionMetrics connectionMetrics, long start) {
        conn.setKeepalive(null, null);
        tracker.remove(entry);
        connectionMetrics.connectionClosed(Duration.ofNanos(System.nanoTime() - start));
    }

    private void failed(Conn conn, ConnectionMetrics connectionMetrics, Throwable e) {
        connectionMetrics.error(e);
        logFailure(e);
        close(conn, CloseCodes.INTERNAL_SERVER_ERR, "");
    }

    /**
     * A handler exception nothing handled is a bug until shown otherwise: WARN with the stack trace (rate-limited
     * per endpoint and exception class). A message the client sent that could not be bound: INFO. One an
     * {@code @OnError} method received, and I/O errors of the connection: DEBUG.
     */
    private void logFailure(Throwable e) {
        String what = "WebSocket handler '" + endpoint.beanName() + "' ("
                + endpoint.beanType().getName() + ") on " + endpoint.path();
        if (endpoint.handler() instanceof OnErrorRouting routing && routing.passedToOnError(e)) {
            endpoint.failures().handled(what, e, "handled by its @OnError method; the connection was closed");
        } else if (e instanceof InvalidPayloadException) {
            endpoint.failures().rejected(what, e, "the connection was closed with 1007");
        } else if (e instanceof IOException) {
            endpoint.failures().handled(what, e, "the connection was closed");
        } else {
            endpoint.failures()
                    .unhandled(
                            what,
                            e,
                            "the connection was closed with 1011 ("
                                    + (endpoint.model() == HandlerModel.MESSAGE
                                            ? "an @OnError method"
                                            : "catching it in serve")
                                    + " would handle it)");
        }
    }

    /**
     * Sends a close frame unless one was sent already, then waits briefly for the peer's answer so that the
     * close handshake completes instead of the peer seeing a dropped connection. When the peer's close frame
     * has already been read, the wait ends at once.
     */
    private void close(Conn conn, int code, String reason) {
        try {
            conn.writeControl(
                    MessageType.CLOSE,
                    WebSockets.formatCloseMessage(code, reason),
                    Instant.now().plus(settings.closeWriteWait()));
        } catch (CloseSentException e) {
            // Ours went out earlier (the handler closed, or shutdown did): still wait for the answer below.
        } catch (IOException | RuntimeException e) {
            return; // the connection is gone
        }
        try {
            conn.setReadDeadline(Instant.now().plus(settings.closeReplyWait()));
            while (true) {
                conn.nextReader(); // discards data until the peer's close frame raises CloseException
            }
        } catch (IOException | RuntimeException e) {
            // The answer arrived, the deadline passed, or another thread still reads: done either way.
        }
    }
}
