package io.github.wsboot.websocket.testing;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.Upgrader;

/** Echoes every data message with its type until the connection ends. */
public final class EchoHandler implements Upgrader.Handler {

    @Override
    public void serve(Conn conn) throws Exception {
        while (true) {
            Message m = conn.readMessage();
            conn.writeMessage(m.type(), m.data());
        }
    }
}
