package io.github.wsboot.websocket.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;

/** What the scripted in-test servers (a WebSocket stub, a proxy stub) share about their sockets. */
public final class StubSockets {

    private StubSockets() {}

    /**
     * Stops a stub server: closes its listening socket, then every socket it accepted, then waits up to five
     * seconds for its acceptor thread to end.
     */
    public static void close(ServerSocket server, Iterable<Socket> accepted, Thread acceptor) throws IOException {
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
