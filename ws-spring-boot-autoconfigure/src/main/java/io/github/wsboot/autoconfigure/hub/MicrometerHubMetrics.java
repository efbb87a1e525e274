package io.github.wsboot.autoconfigure.hub;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.hub.Hub;
import io.github.wsboot.websocket.hub.HubObserver;
import io.github.wsboot.websocket.hub.OverflowPolicy;

/**
 * The hub's {@link HubObserver} on Micrometer (see {@link HubMeterNames}). The hub is built with this observer
 * before Boot binds it to the registry; until then it records nothing.
 *
 * @since 0.1.0
 */
public final class MicrometerHubMetrics implements HubObserver, MeterBinder {

    private final Supplier<Hub> hub;
    private volatile @Nullable Meters meters;

    /** @param hub the hub whose queues the gauges read; resolved when bound */
    public MicrometerHubMetrics(Supplier<Hub> hub) {
        this.hub = hub;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Hub h = hub.get();
        Gauge.builder(HubMeterNames.CONNECTIONS, h, Hub::connections)
                .description("Connections with a hub send queue")
                .register(registry);
        Gauge.builder(HubMeterNames.TOPICS, h, x -> x.topics().size())
                .description("Hub topics with local members")
                .register(registry);
        Gauge.builder(HubMeterNames.QUEUED_MESSAGES, h, Hub::queuedMessages)
                .description("Messages queued for hub connections")
                .register(registry);
        Gauge.builder(HubMeterNames.QUEUED_BYTES, h, Hub::queuedBytes)
                .baseUnit("bytes")
                .description("Payload bytes queued for hub connections")
                .register(registry);
        meters = new Meters(registry);
    }

    @Override
    public void enqueued(int queuedMessages, long queuedBytes) {
        Meters m = meters;
        if (m != null) {
            m.depth.record(queuedMessages);
        }
    }

    @Override
    public void dropped(OverflowPolicy policy, int messages) {
        Meters m = meters;
        if (m != null) {
            Objects.requireNonNull(m.dropped.get(policy)).increment(messages);
        }
    }

    @Override
    public void terminated(OverflowPolicy policy) {
        Meters m = meters;
        if (m != null) {
            Objects.requireNonNull(m.terminations.get(policy)).increment();
        }
    }

    @Override
    public void writeTimedOut() {
        Meters m = meters;
        if (m != null) {
            m.writeTimeouts.increment();
        }
    }

    @Override
    public void fannedOut(String topic, int connections, long nanos) {
        Meters m = meters;
        if (m != null) {
            m.fanout.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Every meter registered up front, so dashboards show zeros before the first event. */
    private static final class Meters {
        final DistributionSummary depth;
        final Map<OverflowPolicy, Counter> dropped = new EnumMap<>(OverflowPolicy.class);
        final Map<OverflowPolicy, Counter> terminations = new EnumMap<>(OverflowPolicy.class);
        final Counter writeTimeouts;
        final Timer fanout;

        Meters(MeterRegistry r) {
            depth = DistributionSummary.builder(HubMeterNames.QUEUE_DEPTH)
                    .baseUnit("messages")
                    .description("A connection's hub queue depth at each enqueue")
                    .register(r);
            for (OverflowPolicy p : OverflowPolicy.values()) {
                if (p.terminates()) {
                    terminations.put(
                            p,
                            Counter.builder(HubMeterNames.TERMINATIONS)
                                    .tag(HubMeterNames.REASON, p.tagValue())
                                    .description("Connections terminated by the hub")
                                    .register(r));
                } else {
                    dropped.put(
                            p,
                            Counter.builder(HubMeterNames.DROPPED)
                                    .tag(HubMeterNames.POLICY, p.tagValue())
                                    .description("Messages dropped from full hub queues")
                                    .register(r));
                }
            }
            writeTimeouts = Counter.builder(HubMeterNames.TERMINATIONS)
                    .tag(HubMeterNames.REASON, "write_timeout")
                    .description("Connections terminated by the hub")
                    .register(r);
            fanout = Timer.builder(HubMeterNames.FANOUT_LATENCY)
                    .description("From publish to the last subscriber's write")
                    .register(r);
        }
    }
}
