package io.github.wsboot.test;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

import io.github.wsboot.spring.CloseStatus;
import io.github.wsboot.spring.ConnectionHandler;
import io.github.wsboot.spring.Handshake;
import io.github.wsboot.spring.OnClose;
import io.github.wsboot.spring.OnMessage;
import io.github.wsboot.spring.OnOpen;
import io.github.wsboot.spring.WebSocketHandler;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.WebSockets;

/**
 * Endpoints the test client is tried on: an echo of both types, JSON records, and one that closes. The nested
 * handler classes are registered as members of this configuration class.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestedApplication {

    /** Echoes both types and records how each connection ended. */
    @WebSocketHandler("/echo")
    static class Echo {

        final BlockingQueue<CloseStatus> closes = new LinkedBlockingQueue<>();

        @OnMessage
        Message echo(Message message) {
            return message;
        }

        @OnClose
        void closed(CloseStatus status) {
            closes.add(status);
        }
    }

    record Point(int x, int y) {}

    /** Says hello in JSON, then mirrors each point. */
    @WebSocketHandler("/points")
    static class Points {

        @OnOpen
        Point hello() {
            return new Point(0, 0);
        }

        @OnMessage
        Point mirror(Point p) {
            return new Point(-p.x(), -p.y());
        }
    }

    /** Closes with 4000 and the text it received as the reason. */
    @WebSocketHandler("/closing")
    static class Closing implements ConnectionHandler {

        @Override
        public void serve(Conn conn, Handshake handshake) throws IOException {
            String text = conn.readMessage().text();
            conn.writeControl(
                    MessageType.CLOSE,
                    WebSockets.formatCloseMessage(4000, text),
                    Instant.now().plusSeconds(1));
            while (true) {
                conn.readMessage();
            }
        }
    }
}
