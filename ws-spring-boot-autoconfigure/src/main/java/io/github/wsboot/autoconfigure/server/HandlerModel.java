package io.github.wsboot.autoconfigure.server;

/**
 * The programming model of a {@code @WebSocketHandler} bean.
 *
 * @since 0.1.0
 */
public enum HandlerModel {

    /** The bean implements {@code ConnectionHandler} and serves the connection in a loop of its own. */
    CONNECTION,

    /** The bean declares {@code @OnMessage} (and optionally open/close/error) methods. */
    MESSAGE
}
