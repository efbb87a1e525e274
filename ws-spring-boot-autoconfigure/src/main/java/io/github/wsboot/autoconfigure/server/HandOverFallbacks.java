package io.github.wsboot.autoconfigure.server;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.github.wsboot.websocket.HandOverObserver;

/**
 * Counts connections that could not take the servlet container's native hand-over, per container and reason
 * (see {@code ws.server.transport}); the Micrometer binding exposes the counts as
 * {@code websocket.server.handover.fallbacks}.
 *
 * @since 0.1.0
 */
public final class HandOverFallbacks implements HandOverObserver {

    /** The containers and reasons ws-core reports, registered up front so dashboards show zeros. */
    public static final Map<String, List<String>> KNOWN = Map.of(
            "tomcat", List.of("probe", "upgrade-request", "channel-take-over", "poller-release"),
            "jetty", List.of("probe", "core-request"));

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void fellBack(String container, String reason) {
        counts.computeIfAbsent(key(container, reason), k -> new LongAdder()).increment();
    }

    /** How many connections fell back from {@code container}'s hand-over for {@code reason}. */
    public long count(String container, String reason) {
        LongAdder n = counts.get(key(container, reason));
        return n == null ? 0 : n.sum();
    }

    private static String key(String container, String reason) {
        return container + " " + reason;
    }
}
