package io.github.wsboot.autoconfigure.logging;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import io.github.wsboot.spring.CloseStatus;
import io.github.wsboot.spring.ConnectionHandler;
import io.github.wsboot.spring.Handshake;
import io.github.wsboot.spring.OnClose;
import io.github.wsboot.spring.OnError;
import io.github.wsboot.spring.OnMessage;
import io.github.wsboot.spring.WebSocketHandler;
import io.github.wsboot.websocket.Conn;

/**
 * Handlers that throw on every message: without @OnError, with it, a ConnectionHandler, and one whose JSON
 * payload a client can get wrong. Not a configuration class, so that only the beans defined for them exist.
 */
final class FailingHandlers {

    private FailingHandlers() {}

    @WebSocketHandler("/unhandled")
    static class Unhandled {

        @OnMessage
        String fail(String text) {
            throw new IllegalStateException("unhandled " + text);
        }
    }

    @WebSocketHandler("/handled")
    static class Handled {

        @OnMessage
        String fail(String text) {
            throw new IllegalArgumentException("handled " + text);
        }

        @OnError
        void failed(IllegalArgumentException error) {}
    }

    @WebSocketHandler("/looping")
    static class Looping implements ConnectionHandler {

        @Override
        public void serve(Conn conn, Handshake handshake) throws IOException {
            String text = conn.readMessage().text();
            throw new UnsupportedOperationException("looping " + text);
        }
    }

    /** A JSON payload: a message that is not a Point is the client's mistake. */
    @WebSocketHandler("/typed")
    static class Typed {

        record Point(int x, int y) {}

        @OnMessage
        Point echo(Point point) {
            return point;
        }
    }

    /** A handler bug that surfaces as an Error, still followed by @OnClose. */
    @WebSocketHandler("/asserting")
    static class Asserting {

        final BlockingQueue<CloseStatus> closes = new LinkedBlockingQueue<>();

        @OnMessage
        String check(String text) {
            throw new AssertionError("asserting " + text);
        }

        @OnClose
        void closed(CloseStatus status) {
            closes.add(status);
        }
    }
}
