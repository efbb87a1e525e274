package io.github.wsboot.autoconfigure.server;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;

/**
 * Closes the connections of sessions that Spring Security's {@link SessionRegistry} has expired
 * ({@link SessionInformation#expireNow()}, for example by concurrent-session control or an administrator).
 * Such a session is only marked: the HTTP session itself ends on its next request, which a WebSocket never
 * makes, so the registry is checked every {@code ws.server.session.registry-check-interval}.
 *
 * @since 0.1.0
 */
public final class SessionRegistryExpiry implements SmartLifecycle {

    private static final Log LOG = LogFactory.getLog(SessionRegistryExpiry.class);

    private final SessionRegistry registry;
    private final SessionBoundConnections sessions;
    private final Duration interval;
    private volatile @Nullable ScheduledExecutorService timer;

    public SessionRegistryExpiry(SessionRegistry registry, SessionBoundConnections sessions, Duration interval) {
        this.registry = registry;
        this.sessions = sessions;
        this.interval = interval;
    }

    /** Closes the connections of every bound session the registry reports expired. */
    public void check() {
        for (String id : sessions.sessionIds()) {
            try {
                SessionInformation info = registry.getSessionInformation(id);
                if (info != null && info.isExpired()) {
                    sessions.sessionEnded(id);
                }
            } catch (RuntimeException e) {
                LOG.debug("session registry check failed", e);
            }
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ws-session-expiry");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        var unused =
                t.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS); // stop() shuts t down
        timer = t;
    }

    @Override
    public void stop() {
        ScheduledExecutorService t = timer;
        if (t != null) {
            t.shutdownNow();
            timer = null;
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
