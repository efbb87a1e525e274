package io.github.wsboot.benchmarks.load.servers.wsboot;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

import io.github.wsboot.spring.OnClose;
import io.github.wsboot.spring.OnMessage;
import io.github.wsboot.spring.OnOpen;
import io.github.wsboot.spring.WebSocketHandler;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.PreparedMessage;
import io.github.wsboot.websocket.hub.Hub;

/**
 * {@code /broadcast} in the message-oriented model ({@code --bench.echo-model=message}), the same protocol as
 * {@link BroadcastEndpoint}: every connection joins the topic on open; the first message of a connection makes
 * it the publisher, which leaves the topic (the load clients fail on a publisher that gets its own broadcast).
 * On the event engine no thread waits for a subscriber.
 */
@WebSocketHandler(path = "/broadcast", allowedOrigins = "*")
@ConditionalOnProperty(name = "bench.echo-model", havingValue = "message")
public class MessageBroadcastEndpoint {

    private static final String TOPIC = "broadcast";

    private final Hub hub;
    private final Set<Conn> publishers = ConcurrentHashMap.newKeySet();

    public MessageBroadcastEndpoint(Hub hub) {
        this.hub = hub;
    }

    @OnOpen
    void join(Conn conn) {
        hub.join(TOPIC, conn, "subscriber");
    }

    @OnMessage
    void publish(Conn conn, Message message) {
        if (publishers.add(conn)) {
            hub.leave(TOPIC, conn);
        }
        hub.publish(TOPIC, PreparedMessage.of(message.type(), message.data()));
    }

    @OnClose
    void left(Conn conn) {
        publishers.remove(conn);
    }
}
