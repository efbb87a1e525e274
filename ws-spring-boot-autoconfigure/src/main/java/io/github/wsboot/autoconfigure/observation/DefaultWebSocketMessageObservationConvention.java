package io.github.wsboot.autoconfigure.observation;

import io.micrometer.common.KeyValues;

import io.github.wsboot.autoconfigure.observation.WebSocketObservationDocumentation.MessageKeyNames;
import io.github.wsboot.websocket.MessageType;

/**
 * The default {@link WebSocketMessageObservationConvention}: {@value #NAME}, with the endpoint's path pattern,
 * the message type, the outcome ({@code success} or {@code error}) and the exception's simple class name
 * ({@code none} without one) as low-cardinality key values; no high-cardinality ones (payloads are never
 * recorded).
 *
 * @since 0.1.0
 */
public class DefaultWebSocketMessageObservationConvention extends EndpointObservationConvention<WebSocketMessageContext>
        implements WebSocketMessageObservationConvention {

    /** The observation's name, and the name of the timer Boot derives from it. */
    public static final String NAME = "websocket.server.message";

    public DefaultWebSocketMessageObservationConvention() {
        super(NAME, "websocket message");
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(WebSocketMessageContext context) {
        Throwable error = context.getError();
        return KeyValues.of(
                MessageKeyNames.URI.withValue(context.getPathPattern()),
                MessageKeyNames.TYPE.withValue(MessageType.name(context.getMessageType())),
                MessageKeyNames.OUTCOME.withValue(error == null ? "success" : "error"),
                MessageKeyNames.EXCEPTION.withValue(
                        error == null ? "none" : error.getClass().getSimpleName()));
    }
}
