package io.github.wsboot.autoconfigure.metrics;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.BadHandshakeException;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.DialObserver;

/**
 * Client-side meters of the auto-configured {@code Dialer} ({@code websocket.client.*}, see {@link MeterNames}):
 * dials by outcome, open connections, and the connections' traffic with the same meters as a server endpoint.
 * No meter is tagged with the URL or host: both are unbounded. As a {@link MeterBinder} it is bound to the
 * application's registry by Boot; until then it records nothing.
 *
 * @since 0.1.0
 */
public final class MicrometerDialerMetrics implements DialObserver, MeterBinder {

    private final AtomicInteger active = new AtomicInteger();
    private volatile @Nullable Bound bound;

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(MeterNames.CLIENT_CONNECTIONS_ACTIVE, active, AtomicInteger::get)
                .description("Open WebSocket client connections")
                .register(registry);
        this.bound = new Bound(registry);
    }

    @Override
    public void dialSucceeded(URI url, Conn conn, Duration took) {
        Bound b = bound;
        if (b == null) {
            return;
        }
        b.dial(DialOutcome.SUCCESS, "none");
        b.dialDuration.record(took);
        active.incrementAndGet();
        MeteredConnection metered = new MeteredConnection(b.connections);
        conn.setObserver(metered);
        long start = System.nanoTime();
        conn.addCloseListener(() -> {
            active.decrementAndGet();
            metered.connectionClosed(Duration.ofNanos(System.nanoTime() - start));
        });
    }

    @Override
    public void dialFailed(URI url, Throwable error, Duration took) {
        Bound b = bound;
        if (b != null) {
            b.dial(
                    DialOutcome.of(error),
                    error instanceof BadHandshakeException refused && refused.response() != null
                            ? statusTag(refused.response().status())
                            : "none");
        }
    }

    private static String statusTag(int status) {
        return status >= 100 && status <= 599 ? Integer.toString(status) : "other";
    }

    /** The meters, once bound to a registry. */
    private static final class Bound {

        private final MeterRegistry registry;
        private final EndpointMeters connections;
        private final Timer dialDuration;

        Bound(MeterRegistry registry) {
            this.registry = registry;
            this.connections = new EndpointMeters(registry, MeterSide.CLIENT, Tags.empty());
            this.dialDuration = Timer.builder(MeterNames.CLIENT_DIAL_DURATION)
                    .description("How long successful WebSocket dials took, to the end of the opening handshake")
                    .register(registry);
        }

        void dial(DialOutcome outcome, String status) {
            Counter.builder(MeterNames.CLIENT_DIALS)
                    .description("WebSocket client dials by outcome")
                    .tag(MeterNames.OUTCOME, outcome.tagValue())
                    .tag(MeterNames.STATUS, status)
                    .register(registry)
                    .increment();
        }
    }
}
