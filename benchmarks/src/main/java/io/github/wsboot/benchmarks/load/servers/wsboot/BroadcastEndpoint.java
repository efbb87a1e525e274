package io.github.wsboot.benchmarks.load.servers.wsboot;

import java.io.IOException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

import io.github.wsboot.spring.ConnectionHandler;
import io.github.wsboot.spring.Handshake;
import io.github.wsboot.spring.WebSocketHandler;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.PreparedMessage;
import io.github.wsboot.websocket.hub.Hub;

/**
 * {@code /broadcast} on the starter's broadcast {@link Hub}: every connection subscribes on open; a connection
 * that sends becomes the publisher and leaves the topic (the load client's publisher must not get its own
 * broadcasts), and each of its messages is encoded once and queued to every subscriber, whose queues are
 * drained by the hub's writers instead of the publisher's thread.
 */
@WebSocketHandler(path = "/broadcast", allowedOrigins = "*")
@ConditionalOnProperty(name = "bench.echo-model", havingValue = "connection", matchIfMissing = true)
public class BroadcastEndpoint implements ConnectionHandler {

    private static final String TOPIC = "broadcast";

    private final Hub hub;

    public BroadcastEndpoint(Hub hub) {
        this.hub = hub;
    }

    @Override
    public void serve(Conn conn, Handshake handshake) throws IOException {
        hub.join(TOPIC, conn, "subscriber");
        boolean publisher = false;
        while (true) {
            Message m = conn.readMessage();
            if (!publisher) {
                hub.leave(TOPIC, conn);
                publisher = true;
            }
            hub.publish(TOPIC, PreparedMessage.of(m.type(), m.data()));
        }
    }
}
