package io.github.wsboot.benchmarks.load.servers.wsboot;

import java.io.IOException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

import io.github.wsboot.spring.ConnectionHandler;
import io.github.wsboot.spring.Handshake;
import io.github.wsboot.spring.WebSocketHandler;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Message;

/**
 * {@code /echo}: the sample app's echo loop (connection-oriented; {@code --bench.echo-model=message} serves
 * {@link MessageEchoEndpoint} instead). The read limit comes from {@code ws.server.read-limit}.
 */
@WebSocketHandler(path = "/echo", allowedOrigins = "*")
@ConditionalOnProperty(name = "bench.echo-model", havingValue = "connection", matchIfMissing = true)
public class EchoEndpoint implements ConnectionHandler {

    @Override
    public void serve(Conn conn, Handshake handshake) throws IOException {
        while (true) {
            Message m = conn.readMessage();
            conn.writeMessage(m.type(), m.data());
        }
    }
}
