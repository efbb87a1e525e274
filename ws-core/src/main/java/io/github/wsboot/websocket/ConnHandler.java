package io.github.wsboot.websocket;

/**
 * Serves one upgraded connection on its own thread, gorilla style: a blocking read loop. The connection is
 * closed when the method returns or throws.
 */
@FunctionalInterface
public interface ConnHandler {

    void serve(Conn conn) throws Exception;
}
