package io.github.wsboot.spring;

import io.github.wsboot.websocket.Conn;

/**
 * The connection-oriented programming model, gorilla style: a {@link WebSocketHandler} bean implementing this
 * interface serves each connection in a blocking loop on the connection's own thread (a virtual thread when
 * {@code spring.threads.virtual.enabled} is on and Java is 21 or later).
 *
 * <pre>{@code
 * @WebSocketHandler("/echo")
 * class Echo implements ConnectionHandler {
 *     public void serve(Conn conn, Handshake handshake) throws IOException {
 *         while (true) {
 *             Message m = conn.readMessage();
 *             conn.writeMessage(m.type(), m.data());
 *         }
 *     }
 * }
 * }</pre>
 *
 * The connection has the endpoint's read limit and keepalive already applied. When the method returns or
 * throws, the connection is closed: politely (1000, or 1011 after an unexpected exception) unless a close
 * frame was already exchanged. A {@code CloseException} that ends the loop because the peer closed is the
 * normal end of a connection, not an error. Pongs, pings and close frames are processed only while the
 * method reads the connection.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ConnectionHandler {

    /**
     * Serves one connection until it ends.
     *
     * @param conn      the upgraded connection, owned by this call
     * @param handshake what the opening handshake carried: path variables, headers, principal
     */
    void serve(Conn conn, Handshake handshake) throws Exception;
}
