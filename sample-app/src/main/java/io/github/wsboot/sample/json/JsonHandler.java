package io.github.wsboot.sample.json;

import java.time.Instant;

import io.github.wsboot.spring.OnMessage;
import io.github.wsboot.spring.OnOpen;
import io.github.wsboot.spring.WebSocketHandler;

/**
 * {@code /json}: typed JSON messages through the message-oriented model. Each text message is bound to a
 * {@link Request} record by the application's JSON mapper (the {@code "type"} field picks the record) and the
 * returned {@link Reply} is written back as JSON. Text that is not a valid request closes the connection with
 * 1007 (invalid payload data), as the starter does for any payload it cannot bind.
 */
@WebSocketHandler("/json")
public class JsonHandler {

    @OnOpen
    Reply.Hello open() {
        return new Reply.Hello("send {\"type\":\"add\",\"a\":1,\"b\":2}, {\"type\":\"greet\",\"name\":\"Ada\"}"
                + " or {\"type\":\"time\"}");
    }

    @OnMessage
    Reply handle(Request request) {
        // Java 17 baseline: no pattern-matching switch yet; the interface is sealed, so this chain is complete.
        if (request instanceof Request.Add add) {
            return new Reply.Sum(add.a(), add.b(), add.a() + add.b());
        }
        if (request instanceof Request.Greet greet) {
            return new Reply.Greeting("Hello, " + greet.name() + "!");
        }
        return new Reply.Clock(Instant.now());
    }
}
