package io.github.wsboot.websocket.transport;

import java.io.IOException;

import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.Transport;

/**
 * A transport handed over by {@link TomcatUpgradeHandler}, as the handler sees it: it forwards Tomcat's events
 * for the socket. The handler calls these methods on a Tomcat thread; none of them blocks.
 */
interface TomcatConnection extends Transport {

    /** Tomcat's poller saw the socket readable (after the transport registered read interest). */
    default void onReadable() {}

    /** Tomcat's poller saw the socket writable (after the transport registered write interest). */
    default void onWritable() {}

    /**
     * Tomcat has closed or is closing the connection (peer gone, I/O error, shutdown); {@code cause} may be
     * null. Calls blocked in the transport must fail promptly.
     */
    void onEnded(@Nullable IOException cause);

    /** Whether {@link #close()} was called or the connection ended. */
    boolean isFinished();

    /** Closes the connection; never throws. */
    @Override
    void close();

    /**
     * Has Tomcat close the connection the way it closes any connection it is done with: a {@code DISCONNECT}
     * event makes it destroy the upgrade handler, release the processor, close the socket and count the
     * connection down. The event is processed on this thread, under the wrapper's lock (which nothing holds
     * for long), unless this thread is already inside Tomcat's processing of this socket (the hand-over
     * itself, for example): then on a Tomcat thread right after that processing ends.
     */
    static void closeThroughTomcat(SocketWrapperBase<?> wrapper) {
        if (wrapper.isClosed()) {
            return;
        }
        if (wrapper.getLock().isHeldByCurrentThread()) {
            wrapper.processSocket(SocketEvent.DISCONNECT, true);
            return;
        }
        wrapper.processSocket(SocketEvent.DISCONNECT, false);
        if (!wrapper.isClosed()) {
            wrapper.close(); // Tomcat did not process the event (it is stopping): close the socket directly
        }
    }
}
