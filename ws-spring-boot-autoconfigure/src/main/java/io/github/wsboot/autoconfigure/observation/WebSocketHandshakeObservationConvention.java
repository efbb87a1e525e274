package io.github.wsboot.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and key values of handshake observations. Define a bean of this type to replace
 * {@link DefaultWebSocketHandshakeObservationConvention}.
 *
 * @since 0.1.0
 */
public interface WebSocketHandshakeObservationConvention extends ObservationConvention<WebSocketHandshakeContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof WebSocketHandshakeContext;
    }
}
