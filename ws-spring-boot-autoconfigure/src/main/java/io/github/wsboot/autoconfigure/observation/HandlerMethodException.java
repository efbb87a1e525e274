package io.github.wsboot.autoconfigure.observation;

import java.util.Objects;

/**
 * Carries an exception a handler method threw out of a {@link WebSocketObservations.MessageHandling}, apart from
 * the connection's own failures; an observation records the {@linkplain #getCause() cause}.
 *
 * @since 0.1.0
 */
public class HandlerMethodException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public HandlerMethodException(Exception cause) {
        super(cause);
    }

    @Override
    public Exception getCause() {
        return (Exception) Objects.requireNonNull(super.getCause(), "constructed with a cause");
    }
}
