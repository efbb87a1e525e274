package io.github.wsboot.benchmarks.load.servers.wsboot;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

import io.github.wsboot.spring.OnMessage;
import io.github.wsboot.spring.WebSocketHandler;
import io.github.wsboot.websocket.Message;

/**
 * {@code /echo} in the message-oriented model ({@code --bench.echo-model=message}): each message is returned
 * with its type. With {@code ws.server.engine=event} no thread waits for a connection between messages.
 */
@WebSocketHandler(path = "/echo", allowedOrigins = "*")
@ConditionalOnProperty(name = "bench.echo-model", havingValue = "message")
public class MessageEchoEndpoint {

    @OnMessage
    Message echo(Message message) {
        return message;
    }
}
