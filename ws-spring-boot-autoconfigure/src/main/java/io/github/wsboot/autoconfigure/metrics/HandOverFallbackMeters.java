package io.github.wsboot.autoconfigure.metrics;

import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.github.wsboot.autoconfigure.server.HandOverFallbacks;

/**
 * Binds {@link HandOverFallbacks} to Micrometer: counter {@value MeterNames#HANDOVER_FALLBACKS} tagged with the
 * container and the reason, one per known pair (zero until a fallback happens).
 *
 * @since 0.1.0
 */
public final class HandOverFallbackMeters implements MeterBinder {

    private final HandOverFallbacks fallbacks;

    public HandOverFallbackMeters(HandOverFallbacks fallbacks) {
        this.fallbacks = fallbacks;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Map.Entry<String, List<String>> container : HandOverFallbacks.KNOWN.entrySet()) {
            for (String reason : container.getValue()) {
                FunctionCounter.builder(
                                MeterNames.HANDOVER_FALLBACKS, fallbacks, f -> f.count(container.getKey(), reason))
                        .description("Connections served by a portable path because the container's native "
                                + "hand-over was unavailable")
                        .tag(MeterNames.CONTAINER, container.getKey())
                        .tag(MeterNames.REASON, reason)
                        .register(registry);
            }
        }
    }
}
