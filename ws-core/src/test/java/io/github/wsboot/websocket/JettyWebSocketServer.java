package io.github.wsboot.websocket;

import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import io.github.wsboot.websocket.testing.JettyServer;

/**
 * Jetty 12's own WebSocket server (core {@link WebSocketUpgradeHandler}, no servlets) on a random loopback
 * port, with an echo endpoint at "/echo": an independent peer for the Dialer. Optionally over TLS.
 */
final class JettyWebSocketServer implements AutoCloseable {

    private final Server server;
    private final int port;
    private final boolean secure;
    private final BlockingQueue<Integer> closeCodes = new LinkedBlockingQueue<>();

    private JettyWebSocketServer(SslContextFactory.Server tls) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("jetty-ws-test");
        server = new Server(threads);
        ServerConnector connector = JettyServer.loopbackConnector(server, tls);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(
                server,
                container -> container.addMapping("/echo", (request, response, callback) -> new Echo(closeCodes))));
        server.start();
        port = connector.getLocalPort();
        secure = tls != null;
    }

    static JettyWebSocketServer plain() throws Exception {
        return new JettyWebSocketServer(null);
    }

    static JettyWebSocketServer tls(SslContextFactory.Server tls) throws Exception {
        return new JettyWebSocketServer(tls);
    }

    int port() {
        return port;
    }

    String url(String host, String path) {
        return (secure ? "wss://" : "ws://") + host + ":" + port + path;
    }

    /** Close codes the endpoint saw, in order. */
    BlockingQueue<Integer> closeCodes() {
        return closeCodes;
    }

    @Override
    public void close() {
        JettyServer.stop(server);
    }

    /** Echoes text and binary messages. */
    public static final class Echo extends Session.Listener.AbstractAutoDemanding {
        private final BlockingQueue<Integer> closeCodes;

        Echo(BlockingQueue<Integer> closeCodes) {
            this.closeCodes = closeCodes;
        }

        @Override
        public void onWebSocketText(String message) {
            getSession().sendText(message, Callback.NOOP);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
            copy.put(payload).flip();
            callback.succeed();
            getSession().sendBinary(copy, Callback.NOOP);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            closeCodes.add(statusCode);
            callback.succeed();
        }
    }
}
