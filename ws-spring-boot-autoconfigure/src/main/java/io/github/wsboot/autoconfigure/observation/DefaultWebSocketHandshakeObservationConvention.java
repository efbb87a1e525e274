package io.github.wsboot.autoconfigure.observation;

import io.micrometer.common.KeyValues;

import io.github.wsboot.autoconfigure.metrics.HandshakeOutcome;
import io.github.wsboot.autoconfigure.observation.WebSocketObservationDocumentation.HandshakeKeyNames;

/**
 * The default {@link WebSocketHandshakeObservationConvention}: {@value #NAME}, with the endpoint's path pattern
 * and the outcome as low-cardinality key values, and no high-cardinality ones (the URL and the remote address
 * are left out: they may carry tokens and personal data).
 *
 * @since 0.1.0
 */
public class DefaultWebSocketHandshakeObservationConvention
        extends EndpointObservationConvention<WebSocketHandshakeContext>
        implements WebSocketHandshakeObservationConvention {

    /** The observation's name, and the name of the timer Boot derives from it. */
    public static final String NAME = "websocket.server.handshake";

    public DefaultWebSocketHandshakeObservationConvention() {
        super(NAME, "websocket handshake");
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(WebSocketHandshakeContext context) {
        HandshakeOutcome outcome = context.getOutcome();
        return KeyValues.of(
                HandshakeKeyNames.URI.withValue(context.getPathPattern()),
                HandshakeKeyNames.OUTCOME.withValue(outcome == null ? "unknown" : outcome.tagValue()));
    }
}
