package io.github.wsboot.autoconfigure.lifecycle;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

import io.github.wsboot.autoconfigure.server.ConnectionTracker;
import io.github.wsboot.websocket.CloseCodes;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.WebSockets;

/**
 * Closes WebSocket connections politely when the application context closes: new handshakes are refused
 * (503), every open connection is sent 1001 (going away), and the shutdown waits up to the shutdown timeout
 * for the handlers to see the clients' answering close frames and end; connections still open then are
 * closed. It stops in the phase just before the web server's graceful shutdown, so connections end while
 * the server still runs.
 *
 * @since 0.1.0
 */
public final class WebSocketGracefulShutdown implements SmartLifecycle {

    /** One phase above the web server's graceful shutdown: higher phases stop first. */
    public static final int PHASE = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1;

    private static final Log LOG = LogFactory.getLog(WebSocketGracefulShutdown.class);
    private static final String REASON = "server shutting down";

    private final ConnectionTracker tracker;
    private final Executor executor;
    private final Duration timeout;
    private final Duration closeWriteWait;
    private volatile boolean running;

    /**
     * @param executor       sends the close frames, one task per connection, so that a peer that stopped
     *                       reading cannot hold up the others
     * @param timeout        how long to wait for connections to end after the close frames
     * @param closeWriteWait how long one close frame may take to write
     */
    public WebSocketGracefulShutdown(
            ConnectionTracker tracker, Executor executor, Duration timeout, Duration closeWriteWait) {
        this.tracker = tracker;
        this.executor = executor;
        this.timeout = timeout;
        this.closeWriteWait = closeWriteWait;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        shutDown();
    }

    @Override
    public void stop(Runnable callback) {
        Thread thread = new Thread(
                () -> {
                    try {
                        shutDown();
                    } finally {
                        callback.run();
                    }
                },
                "ws-graceful-shutdown");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public boolean isPauseable() {
        // Pausing must not close connections: only a real stop does.
        return false;
    }

    private void shutDown() {
        running = false;
        List<ConnectionTracker.Entry> open = tracker.stopAccepting();
        for (ConnectionTracker.Entry entry : open) {
            executor.execute(() -> goingAway(entry.conn()));
        }
        try {
            if (!tracker.awaitEmpty(timeout)) {
                List<ConnectionTracker.Entry> left = tracker.snapshot();
                LOG.debug(left.size() + " WebSocket connection(s) did not finish the close handshake within " + timeout
                        + "; closing them");
                left.forEach(e -> e.conn().closeNow());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tracker.snapshot().forEach(entry -> entry.conn().closeNow());
        }
    }

    private void goingAway(Conn conn) {
        try {
            conn.writeControl(
                    MessageType.CLOSE,
                    WebSockets.formatCloseMessage(CloseCodes.GOING_AWAY, REASON),
                    Instant.now().plus(closeWriteWait));
        } catch (IOException | RuntimeException e) {
            // Already closing, or the peer is gone: the wait below covers both.
            LOG.debug("could not send 1001 to " + conn, e);
        }
    }
}
