package io.github.wsboot.benchmarks.load.servers.wsboot;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.wsboot.autoconfigure.annotation.ConnectionHandler;
import io.github.wsboot.autoconfigure.annotation.Handshake;
import io.github.wsboot.autoconfigure.annotation.WebSocketHandler;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.PreparedMessage;

/**
 * {@code /broadcast}: each message a connection sends is encoded once ({@link PreparedMessage}) and written
 * to every other connection from the sender's thread, as gorilla's benchmark server does. To be replaced by
 * the broadcast {@code Hub} once it lands.
 */
@WebSocketHandler(path = "/broadcast", allowedOrigins = "*")
public class BroadcastEndpoint implements ConnectionHandler {

    private final Set<Conn> subscribers = ConcurrentHashMap.newKeySet();

    @Override
    public void serve(Conn conn, Handshake handshake) throws IOException {
        subscribers.add(conn);
        try {
            while (true) {
                Message m = conn.readMessage();
                PreparedMessage pm = PreparedMessage.of(m.type(), m.data());
                for (Conn s : subscribers) {
                    if (s != conn) {
                        try {
                            s.writePreparedMessage(pm);
                        } catch (IOException e) {
                            subscribers.remove(s); // its own handler sees the error and ends
                        }
                    }
                }
            }
        } finally {
            subscribers.remove(conn);
        }
    }
}
