package io.github.wsboot.sample.echo;

import java.io.IOException;

import io.github.wsboot.spring.ConnectionHandler;
import io.github.wsboot.spring.Handshake;
import io.github.wsboot.spring.WebSocketHandler;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Message;

/**
 * {@code /echo}: echoes every text and binary message with its type, gorilla style — a blocking read loop on
 * the connection's own thread. A standard target for conformance tools, hence the 16 MiB read limit.
 */
@WebSocketHandler(path = "/echo", readLimit = "16MB")
public class EchoHandler implements ConnectionHandler {

    @Override
    public void serve(Conn conn, Handshake handshake) throws IOException {
        while (true) {
            Message m = conn.readMessage();
            conn.writeMessage(m.type(), m.data());
        }
    }
}
