package io.github.wsboot.autoconfigure.observation;

/**
 * Carries an exception a handler method threw out of a {@link WebSocketObservations.MessageHandling}, apart from
 * the connection's own failures; an observation records the {@linkplain #getCause() cause}.
 *
 * @since 0.1.0
 */
public class HandlerMethodException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param cause what the handler method threw: an exception, or an Error a handler bug raises */
    public HandlerMethodException(Throwable cause) {
        super(cause);
    }
}
