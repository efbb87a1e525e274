package io.github.wsboot.benchmarks.load.servers;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Anchor server: Jetty 12's WebSocket server (Jetty API on Jetty core, no servlets), with Jetty's default
 * thread pool and connector. {@code /echo} echoes; {@code /broadcast} sends each message to every other
 * {@code /broadcast} session. Usage: {@code JettyServer PORT}.
 */
public final class JettyServer {

    private JettyServer() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Set<Session> subscribers = ConcurrentHashMap.newKeySet();
        Server server = new Server(new QueuedThreadPool());
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxTextMessageSize(16 << 20);
            container.setMaxBinaryMessageSize(16 << 20);
            container.addMapping("/echo", (request, response, callback) -> new Echo());
            container.addMapping("/broadcast", (request, response, callback) -> new Broadcast(subscribers));
        }));
        server.start();
        System.out.println("jetty listening on " + port);
        server.join();
    }

    /** Echoes text and binary messages. */
    public static final class Echo extends Session.Listener.AbstractAutoDemanding {
        @Override
        public void onWebSocketText(String message) {
            getSession().sendText(message, Callback.NOOP);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            ByteBuffer copy =
                    ByteBuffer.allocate(payload.remaining()).put(payload).flip();
            callback.succeed();
            getSession().sendBinary(copy, Callback.NOOP);
        }
    }

    /** Sends what it receives to every other subscriber. */
    public static final class Broadcast extends Session.Listener.AbstractAutoDemanding {
        private final Set<Session> subscribers;

        Broadcast(Set<Session> subscribers) {
            this.subscribers = subscribers;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            super.onWebSocketOpen(session);
            subscribers.add(session);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            subscribers.remove(getSession());
            callback.succeed();
        }

        @Override
        public void onWebSocketText(String message) {
            Session self = getSession();
            for (Session s : subscribers) {
                if (s != self) {
                    s.sendText(message, Callback.NOOP);
                }
            }
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            ByteBuffer copy =
                    ByteBuffer.allocate(payload.remaining()).put(payload).flip();
            callback.succeed(); // Jetty may reuse payload now; the sends below complete later
            Session self = getSession();
            for (Session s : subscribers) {
                if (s != self) {
                    s.sendBinary(copy.slice(), Callback.NOOP);
                }
            }
        }
    }
}
