package io.github.wsboot.autoconfigure.metrics;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * {@link WebSocketMetrics} on Micrometer, tagged by endpoint path pattern (see {@link MeterNames}). As a
 * {@link MeterBinder} it is bound to the application's registry by Boot; until then it records nothing.
 * Every endpoint's meters are registered at binding, so dashboards show zeros before the first connection.
 *
 * @since 0.1.0
 */
public final class MicrometerWebSocketMetrics implements WebSocketMetrics, MeterBinder {

    private final ToIntFunction<String> activeConnections;
    private final Supplier<Collection<String>> endpointPaths;
    private final Map<String, EndpointMeters> meters = new ConcurrentHashMap<>();
    private volatile @Nullable MeterRegistry registry;

    /**
     * @param activeConnections the number of open connections of the endpoint with a given path pattern
     * @param endpointPaths     the path patterns of all endpoints, read when bound
     */
    public MicrometerWebSocketMetrics(
            ToIntFunction<String> activeConnections, Supplier<Collection<String>> endpointPaths) {
        this.activeConnections = activeConnections;
        this.endpointPaths = endpointPaths;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        meters.clear();
        for (String uri : endpointPaths.get()) {
            meters(registry, uri);
        }
    }

    @Override
    public void handshake(String pathPattern, HandshakeOutcome outcome) {
        MeterRegistry r = registry;
        if (r != null) {
            meters(r, pathPattern).handshake(outcome);
        }
    }

    @Override
    public ConnectionMetrics connectionOpened(String pathPattern) {
        MeterRegistry r = registry;
        return r == null ? ConnectionMetrics.NONE : new MeteredConnection(meters(r, pathPattern));
    }

    private EndpointMeters meters(MeterRegistry r, String uri) {
        return meters.computeIfAbsent(uri, u -> {
            Gauge.builder(MeterNames.CONNECTIONS_ACTIVE, () -> activeConnections.applyAsInt(u))
                    .description("Open WebSocket connections")
                    .tag(MeterNames.URI, u)
                    .register(r);
            return new EndpointMeters(r, u);
        });
    }
}
