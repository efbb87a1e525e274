package io.github.wsboot.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and key values of message observations. Define a bean of this type to replace
 * {@link DefaultWebSocketMessageObservationConvention}.
 *
 * @since 0.1.0
 */
public interface WebSocketMessageObservationConvention extends ObservationConvention<WebSocketMessageContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof WebSocketMessageContext;
    }
}
