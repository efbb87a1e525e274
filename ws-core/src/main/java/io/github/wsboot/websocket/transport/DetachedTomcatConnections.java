package io.github.wsboot.websocket.transport;

import java.nio.channels.Selector;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.wsboot.websocket.internal.DeadlineTimer;

/**
 * The connections {@link TomcatChannelTransport} has detached from Tomcat, per poller of the connector they came
 * from. Tomcat no longer knows them, so it cannot close them when the connector stops; a check once a second
 * (on the shared timer, not a thread per connection) sees a stopped connector by its poller's closed selector
 * and closes its connections, as Tomcat closes the connections it still knows.
 */
final class DetachedTomcatConnections {

    private static final long CHECK_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Map<Selector, Set<TomcatChannelTransport>> BY_POLLER = new ConcurrentHashMap<>();
    private static final AtomicBoolean CHECKING = new AtomicBoolean();

    private DetachedTomcatConnections() {}

    static void add(Selector poller, TomcatChannelTransport transport) {
        BY_POLLER.computeIfAbsent(poller, p -> ConcurrentHashMap.newKeySet()).add(transport);
        if (CHECKING.compareAndSet(false, true)) {
            var unused = DeadlineTimer.scheduleAtFixedRate(DetachedTomcatConnections::closeStopped, CHECK_PERIOD_NANOS);
        }
        if (!poller.isOpen()) { // stopped while we detached
            transport.close();
        }
    }

    static void remove(Selector poller, TomcatChannelTransport transport) {
        Set<TomcatChannelTransport> set = BY_POLLER.get(poller);
        if (set != null) {
            set.remove(transport);
        }
    }

    /**
     * Runs on the shared timer and only looks; closing may block briefly (FIN), so the connections of a stopped
     * connector are closed on a thread of its own.
     */
    @SuppressWarnings("ModifyCollectionInEnhancedForLoop") // a ConcurrentHashMap's iteration allows removal
    private static void closeStopped() {
        for (Map.Entry<Selector, Set<TomcatChannelTransport>> entry : BY_POLLER.entrySet()) {
            if (!entry.getKey().isOpen() && BY_POLLER.remove(entry.getKey(), entry.getValue())) {
                Set<TomcatChannelTransport> stopped = entry.getValue();
                DeadlineTimer.runBlocking(() -> stopped.forEach(TomcatChannelTransport::close));
            }
        }
    }
}
