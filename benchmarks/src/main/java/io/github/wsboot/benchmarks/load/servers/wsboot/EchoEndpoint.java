package io.github.wsboot.benchmarks.load.servers.wsboot;

import java.io.IOException;

import io.github.wsboot.spring.ConnectionHandler;
import io.github.wsboot.spring.Handshake;
import io.github.wsboot.spring.WebSocketHandler;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Message;

/** {@code /echo}: the sample app's echo loop. The read limit comes from {@code ws.server.read-limit}. */
@WebSocketHandler(path = "/echo", allowedOrigins = "*")
public class EchoEndpoint implements ConnectionHandler {

    @Override
    public void serve(Conn conn, Handshake handshake) throws IOException {
        while (true) {
            Message m = conn.readMessage();
            conn.writeMessage(m.type(), m.data());
        }
    }
}
