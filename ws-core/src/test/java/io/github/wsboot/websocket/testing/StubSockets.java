package io.github.wsboot.websocket.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The listening side of the scripted in-test servers (a WebSocket stub, a proxy stub): accepts connections on a
 * daemon thread, hands each to the server's handler on that thread, and closes them all on {@link #close()}.
 */
public final class StubSockets implements AutoCloseable {

    private final ServerSocket server;
    private final Consumer<Socket> handler;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private StubSockets(ServerSocket server, String threadName, Consumer<Socket> handler) {
        this.server = server;
        this.handler = handler;
        this.acceptor = new Thread(this::acceptLoop, threadName);
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** Starts accepting on {@code server}; {@code handler} runs on the acceptor thread for each connection. */
    public static StubSockets start(ServerSocket server, String threadName, Consumer<Socket> handler) {
        return new StubSockets(server, threadName, handler);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            accepted.add(s);
            handler.accept(s);
        }
    }

    /**
     * Stops the server: closes its listening socket, then every socket it accepted, then waits up to five
     * seconds for its acceptor thread to end.
     */
    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
