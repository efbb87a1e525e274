package io.github.wsboot.websocket;

/**
 * A message-oriented server endpoint: instead of a thread that loops over {@link Conn#readMessage()}, the
 * connection calls this listener with each whole message. Served with
 * {@link Upgrader#upgrade(jakarta.servlet.http.HttpServletRequest, jakarta.servlet.http.HttpServletResponse,
 * java.util.Map, MessageListener)}.
 *
 * <p>Calls for one connection never overlap and come in order: {@code onOpen}, then {@code onMessage} once per
 * message as they arrive, then {@code onClose} exactly once. With {@link EngineMode#EVENT} on a connection the
 * engine drives, they run on the engine's dispatch executor and no thread waits for the connection in between;
 * otherwise (the blocking engine, or a container the event engine cannot drive) one thread per connection
 * runs the same calls in a read loop. A connection whose listener is behind is not read further until it
 * catches up. Ping, pong and close frames are answered without the listener. The connection may be written to
 * from any thread.
 */
public interface MessageListener {

    /** The connection is ready; writes from here on are allowed. */
    default void onOpen(Conn conn) throws Exception {}

    /**
     * One whole message. An exception closes the connection with 1011 (internal error) and ends it; then
     * {@link #onClose} gets that exception.
     */
    void onMessage(Conn conn, Message message) throws Exception;

    /**
     * The connection ended: {@code cause} is a {@link CloseException} when the peer closed (with its code),
     * the listener's own exception, or the I/O error that ended it. The connection is closed after this.
     */
    default void onClose(Conn conn, Exception cause) {}
}
