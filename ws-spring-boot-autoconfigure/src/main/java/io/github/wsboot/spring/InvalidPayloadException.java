package io.github.wsboot.spring;

/**
 * A message whose payload could not be bound to an {@link OnMessage} parameter, typically malformed JSON.
 * Passed to {@link OnError} methods; the connection is then closed with 1007 (invalid payload data).
 *
 * @since 0.1.0
 */
public class InvalidPayloadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
