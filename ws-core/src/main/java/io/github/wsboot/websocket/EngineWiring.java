package io.github.wsboot.websocket;

import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.engine.EventEngine;
import io.github.wsboot.websocket.engine.ListenerSession;
import io.github.wsboot.websocket.transport.DeferredTransport;

/**
 * The {@link Upgrader}'s side of the event engine, kept apart from the handshake: the engine takes over what
 * the container hands over, and message listeners start on it, or on a thread of their own where the engine
 * does not drive the connection.
 */
final class EngineWiring {

    /**
     * Read buffer of a connection on the engine: its frame reader takes bytes from the engine's pipe, where a
     * large buffer would only copy them once more (payloads larger than it are read directly into the
     * message), and an idle connection would hold it.
     */
    static final int READ_BUFFER_SIZE = 256;

    private EngineWiring() {}

    /** Has the engine take over what the container hands over for {@code conn}, when it can drive it. */
    static void adopt(DeferredTransport transport, Conn conn, boolean compression, @Nullable MessageListener listener) {
        transport.adoptWith(handedOver ->
                EventEngine.shared().adopt(handedOver, conn, conn.controlFrames(), compression, listener));
    }

    /** Starts {@code listener} once the container has handed the connection over (on the container's thread). */
    static void serve(Conn conn, DeferredTransport transport, MessageListener listener, Executor executor) {
        if (!EventEngine.startListening(transport.delegate())) {
            executor.execute(() -> new ListenerSession(conn, listener).serveBlocking());
        }
    }
}
