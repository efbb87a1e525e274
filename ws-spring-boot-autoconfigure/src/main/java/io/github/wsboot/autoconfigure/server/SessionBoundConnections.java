package io.github.wsboot.autoconfigure.server;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.CloseCodes;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.WebSockets;

/**
 * Ties each connection to the HTTP session its handshake came with, so a connection does not outlive the login
 * that authenticated it: when the session ends (logout, session timeout, any {@code invalidate()}) or is expired
 * through Spring Security's session registry ({@link SessionRegistryExpiry}), its connections are closed with
 * 1008 (policy violation). Registered as a servlet session listener; {@code ws.server.session.close-on-end=false}
 * turns it off.
 *
 * @since 0.1.0
 */
public final class SessionBoundConnections implements HttpSessionListener, HttpSessionIdListener {

    private static final Log LOG = LogFactory.getLog(SessionBoundConnections.class);

    /** The close frame's reason. */
    static final String REASON = "session ended";

    /** How many recently ended session ids are remembered for connections that register late. */
    private static final int RECENTLY_ENDED = 10_000;

    private static final Duration CLOSE_WRITE_WAIT = Duration.ofSeconds(1);

    private final Map<String, Set<Conn>> bySession = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    /** Session ids that ended, in order, for a connection whose handler starts after its session ended. */
    private final Map<String, Boolean> ended = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENTLY_ENDED;
        }
    };

    /**
     * Binds {@code conn} to the session {@code sessionId} (null: the handshake had none, nothing to bind);
     * run the returned action when the connection ends. Closes {@code conn} at once if the session has ended.
     */
    public Runnable bind(@Nullable String sessionId, Conn conn) {
        if (sessionId == null) {
            return () -> {};
        }
        boolean alreadyEnded;
        lock.lock();
        try {
            alreadyEnded = ended.containsKey(sessionId);
            if (!alreadyEnded) {
                bySession
                        .computeIfAbsent(sessionId, id -> ConcurrentHashMap.newKeySet())
                        .add(conn);
            }
        } finally {
            lock.unlock();
        }
        if (alreadyEnded) {
            close(conn);
            return () -> {};
        }
        return () -> bySession.computeIfPresent(sessionId, (id, conns) -> {
            conns.remove(conn);
            return conns.isEmpty() ? null : conns;
        });
    }

    /** The session ids that have connections bound to them. */
    public Set<String> sessionIds() {
        return Set.copyOf(bySession.keySet());
    }

    /** Closes the connections bound to {@code sessionId} with 1008; remembers the id for late registrations. */
    public void sessionEnded(String sessionId) {
        Set<Conn> conns;
        lock.lock();
        try {
            ended.put(sessionId, Boolean.TRUE);
            conns = bySession.remove(sessionId);
        } finally {
            lock.unlock();
        }
        if (conns != null) {
            LOG.debug("HTTP session ended: closing its " + conns.size() + " WebSocket connection(s)");
            List.copyOf(conns).forEach(SessionBoundConnections::close);
        }
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        sessionEnded(event.getSession().getId());
    }

    @Override
    public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
        Set<Conn> conns = bySession.remove(oldSessionId);
        if (conns != null) {
            bySession.merge(event.getSession().getId(), conns, (a, b) -> {
                a.addAll(b);
                return a;
            });
        }
    }

    /** Sends 1008 and closes; the connection's handler then sees the close and ends. */
    private static void close(Conn conn) {
        try {
            conn.writeControl(
                    MessageType.CLOSE,
                    WebSockets.formatCloseMessage(CloseCodes.POLICY_VIOLATION, REASON),
                    Instant.now().plus(CLOSE_WRITE_WAIT));
        } catch (Exception e) {
            // Gone already, or a close was sent before: closing below is all that is left.
        }
        conn.close();
    }
}
